// KV v2 reads and check-and-set writes for the secrets catalog (logical paths, mount `secret` by default).
import { VaultApiError, VaultClient } from '../../vault-api/client';

/** The current version of a secret (metadata), or undefined when the path holds no secret. */
export async function currentVersion(client: VaultClient, mount: string, logicalPath: string): Promise<number | undefined> {
  return (await readMetadata(client, mount, logicalPath))?.currentVersion;
}

/** One version the server keeps (metadata only: no value). */
export interface VersionInfo {
  readonly version: number;
  readonly createdTime: string;
  /** Set when the version is deleted (soft: `undelete` brings it back). */
  readonly deletionTime?: string;
  /** The data is gone for good. */
  readonly destroyed: boolean;
}

/** A secret's KV v2 metadata: its versions, oldest first. */
export interface SecretMetadata {
  readonly currentVersion: number;
  /** The secret's own limit; 0 = the mount's (`secret/config` max_versions). */
  readonly maxVersions: number;
  readonly versions: readonly VersionInfo[];
}

interface RawMetadata {
  current_version?: number;
  max_versions?: number;
  versions?: Record<string, { created_time?: string; deletion_time?: string; destroyed?: boolean }>;
}

/** The metadata of a secret, or undefined when the path holds no secret. */
export async function readMetadata(client: VaultClient, mount: string, logicalPath: string): Promise<SecretMetadata | undefined> {
  const res = await client.raw<{ data?: RawMetadata }>('GET', `${mount}/metadata/${logicalPath}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new VaultApiError('GET', `${mount}/metadata/${logicalPath}`, res.status, res.body.errors ?? []);
  const raw = (res.body.data ?? {}) as RawMetadata;
  const versions = Object.entries(raw.versions ?? {})
    .map(([v, m]): VersionInfo => ({ version: Number(v), createdTime: String(m.created_time ?? ''), ...(m.deletion_time ? { deletionTime: m.deletion_time } : {}), destroyed: m.destroyed === true }))
    .sort((a, b) => a.version - b.version);
  return { currentVersion: Number(raw.current_version ?? 0), maxVersions: Number(raw.max_versions ?? 0), versions };
}

/** KV v2 keeps this many versions when neither the secret nor the mount sets max_versions. */
export const KV_DEFAULT_MAX_VERSIONS = 10;

/** The mount's max_versions (`<mount>/config`; 0 = the default), or undefined when it cannot be read. */
export async function readMountMaxVersions(client: VaultClient, mount: string): Promise<number | undefined> {
  const res = await client.raw<{ data?: { max_versions?: number } }>('GET', `${mount}/config`);
  return res.status === 200 ? Number(res.body.data?.max_versions ?? 0) : undefined;
}

export type ReadResult = { readonly kind: 'absent' } | { readonly kind: 'data'; readonly data: Record<string, unknown> } | { readonly kind: 'error'; readonly reason: string };

/** Reads the latest version's data (or `version`); a deleted or destroyed version counts as absent. */
export async function readSecret(client: VaultClient, mount: string, logicalPath: string, version?: number): Promise<ReadResult> {
  const res = await client.raw<{ data?: { data?: Record<string, unknown> | null } }>('GET', `${mount}/data/${logicalPath}`, version === undefined ? {} : { query: { version: String(version) } });
  if (res.status === 404) return { kind: 'absent' };
  if (res.status !== 200) {
    return { kind: 'error', reason: res.status === 403 ? 'permission denied reading the secret' : `HTTP ${res.status}: ${(res.body.errors ?? []).join('; ')}` };
  }
  const data = res.body.data?.data;
  return data ? { kind: 'data', data } : { kind: 'absent' };
}

/**
 * Writes a secret with check-and-set: `cas` 0 creates only (fails if the secret exists), a version
 * number replaces exactly that version.
 */
export async function writeSecret(client: VaultClient, mount: string, logicalPath: string, data: Record<string, unknown>, cas: number): Promise<number> {
  const res = await client.post<{ data?: { version?: number } }>(`${mount}/data/${logicalPath}`, { options: { cas }, data });
  return Number(res.data?.version ?? 0);
}

/** The server refused a write because the secret is no longer at the version given as `cas` (someone wrote meanwhile). */
export function isCasMismatch(e: unknown): boolean {
  return e instanceof VaultApiError && e.status === 400 && e.errors.some((m) => m.includes('check-and-set parameter did not match'));
}
