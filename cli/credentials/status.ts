// `credentials status`: per role, the live secret ID accessors with creation and expiry, and a
// warning for each that expires within the warning window (phase 1 secret IDs live 7 days).
import { VaultClient } from '../../vault-api/client';
import { formatSeconds } from '../../model/duration';
import { CliIo } from '../io';
import { renderTable } from '../table';
import { listRoles, listSecretIds, SecretIdInfo } from './approle-api';

export interface StatusOptions {
  /** @default every role on the mount */
  readonly roles?: readonly string[];
  readonly warnBeforeSeconds: number;
  /** @default Date.now() */
  readonly now?: number;
}

export interface StatusRow extends SecretIdInfo {
  readonly role: string;
  /** Seconds until expiry; undefined when it never expires. */
  readonly remainingSeconds?: number;
  readonly warning?: string;
}

export interface StatusResult {
  readonly rows: StatusRow[];
  readonly rolesWithoutSecretIds: string[];
  readonly warnings: number;
}

function neverExpires(expiration: string): boolean {
  return expiration === '' || expiration.startsWith('0001-01-01');
}

export async function readStatus(client: VaultClient, opts: StatusOptions): Promise<StatusResult> {
  const now = opts.now ?? Date.now();
  const roles = opts.roles && opts.roles.length > 0 ? [...opts.roles] : await listRoles(client);
  const rows: StatusRow[] = [];
  const rolesWithoutSecretIds: string[] = [];
  for (const role of roles.sort()) {
    const infos = await listSecretIds(client, role);
    if (infos.length === 0) rolesWithoutSecretIds.push(role);
    for (const info of infos) {
      if (neverExpires(info.expirationTime)) {
        rows.push({ ...info, role, warning: 'never expires (phase 1 expects a 7-day TTL)' });
        continue;
      }
      const remainingSeconds = Math.floor((Date.parse(info.expirationTime) - now) / 1000);
      const warning = remainingSeconds <= opts.warnBeforeSeconds ? `expires in ${formatSeconds(remainingSeconds)}: rotate now` : undefined;
      rows.push({ ...info, role, remainingSeconds, warning });
    }
  }
  return { rows, rolesWithoutSecretIds, warnings: rows.filter((r) => r.warning).length };
}

export function printStatus(io: CliIo, result: StatusResult): void {
  io.out(renderTable(
    ['ROLE', 'ACCESSOR', 'CREATED', 'EXPIRES', 'STATUS'],
    result.rows.map((r) => [r.role, r.accessor, r.creationTime, neverExpires(r.expirationTime) ? 'never' : r.expirationTime, r.warning ? `WARN ${r.warning}` : `ok (${formatSeconds(r.remainingSeconds ?? 0)} left)`]),
  ));
  for (const role of result.rolesWithoutSecretIds) io.out(`${role}: no live secret ID`);
  if (result.warnings > 0) io.err(`${result.warnings} secret ID(s) need rotation`);
}
