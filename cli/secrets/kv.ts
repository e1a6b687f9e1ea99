// KV v2 reads and create-only writes for the secrets catalog (logical paths, mount `secret` by default).
import { VaultApiError, VaultClient } from '../../vault-api/client';

/** The current version of a secret (metadata), or undefined when the path holds no secret. */
export async function currentVersion(client: VaultClient, mount: string, logicalPath: string): Promise<number | undefined> {
  const res = await client.raw<{ data?: { current_version?: number } }>('GET', `${mount}/metadata/${logicalPath}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new VaultApiError('GET', `${mount}/metadata/${logicalPath}`, res.status, res.body.errors ?? []);
  return Number(res.body.data?.current_version ?? 0);
}

export type ReadResult = { readonly kind: 'absent' } | { readonly kind: 'data'; readonly data: Record<string, unknown> } | { readonly kind: 'error'; readonly reason: string };

/** Reads the latest version's data; a deleted latest version counts as absent. */
export async function readSecret(client: VaultClient, mount: string, logicalPath: string): Promise<ReadResult> {
  const res = await client.raw<{ data?: { data?: Record<string, unknown> | null } }>('GET', `${mount}/data/${logicalPath}`);
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
