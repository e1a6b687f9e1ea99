// HC-CIDR-1, HC-CIDR-2, HC-CIDR-3: every AppRole is bound to real, closed CIDRs.
import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { isOpenCidr, parseCidr } from '../cidr';
import { allNodes, Guardrail, Violation } from './guardrail';

const FIELDS = [
  ['secret_id_bound_cidrs', (r: ApproleAuthBackendRole) => r.secretIdBoundCidrsInput],
  ['token_bound_cidrs', (r: ApproleAuthBackendRole) => r.tokenBoundCidrsInput],
] as const;

function eachRoleCidrField(nodes: ReturnType<typeof allNodes>, visit: (role: ApproleAuthBackendRole, field: string, cidrs: string[] | undefined) => void) {
  for (const node of nodes) {
    if (!(node instanceof ApproleAuthBackendRole)) continue;
    for (const [field, read] of FIELDS) visit(node, field, read(node));
  }
}

export const cidrParses: Guardrail = {
  id: 'HC-CIDR-1',
  description: 'Every CIDR an AppRole is bound to parses as an IPv4 or IPv6 CIDR',
  check({ stack }) {
    const out: Violation[] = [];
    eachRoleCidrField(allNodes(stack), (role, field, cidrs) => {
      (cidrs ?? []).forEach((c, i) => {
        if (!parseCidr(c)) {
          out.push({ construct: role, field: `${field}[${i}]`, value: c, message: 'does not parse as a CIDR; write an address with a prefix length such as 10.0.1.5/32 or 2001:db8::/64' });
        }
      });
    });
    return out;
  },
};

export const noOpenCidr: Guardrail = {
  id: 'HC-CIDR-2',
  description: 'No AppRole is bound to an open CIDR (0.0.0.0/0, ::/0)',
  check({ stack }) {
    const out: Violation[] = [];
    eachRoleCidrField(allNodes(stack), (role, field, cidrs) => {
      (cidrs ?? []).forEach((c, i) => {
        if (isOpenCidr(c)) {
          out.push({ construct: role, field: `${field}[${i}]`, value: c, message: "admits every address; bind the role to the CIDRs of the servers that use it" });
        }
      });
    });
    return out;
  },
};

export const bindingRequiredInProduction: Guardrail = {
  id: 'HC-CIDR-3',
  description: 'In production every AppRole has secret_id_bound_cidrs and token_bound_cidrs',
  check({ stack, production }) {
    const out: Violation[] = [];
    if (!production) return out;
    eachRoleCidrField(allNodes(stack), (role, field, cidrs) => {
      if (!cidrs || cidrs.length === 0) {
        out.push({ construct: role, field, value: cidrs ?? null, message: 'is missing in production; bind the role to the CIDRs of the servers that use it' });
      }
    });
    return out;
  },
};
