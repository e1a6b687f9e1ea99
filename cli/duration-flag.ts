// Duration flags (`--grace 30s`, `--wrap-ttl 60s`), read with the one duration parser
// (model/duration.ts); a bad value is a usage error naming the flag.
import { DurationError, parseDurationSeconds } from '../model/duration';
import { CliError } from './errors';

/** Seconds of a duration flag; `flag` names the option in the error. */
export function durationFlag(flag: string, text: string): number {
  try {
    return parseDurationSeconds(text);
  } catch (e) {
    if (e instanceof DurationError) throw new CliError(`${flag}: ${e.message}`, 2);
    throw e;
  }
}
