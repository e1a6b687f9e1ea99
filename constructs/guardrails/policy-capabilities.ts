// HC-POLICY-1: every policy parses as the server reads it and uses only the capabilities both
// Vault and OpenBao accept.
import { isPortableCapability, PORTABLE_CAPABILITIES } from '../../model/capabilities';
import { PolicyParseError } from '../../model/policy-parser';
import { Guardrail, Violation } from './guardrail';
import { synthesizedPolicy } from './policy-text';

export const portableCapabilities: Guardrail = {
  id: 'HC-POLICY-1',
  level: 'error',
  description: `Policies parse as the server reads them and use only the portable capabilities (${PORTABLE_CAPABILITIES.join(', ')})`,
  check(node, ctx) {
    let policy;
    try {
      policy = synthesizedPolicy(node, ctx);
    } catch (e) {
      if (e instanceof PolicyParseError) return [{ field: 'policy', value: e.policy, message: `does not parse as the server reads policies: ${e.detail}` }];
      throw e;
    }
    const out: Violation[] = [];
    for (const rule of policy?.rules ?? []) {
      // Every capability named, even beside a deny (the server validates them all).
      for (const cap of [...new Set(rule.namedCapabilities)].filter((c) => !isPortableCapability(c))) {
        out.push({ field: `path "${rule.pattern}".capabilities`, value: cap, message: `is not portable (Vault rejects it, or OpenBao does); use one of ${PORTABLE_CAPABILITIES.join(', ')}` });
      }
    }
    return out;
  },
};
