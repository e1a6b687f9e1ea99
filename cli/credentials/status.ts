// `credentials status`: per role, the live secret ID accessors with creation and expiry, and a
// warning for each that expires within the warning window (phase 1 secret IDs live 7 days). With
// the services' credentials directories (--out-dir) it also tells which directory holds which
// secret ID, and warns about live secret IDs no directory holds (an interrupted rotation once left
// a role with 4) and directories whose secret ID is gone. Without directories, a role with more
// than one live secret ID is a warning.
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { formatSeconds } from '../../model/duration';
import { CliIo } from '../io';
import { readSecretFile } from '../secret-files';
import { renderTable } from '../table';
import { accessorOfSecretId, listRoles, listSecretIds, SecretIdInfo } from './approle-api';
import { HeldCredentials, requireCredentialsDir, SECRET_ID_FILE } from './credential-files';
import { roleIdsByRole, roleOfDir } from './directory-role';
import { readPendingRotation, ROTATION_STATE_FILE } from './rotation-state';

export interface StatusOptions {
  /** @default every role on the mount */
  readonly roles?: readonly string[];
  readonly warnBeforeSeconds: number;
  /** The credentials directories in use (`credentials issue --out-dir`). @default none */
  readonly outDirs?: readonly string[];
  /** @default Date.now() */
  readonly now?: number;
}

export interface StatusRow extends SecretIdInfo {
  readonly role: string;
  /** Seconds until expiry; undefined when it never expires. */
  readonly remainingSeconds?: number;
  readonly warning?: string;
  /** The given directories that hold this secret ID. */
  readonly heldIn: string[];
}

export interface StatusResult {
  readonly rows: StatusRow[];
  readonly rolesWithoutSecretIds: string[];
  /** Secret IDs that expire within the window or never. */
  readonly expiryWarnings: number;
  /** Surplus secret IDs, directories whose secret ID is gone, pending rotations, unknown directories. */
  readonly findings: string[];
  readonly warnings: number;
  /** Directories were given: the table has a HELD IN column. */
  readonly showHeld: boolean;
}

function neverExpires(expiration: string): boolean {
  return expiration === '' || expiration.startsWith('0001-01-01');
}

interface HeldDir extends HeldCredentials {
  readonly role?: string;
  /** The accessor file's value, or the accessor the server gives for the (unwrapped) secret_id file. */
  readonly heldAccessor?: string;
}

async function readHeldDirs(client: VaultClient, dirs: readonly string[], findings: string[]): Promise<HeldDir[]> {
  if (dirs.length === 0) return [];
  const ids = await roleIdsByRole(client);
  const held: HeldDir[] = [];
  for (const dir of dirs) {
    const h = requireCredentialsDir('--out-dir', dir);
    const role = roleOfDir(h, ids);
    if (!role) {
      findings.push(`--out-dir ${dir}: ${h.roleId ? 'its role_id is the role ID of no role on the server' : 'holds no role_id file'}`);
      continue;
    }
    let heldAccessor = h.accessor;
    if (!heldAccessor && h.hasSecretId) heldAccessor = await accessorOfSecretId(client, role, readSecretFile('--out-dir', path.join(dir, SECRET_ID_FILE)));
    const pending = readPendingRotation('--out-dir', dir);
    if (pending) findings.push(`${role}: a rotation started ${pending.startedAt} is pending in ${path.join(dir, ROTATION_STATE_FILE)}: run \`credentials rotate --role ${role} --out-dir ${dir}\` again to finish it`);
    held.push({ ...h, role, heldAccessor });
  }
  return held;
}

export async function readStatus(client: VaultClient, opts: StatusOptions): Promise<StatusResult> {
  const now = opts.now ?? Date.now();
  const roles = opts.roles && opts.roles.length > 0 ? [...opts.roles] : await listRoles(client);
  const findings: string[] = [];
  const heldDirs = await readHeldDirs(client, opts.outDirs ?? [], findings);
  const rows: StatusRow[] = [];
  const rolesWithoutSecretIds: string[] = [];
  for (const role of roles.sort()) {
    const infos = await listSecretIds(client, role);
    if (infos.length === 0) rolesWithoutSecretIds.push(role);
    const dirs = heldDirs.filter((d) => d.role === role);
    for (const info of infos) {
      const heldIn = dirs.filter((d) => d.heldAccessor === info.accessor).map((d) => d.dir);
      if (neverExpires(info.expirationTime)) {
        rows.push({ ...info, role, heldIn, warning: 'never expires (phase 1 expects a 7-day TTL)' });
        continue;
      }
      const remainingSeconds = Math.floor((Date.parse(info.expirationTime) - now) / 1000);
      const warning = remainingSeconds <= opts.warnBeforeSeconds ? `expires in ${formatSeconds(remainingSeconds)}: rotate now` : undefined;
      rows.push({ ...info, role, heldIn, remainingSeconds, warning });
    }
    const live = new Set(infos.map((i) => i.accessor));
    if (dirs.length > 0) {
      for (const info of infos.filter((i) => !dirs.some((d) => d.heldAccessor === i.accessor))) {
        findings.push(`${role}: accessor ${info.accessor} is live but held in no --out-dir given (left by an interrupted rotation or an extra issue?); once nothing uses it: \`credentials destroy --role ${role} --accessor ${info.accessor}\``);
      }
      for (const d of dirs.filter((x) => x.heldAccessor && !live.has(x.heldAccessor))) {
        findings.push(`${role}: ${d.dir} holds accessor ${d.heldAccessor}, which is not live (expired or destroyed): the service cannot log in with it; run \`credentials rotate\``);
      }
    } else if (infos.length > 1) {
      findings.push(`${role}: ${infos.length} live secret IDs (${infos.map((i) => i.accessor).join(', ')}); a service holds one: pass the credentials directories with --out-dir to see which are unused`);
    }
  }
  const expiryWarnings = rows.filter((r) => r.warning).length;
  return { rows, rolesWithoutSecretIds, expiryWarnings, findings, warnings: expiryWarnings + findings.length, showHeld: heldDirs.length > 0 || (opts.outDirs ?? []).length > 0 };
}

export function printStatus(io: CliIo, result: StatusResult): void {
  const headers = ['ROLE', 'ACCESSOR', 'CREATED', 'EXPIRES', 'STATUS', ...(result.showHeld ? ['HELD IN'] : [])];
  io.out(renderTable(
    headers,
    result.rows.map((r) => [
      r.role,
      r.accessor,
      r.creationTime,
      neverExpires(r.expirationTime) ? 'never' : r.expirationTime,
      r.warning ? `WARN ${r.warning}` : `ok (${formatSeconds(r.remainingSeconds ?? 0)} left)`,
      ...(result.showHeld ? [r.heldIn.join(', ') || '-'] : []),
    ]),
  ));
  for (const role of result.rolesWithoutSecretIds) io.out(`${role}: no live secret ID`);
  for (const finding of result.findings) io.out(`WARN ${finding}`);
  if (result.expiryWarnings > 0) io.err(`${result.expiryWarnings} secret ID(s) need rotation`);
  if (result.findings.length > 0) io.err(`${result.findings.length} warning(s) about live secret IDs and credentials directories`);
}
