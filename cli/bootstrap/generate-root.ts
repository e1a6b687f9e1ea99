// A root token regenerated from unseal shares (sys/generate-root), decoded in memory: the server
// returns it XOR-ed with a one-time pad it generated for this attempt, base64-encoded. The token is
// returned to the caller only, never written or printed; whoever gets it revokes it.
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';

interface GenerateRootStatus {
  readonly started?: boolean;
  readonly nonce?: string;
  readonly progress?: number;
  readonly required?: number;
  readonly complete?: boolean;
  readonly encoded_token?: string;
  readonly otp?: string;
}

/** XOR of the decoded token with the one-time pad (they have the same length). */
export function decodeRootToken(encoded: string, otp: string): string {
  const bytes = Buffer.from(encoded, 'base64');
  const pad = Buffer.from(otp, 'utf8');
  if (bytes.length !== pad.length) throw new CliError(`sys/generate-root: the encoded token (${bytes.length} bytes) does not match the one-time pad (${pad.length} bytes)`);
  return Buffer.from(bytes.map((b, i) => b ^ pad[i])).toString('utf8');
}

function refused(e: unknown, address: string): never {
  if (e instanceof VaultApiError && e.status === 405) {
    throw new CliError(
      `the server at ${address} refuses sys/generate-root (HTTP 405): OpenBao (2.5.3 and later) disables the unauthenticated root generation endpoints by default. ` +
        'For the time of the resume, set `disable_unauthed_generate_root_endpoints = false` in the server\'s tcp listener and restart it; ' +
        'run `bootstrap --resume` again (it unseals the restarted server with the same shares), then remove the setting and restart once more. HashiCorp Vault 1.21.4 (the prod image) accepts these endpoints as is.',
    );
  }
  throw e;
}

/**
 * Regenerates a root token with `shares` (at least the threshold). An attempt already in progress is
 * cancelled first (its nonce is unknown here, so it could never be finished by this run); `note`
 * reports it. A rejected share cancels the attempt and fails without repeating the share.
 */
export async function generateRootToken(client: VaultClient, shares: readonly string[], note: (text: string) => void): Promise<string> {
  const address = client.options.address;
  const anon = client.withToken(undefined);
  const status = await anon.get<GenerateRootStatus>('sys/generate-root/attempt').catch((e) => refused(e, address));
  if (status.started) {
    await anon.delete('sys/generate-root/attempt');
    note(`a root generation attempt was in progress (${status.progress ?? 0} of ${status.required ?? '?'} shares): cancelled`);
  }
  const attempt = await anon.put<GenerateRootStatus>('sys/generate-root/attempt', {}).catch((e) => refused(e, address));
  if (!attempt.nonce || !attempt.otp) throw new CliError('sys/generate-root/attempt answered without a nonce and one-time pad');
  let last: GenerateRootStatus = attempt;
  for (const [i, share] of shares.entries()) {
    const res = await anon.raw<GenerateRootStatus>('PUT', 'sys/generate-root/update', { body: { key: share, nonce: attempt.nonce } });
    if (res.status !== 200) {
      await anon.raw('DELETE', 'sys/generate-root/attempt').catch(() => undefined);
      throw new CliError(`the server rejected share ${i + 1} for root generation (${(res.body.errors ?? []).join('; ') || `HTTP ${res.status}`}); the attempt was cancelled`);
    }
    last = res.body;
    if (last.complete) break;
  }
  if (!last.complete || !last.encoded_token) {
    await anon.raw('DELETE', 'sys/generate-root/attempt').catch(() => undefined);
    throw new CliError(`root generation needs ${last.required ?? '?'} shares; ${last.progress ?? 0} were accepted; the attempt was cancelled`);
  }
  return decodeRootToken(last.encoded_token, attempt.otp);
}
