// The local dev server `npm run dev` sets up: found at the dev environment's address, and refused
// unless it is a dev-mode server. `dev` writes generated values and issues credentials without
// asking, which is right only for a throwaway in-memory server.
import { VaultClient } from '../../vault-api/client';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';

interface SealStatus {
  readonly initialized?: boolean;
  readonly sealed?: boolean;
  readonly storage_type?: string;
}

async function sealStatus(client: VaultClient): Promise<SealStatus> {
  const res = await client.raw<SealStatus>('GET', 'sys/seal-status', { token: null });
  if (res.status !== 200) throw new CliError(`sys/seal-status answered HTTP ${res.status}`);
  return res.body;
}

/** Waits until the server answers sys/seal-status (a container just started takes a moment). */
export async function waitForServer(client: VaultClient, io: CliIo, address: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await sealStatus(client);
      return;
    } catch (e) {
      last = describeError(e);
    }
    await io.sleep(500);
  }
  throw new CliError(`no server answers at ${address} after ${timeoutMs / 1000} s (${last}); expected the dev server of dev-server (\`npx cdktf deploy dev-server\`), or pass its address with --address`);
}

/** Refuses anything but an unsealed dev-mode server: in-memory storage is what dev mode runs on. */
export async function requireDevServer(client: VaultClient, address: string): Promise<void> {
  const status = await sealStatus(client);
  if (status.storage_type !== 'inmem') {
    throw new CliError(
      `${address} is not a dev-mode server (storage ${JSON.stringify(status.storage_type ?? 'unknown')}, expected "inmem"); \`dev\` only sets up the local dev server: use bootstrap, secrets seed and credentials issue for any other`,
      2,
    );
  }
  if (status.sealed) throw new CliError(`${address} is sealed; a dev-mode server never is: restart it (\`npx cdktf deploy dev-server\`)`);
}
