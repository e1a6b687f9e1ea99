// File system failures told in words, with the flag they came from: the operator reads
// `--out-dir: cannot write "/x/secret_id": it is a directory`, never Node's "EISDIR: illegal operation".
import { CliError } from './errors';
import { fsReason } from './errno-reasons';

export { fsReason } from './errno-reasons';

/** A CliError naming the flag, what was attempted on which file, the reason and what is expected. */
export function fsError(flag: string, action: string, file: string, e: unknown, expected: string, exitCode = 2): CliError {
  return new CliError(`${flag}: cannot ${action} "${file}": ${fsReason(e)}; expected ${expected}`, exitCode);
}
