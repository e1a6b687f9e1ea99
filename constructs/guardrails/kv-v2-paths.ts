// HC-POLICY-4: rules under a KV v2 mount name the API prefix (data/, metadata/, ...).
import { TerraformStack } from 'cdktf';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { KV_V2_API_PREFIXES, kvV2PrefixOf } from '../../model/kv-v2';
import { trimSlashes } from '../../model/mount-paths';
import { Guardrail, oncePerRun, resolved } from './guardrail';
import { synthesizedPolicy } from './policy-text';

/** Paths of KV version 2 mounts (`type = "kv"` with `options.version = "2"`, or `type = "kv-v2"`). */
export function kvV2MountPaths(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .filter((n): n is Mount => n instanceof Mount)
    .filter((m) => m.typeInput === 'kv-v2' || (m.typeInput === 'kv' && (m.optionsInput as Record<string, string> | undefined)?.version === '2'))
    .map((m) => trimSlashes(resolved(stack, m.pathInput)));
}

export const kvV2ApiPrefix: Guardrail = {
  id: 'HC-POLICY-4',
  level: 'error',
  description: `Rules under a KV v2 mount start with one of its API prefixes (${KV_V2_API_PREFIXES.map((p) => `${p}/`).join(', ')})`,
  check(node, ctx) {
    const policy = synthesizedPolicy(node, ctx);
    if (!policy) return [];
    const kvMounts = oncePerRun(ctx, 'kv-v2-mounts', () => kvV2MountPaths(ctx.stack));
    return policy.rules.flatMap((rule) => {
      const mount = kvMounts.find((m) => rule.pattern.startsWith(`${m}/`));
      if (!mount || kvV2PrefixOf(mount, rule.pattern)) return [];
      return [{
        field: 'path',
        value: rule.pattern,
        message: `is under the KV v2 mount ${mount}/ but misses the data/ or metadata/ prefix, so it matches no secret; write ${mount}/data/<path> for values and ${mount}/metadata/<path> for listing (kv.grantRead does this)`,
      }];
    });
  },
};
