// Seal state and unsealing through the API (sys/seal-status, sys/unseal, sys/health).
import { VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';

export interface SealStatus {
  readonly initialized: boolean;
  readonly sealed: boolean;
  /** Threshold: shares needed. */
  readonly t: number;
  /** Total shares. */
  readonly n: number;
  /** Shares entered so far. */
  readonly progress: number;
}

export async function readSealStatus(client: VaultClient): Promise<SealStatus> {
  return client.get<SealStatus>('sys/seal-status', { token: null }) as Promise<SealStatus>;
}

/** Submits one share; returns the new state. A bad share is reported without repeating it. */
export async function submitShare(client: VaultClient, share: string): Promise<SealStatus> {
  const res = await client.raw<SealStatus>('PUT', 'sys/unseal', { body: { key: share }, token: null });
  if (res.status !== 200) {
    const why = (res.body.errors ?? []).join('; ') || `HTTP ${res.status}`;
    throw new CliError(`the server rejected the unseal share (${why})`);
  }
  return res.body as SealStatus;
}

/** Discards the shares entered so far. */
export async function resetUnseal(client: VaultClient): Promise<SealStatus> {
  return client.put<SealStatus>('sys/unseal', { reset: true }, { token: null }) as Promise<SealStatus>;
}

/** Waits until the node is unsealed and active (sys/health 200), e.g. after raft elects itself leader. */
export async function waitUntilActive(client: VaultClient, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      last = (await client.raw('GET', 'sys/health', { token: null })).status;
      if (last === 200) return;
    } catch {
      // not answering yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new CliError(`the server did not become active within ${Math.round(timeoutMs / 1000)}s (last sys/health status ${last})`);
}
