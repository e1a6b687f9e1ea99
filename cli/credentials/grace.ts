// The grace period of `credentials rotate`: how long the old and the new secret ID are both live so
// the service can pick up the new one. Bounded: a grace the timer cannot hold fired at once (25d
// destroyed the old secret ID immediately), and a grace as long as the secret ID TTL means the new
// secret ID expires before the old one is destroyed.
import { formatSeconds } from '../../model/duration';
import { CliError } from '../errors';

/** The longest grace period: a service that has not re-read its files within a day is broken anyway. */
export const MAX_GRACE_SECONDS = 24 * 3600;

/** Refuses a grace above {@link MAX_GRACE_SECONDS} or not shorter than the role's secret_id_ttl (0 = no expiry). */
export function checkGrace(graceSeconds: number, role: string, secretIdTtlSeconds: number): void {
  if (graceSeconds > MAX_GRACE_SECONDS) {
    throw new CliError(`--grace: ${formatSeconds(graceSeconds)} is longer than the bound of ${MAX_GRACE_SECONDS / 3600}h; expected at most ${MAX_GRACE_SECONDS / 3600}h (long enough for the service to re-read its files, e.g. 30s or 5m)`, 2);
  }
  if (secretIdTtlSeconds > 0 && graceSeconds >= secretIdTtlSeconds) {
    throw new CliError(
      `--grace: ${formatSeconds(graceSeconds)} is not shorter than the secret_id_ttl of ${role} (${formatSeconds(secretIdTtlSeconds)}): the new secret ID would expire before the old one is destroyed; expected less than ${formatSeconds(secretIdTtlSeconds)}`,
      2,
    );
  }
}
