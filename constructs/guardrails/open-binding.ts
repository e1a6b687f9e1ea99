// HC-CIDR-2: no AppRole binding admits every address, by one block (0.0.0.0/0, ::/0,
// ::ffff:0:0/96) or by a union (0.0.0.0/1 with 128.0.0.0/1).
import { familiesAdmittingEveryone, parseCidrList } from '../../model/cidr';
import { bindingFields } from './approle-bindings';
import { Guardrail, Violation } from './guardrail';

export const openBinding: Guardrail = {
  id: 'HC-CIDR-2',
  level: 'error',
  description: 'No AppRole binding admits every address, by one block or by the union of several',
  check(node) {
    const out: Violation[] = [];
    for (const { field, cidrs } of bindingFields(node)) {
      const open = familiesAdmittingEveryone(parseCidrList(cidrs ?? []).cidrs);
      if (open.length > 0) {
        out.push({ field, value: cidrs, message: `admits every ${open.map((f) => `IPv${f}`).join(' and ')} address; bind the role to the CIDRs of the servers that use it` });
      }
    }
    return out;
  },
};
