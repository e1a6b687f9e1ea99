// A bounded KV v2 writer for failover proofs: writes new keys one after another, each with
// check-and-set 0 (create only), so a write retried after a failure can never overwrite: when the
// failed attempt had in fact been committed, the retry answers "check-and-set parameter did not
// match" and the write is known to be stored. On any other failure (HTTP 307 to a dead leader,
// 5xx, no connection) it moves to the next node and retries the same key, as a client given every
// node's address would.
import { VaultClient } from '../../../vault-api/client';

export interface WriterReport {
  /** Keys whose write returned 200, with the value written. */
  readonly acknowledged: ReadonlyMap<string, string>;
  /** Keys whose retry found them already written (a failed attempt that was committed). */
  readonly committedDespiteFailure: ReadonlyMap<string, string>;
  /** Failed attempts (each retried), by reason. */
  readonly failures: ReadonlyMap<string, number>;
  readonly attempts: number;
  /** Longest time between two acknowledged writes. */
  readonly longestGapMs: number;
}

export interface Writer {
  /** Stops after the current attempt; resolves with the report. */
  stop(): Promise<WriterReport>;
  /** Acknowledged writes so far. */
  readonly acknowledgedCount: () => number;
}

export function startWriter(clients: readonly VaultClient[], opts: { readonly mount: string; readonly prefix: string; readonly maxWrites: number; readonly first?: number }): Writer {
  const acknowledged = new Map<string, string>();
  const committedDespiteFailure = new Map<string, string>();
  const failures = new Map<string, number>();
  let attempts = 0;
  let stopped = false;
  let current = opts.first ?? 0;
  let lastAck = Date.now();
  let longestGapMs = 0;
  const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);

  const loop = (async () => {
    for (let i = 0; i < opts.maxWrites && !stopped; i++) {
      const key = `${opts.prefix}/w-${String(i).padStart(5, '0')}`;
      const value = `v-${i}-${Math.random().toString(36).slice(2, 10)}`;
      for (;;) {
        if (stopped) return;
        attempts += 1;
        const client = clients[current];
        const res = await client.raw('POST', `${opts.mount}/data/${key}`, { body: { options: { cas: 0 }, data: { value } } }).catch((e: Error) => ({ status: 0, body: { errors: [e.message] } }));
        if (res.status === 200) {
          acknowledged.set(key, value);
          const now = Date.now();
          longestGapMs = Math.max(longestGapMs, now - lastAck);
          lastAck = now;
          break;
        }
        const errors = (res.body.errors ?? []).join('; ');
        if (res.status === 400 && /check-and-set parameter did not match/.test(errors)) {
          committedDespiteFailure.set(key, value);
          break;
        }
        fail(res.status === 0 ? `no answer (${errors.replace(/:\d+/g, ':<port>').slice(0, 60)})` : `HTTP ${res.status}${errors ? `: ${errors.slice(0, 80)}` : ''}`);
        current = (current + 1) % clients.length;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  })();

  return {
    acknowledgedCount: () => acknowledged.size,
    async stop() {
      stopped = true;
      await loop;
      return { acknowledged, committedDespiteFailure, failures, attempts, longestGapMs };
    },
  };
}
