// The flags of the secrets commands that carry numbers: key size, grace period, version. Each is
// parsed strictly and bounded before anything connects.
import { MAX_RSA_BITS, MIN_RSA_BITS } from '../../secrets-catalog/rsa-keypair';
import { MAX_PREVIOUS_KEY_GRACE_SECONDS, SIGNED_TOKEN_MAX_LIFETIME_SECONDS } from '../../secrets-catalog/previous-key';
import { durationFlag } from '../duration-flag';
import { CliError } from '../errors';
import { integerFlag } from '../integer-flag';

/** `--rsa-bits`: an integer from 2048 to 8192. */
export function rsaBitsFlag(text: string): number {
  return integerFlag('--rsa-bits', text, { min: MIN_RSA_BITS, max: MAX_RSA_BITS });
}

/** `--grace`: a duration from 0 to 25 h (the longest token lifetime plus a margin); seconds. */
export function graceFlag(text: string): number {
  const seconds = durationFlag('--grace', text);
  const max = `${MAX_PREVIOUS_KEY_GRACE_SECONDS / 3600}h`;
  if (seconds > MAX_PREVIOUS_KEY_GRACE_SECONDS) {
    throw new CliError(
      `--grace: "${text}" is longer than ${max}, the longest a token signed with the replaced key lives (${SIGNED_TOKEN_MAX_LIFETIME_SECONDS / 3600}h) plus a margin; expected a duration from 0 to ${max}`,
      2,
    );
  }
  return seconds;
}

/** `--to`: a version number (1 or more). */
export function versionFlag(text: string): number {
  return integerFlag('--to', text, { min: 1, max: Number.MAX_SAFE_INTEGER });
}
