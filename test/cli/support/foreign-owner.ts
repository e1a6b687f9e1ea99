// A directory another user owns, for the ownership checks, whoever runs the tests: as root the
// directory is given to uid 65534; otherwise the check runs for another uid than the owner's.
import * as fs from 'node:fs';
import { Identity } from '../../../cli/private-path';

/** Makes `dir` foreign to the returned identity (pass it to the check). */
export function foreignTo(dir: string): Identity {
  const uid = process.getuid!();
  if (uid === 0) {
    fs.chownSync(dir, 65534, 65534);
    return { uid: 0 };
  }
  return { uid: uid + 1 };
}
