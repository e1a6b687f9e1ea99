// `--cidr` values, read with the one CIDR parser (model/cidr.ts): a bare address is one host and is
// sent as /32 or /128, which the server requires for a secret ID's cidr_list.
import { parseCidr } from '../model/cidr';
import { CliError } from './errors';

/** The block in CIDR notation, or a usage error naming the flag and the value. */
export function cidrFlag(flag: string, text: string): string {
  const r = parseCidr(text);
  if (!r.cidr) throw new CliError(`${flag}: "${text}" is not a CIDR block: it ${r.problem}`, 2);
  return r.cidr.text;
}
