// HC-CIDR-1: every CIDR an AppRole is bound to is a CIDR block as model/cidr.ts reads it (no host
// bits, no zone index).
import { parseCidr } from '../../model/cidr';
import { bindingFields } from './approle-bindings';
import { Guardrail, Violation } from './guardrail';

export const cidrParses: Guardrail = {
  id: 'HC-CIDR-1',
  level: 'error',
  description: 'Every CIDR an AppRole is bound to is a valid block (no host bits, no zone index)',
  check(node) {
    const out: Violation[] = [];
    for (const { field, cidrs } of bindingFields(node)) {
      (cidrs ?? []).forEach((value, i) => {
        const { problem } = parseCidr(value);
        if (problem) out.push({ field: `${field}[${i}]`, value, message: `does not parse as a CIDR: it ${problem}` });
      });
    }
    return out;
  },
};
