// Is the server initialized, unsealed and serving? sys/seal-status and sys/health need no token,
// so this is known before doctor logs in, and every check that needs a token waits for it.
import { VaultClient } from '../../vault-api/client';
import { describeError } from '../errors';
import { readSealStatus, SealStatus } from '../unseal/seal-status';
import { CheckRow, DoctorCheck, ListenerContext, OPS, row } from './check';

export type ServerState =
  | { readonly answered: true; readonly seal: SealStatus & { readonly version?: string; readonly storage_type?: string }; readonly healthStatus: number }
  | { readonly answered: false; readonly error: string };

/** Reads seal status and health once; a server that does not answer is a state too. */
export async function readServerState(anonymous: VaultClient): Promise<ServerState> {
  try {
    const seal = await readSealStatus(anonymous);
    const health = await anonymous.raw('GET', 'sys/health', { token: null });
    return { answered: true, seal, healthStatus: health.status };
  } catch (e) {
    return { answered: false, error: describeError(e) };
  }
}

/** Checks that need a token can run. */
export function isServing(state: ServerState): boolean {
  return state.answered && state.seal.initialized && !state.seal.sealed;
}

// sys/health's status codes (the same on Vault and OpenBao).
const HEALTH: Readonly<Record<number, string>> = {
  200: 'active',
  429: 'unsealed standby (requests are forwarded to the active node)',
  472: 'disaster-recovery secondary',
  473: 'performance standby',
  501: 'not initialized',
  503: 'sealed',
};

/** Rows for the seal state of the node at the address. */
export function evaluateSealState(state: ServerState, address: string): CheckRow[] {
  const check = 'seal';
  if (!state.answered) {
    return [row.fail(check, address, `no answer to sys/seal-status: ${state.error}`, 'start the server, check --address / VAULT_ADDR and --ca-cert / VAULT_CACERT (see the tls rows)')];
  }
  const s = state.seal;
  const version = s.version ? `, version ${s.version}` : '';
  if (!s.initialized) return [row.fail(check, address, `not initialized${version}`, `${OPS} bootstrap --out-dir <ceremony dir> (once, on a fresh server)`)];
  if (s.sealed) {
    return [row.fail(check, address, `sealed: ${s.progress} of ${s.t} unseal shares entered (${s.n} exist)${version}`, `${OPS} unseal (each of ${s.t} custodians, one share each)`)];
  }
  const health = HEALTH[state.healthStatus] ?? `sys/health answered HTTP ${state.healthStatus}`;
  const detail = `initialized, unsealed (${s.t} of ${s.n} shares), ${health}${s.storage_type ? `, ${s.storage_type} storage` : ''}${version}`;
  if (state.healthStatus !== 200 && state.healthStatus !== 429) return [row.warn(check, address, detail, 'check the node\'s log and its cluster state (bao operator raft list-peers)')];
  return [row.ok(check, address, detail)];
}

export const sealStateCheck: DoctorCheck = {
  id: 'seal',
  title: 'seal state (sys/seal-status, sys/health)',
  needs: 'listener',
  run: (ctx: ListenerContext) => evaluateSealState(ctx.server, ctx.address),
};
