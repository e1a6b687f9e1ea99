// Tells an invalid or expired token apart from a valid one that lacks permissions, before a
// command reads anything: without this, `secrets check` with a stale token reported every field
// of every secret as "permission denied" (missing). The server answers both with HTTP 403; what
// differs is the error (seen on OpenBao 2.7.2, test/e2e/secrets-seed.test.ts): the token store
// rejects an unknown or expired token with the bare `permission denied` (Vault adds `invalid
// token`), while an ACL refusal of a valid token is a multi-error (`1 error occurred: * permission denied`).
import { VaultApiError, VaultClient } from '../vault-api/client';
import { Connection } from './connection';
import { CliError } from './errors';

/** Whether a 403's errors say the token itself is unknown or expired (not merely without permission). */
export function isInvalidTokenAnswer(errors: readonly string[]): boolean {
  if (errors.some((e) => /invalid token/i.test(e))) return true;
  return errors.length > 0 && errors.every((e) => e.trim() === 'permission denied');
}

/**
 * Throws a CliError naming where the token came from when the server does not know it (invalid or
 * expired). A token from an AppRole login (--approle-dir) is fresh and not looked up again.
 */
export async function requireValidToken(client: VaultClient, conn: Connection): Promise<void> {
  if (conn.auth.kind !== 'token') return;
  const res = await client.raw('GET', 'auth/token/lookup-self');
  if (res.status === 200) return;
  const errors = res.body.errors ?? [];
  if (res.status === 403 && isInvalidTokenAnswer(errors)) {
    throw new CliError(
      `${conn.auth.source}: the token is invalid or expired: log in again (\`npm run ops -- login --approle-dir <dir> --token-out <file>\`, then --token-file <file>) or pass --approle-dir <dir>`,
      2,
    );
  }
  // 403 of a valid token without lookup-self in its policies: the command's own requests say what is denied.
  if (res.status !== 403) throw new VaultApiError('GET', 'auth/token/lookup-self', res.status, errors);
}
