// Certificate lifetimes. openssl issues for whole days (-days), so a lifetime is a duration
// (model/duration.ts) that is a whole number of days.
import { formatSeconds } from '../../model/duration';
import { durationFlag } from '../duration-flag';
import { CliError } from '../errors';

const DAY = 86_400;

/** About 5 years (365 * 5 + 1 leap day). */
export const DEFAULT_CA_LIFETIME = '1826d';
/** 397 days: the longest server certificate lifetime browsers and Apple platforms accept (CA/B Forum). */
export const DEFAULT_SERVER_LIFETIME = '397d';

/** Parses a lifetime flag (e.g. `397d`, `8760h`) into whole days; `flag` names the option in the error. */
export function parseLifetimeDays(flag: string, text: string): number {
  const seconds = durationFlag(flag, text);
  if (seconds < DAY || seconds % DAY !== 0) {
    throw new CliError(`${flag}: "${text}" (${formatSeconds(seconds)}) is not a whole number of days; certificates are issued for whole days, at least 1d (e.g. 397d, 8760h)`, 2);
  }
  return seconds / DAY;
}
