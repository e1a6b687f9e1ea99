// The admin role's CIDR bindings, read as the server reads them (model/cidr.ts: a bare address is
// one host), checked against the address this host connects from. A binding that leaves this host
// out would let the ceremony initialize the server and then fail at the admin login check.
import { cidrAdmits, parseCidrList } from '../../model/cidr';
import { bootstrapService } from '../../services/catalog';
import { CliError } from '../errors';
import { BootstrapObjects } from './declared-objects';

const BINDINGS = ['secret_id_bound_cidrs', 'token_bound_cidrs'] as const;

/**
 * Throws unless every CIDR of the admin role's bindings is valid and each binding admits `source`;
 * returns the secret ID binding as written. `server` names the server in the message.
 */
export function checkAdminBinding(role: BootstrapObjects['adminRole'], source: string, server: string): string[] {
  const variable = bootstrapService().cidrVariable;
  for (const field of BINDINGS) {
    const raw = role.body[field];
    if (raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    const { cidrs, problems } = parseCidrList(values);
    if (problems.length > 0) {
      const p = problems[0];
      throw new CliError(`--config-json: the ${role.roleName} role's ${field}[${p.index}] = "${p.value}" is not a CIDR block: it ${p.problem}; fix ${variable} and synth again`, 2);
    }
    if (cidrs.length > 0 && !cidrs.some((c) => cidrAdmits(c, source))) {
      throw new CliError(
        `--config-json: the ${role.roleName} role's ${field} (${values.join(', ')}) does not admit ${source}, the address this host connects to ${server} from: ` +
          `the admin login check (step 9) would fail after the server is initialized. Run bootstrap from a host inside the binding, or add ${source} to ${variable} and synth again`,
        2,
      );
    }
  }
  return ((role.body.secret_id_bound_cidrs as string[] | undefined) ?? []).map(String);
}
