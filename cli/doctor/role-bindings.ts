// Can each role of the service registry be used from the host doctor checks for? A login is
// refused unless secret_id_bound_cidrs admits the source address, and every request with the token
// unless token_bound_cidrs does: both must include the host.
import { cidrAdmits, parseCidr } from '../../model/cidr';
import { SERVICES } from '../../services/registry';
import { ServiceDefinition } from '../../services/service-definition';
import { APPROLE_MOUNT_PATH, findRoleSettings, RoleSettings } from '../credentials/approle-api';
import { CheckRow, DoctorCheck, REAPPLY, row, ServerContext } from './check';

const CHECK = 'role-binding';

// field, server name, what an exclusion means, what an empty binding means
const BINDINGS = [
  ['secretIdBoundCidrs', 'secret_id_bound_cidrs', 'a login from there is refused', 'logins are allowed from anywhere'],
  ['tokenBoundCidrs', 'token_bound_cidrs', 'its tokens are refused there', 'its tokens work from anywhere'],
] as const;

/** The rows of one role: missing, or one row per binding saying whether it admits `host`. */
export function evaluateRoleBinding(service: Pick<ServiceDefinition, 'roleName' | 'cidrVariable'>, settings: RoleSettings | undefined, host: string): CheckRow[] {
  const role = service.roleName;
  if (!settings) return [row.fail(CHECK, role, `no role ${role} on ${APPROLE_MOUNT_PATH}`, REAPPLY)];
  const hostBlock = parseCidr(host).cidr?.text ?? host;
  const setting = `set ${service.cidrVariable} to include ${hostBlock}, npm run synth, then ${REAPPLY}`;
  return BINDINGS.map(([field, name, excluded, open]) => {
    const cidrs = settings[field];
    const subject = `${role} ${name}`;
    if (cidrs.length === 0) return row.warn(CHECK, subject, `empty: ${open}`, setting);
    const blocks = cidrs.map((c) => parseCidr(c).cidr);
    const admitted = blocks.some((b) => b !== undefined && cidrAdmits(b, host));
    return admitted
      ? row.ok(CHECK, subject, `${cidrs.join(', ')} admits ${host}`)
      : row.fail(CHECK, subject, `${cidrs.join(', ')} excludes ${host}: ${excluded}`, setting);
  });
}

export const roleBindingsCheck: DoctorCheck = {
  id: CHECK,
  title: 'AppRole roles and their CIDR bindings',
  needs: 'token',
  async run(ctx: ServerContext) {
    const rows: CheckRow[] = [];
    for (const service of SERVICES) rows.push(...evaluateRoleBinding(service, await findRoleSettings(ctx.client, service.roleName), ctx.host));
    return rows;
  },
};
