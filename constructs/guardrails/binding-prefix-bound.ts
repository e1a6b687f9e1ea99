// HC-CIDR-4: in production a binding is no broader than the environment's prefix bounds (default
// IPv4 /16, IPv6 /48); a broader one needs a suppression with a written reason.
import { isBroaderThan, parseCidr } from '../../model/cidr';
import { bindingFields } from './approle-bindings';
import { Guardrail, Violation } from './guardrail';

export const bindingPrefixBound: Guardrail = {
  id: 'HC-CIDR-4',
  level: 'error',
  description: 'In production no AppRole binding is broader than the prefix bounds of the environment (default /16 IPv4, /48 IPv6)',
  check(node, { production, cidrPrefixBounds }) {
    if (!production) return [];
    const out: Violation[] = [];
    for (const { field, cidrs } of bindingFields(node)) {
      (cidrs ?? []).forEach((value, i) => {
        const cidr = parseCidr(value).cidr;
        if (cidr && isBroaderThan(cidr, cidrPrefixBounds)) {
          const bound = cidr.family === 4 ? cidrPrefixBounds.ipv4 : cidrPrefixBounds.ipv6;
          out.push({ field: `${field}[${i}]`, value, message: `is broader than /${bound}, the IPv${cidr.family} bound of production; narrow it to the servers that use the role, or suppress HC-CIDR-4 on the role with a written reason` });
        }
      });
    }
    return out;
  },
};
