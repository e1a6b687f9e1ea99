// `unseal`: takes shares one at a time (as after every restart), from files or typed without echo,
// and reports progress n of threshold. Progress lives on the server, so custodians may come one by one.
import { VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { SecretInput } from '../prompt';
import { readSecretFile } from '../secret-files';
import { readSealStatus, resetUnseal, submitShare, waitUntilActive, SealStatus } from './seal-status';

export interface UnsealOptions {
  readonly shareFiles: readonly string[];
  readonly reset: boolean;
  /** Wait until the node is active after the last share. @default true */
  readonly wait?: boolean;
}

export async function runUnseal(client: VaultClient, io: CliIo, opts: UnsealOptions): Promise<SealStatus> {
  let status = await readSealStatus(client);
  if (!status.initialized) throw new CliError(`the server at ${client.options.address} is not initialized: run \`bootstrap\` first`);
  if (opts.reset) {
    status = await resetUnseal(client);
    io.err('unseal progress reset to 0');
  }
  if (!status.sealed) {
    io.err(`the server at ${client.options.address} is already unsealed`);
    return status;
  }
  io.err(`sealed: ${status.progress} of ${status.t} shares entered so far`);
  const input = opts.shareFiles.length === 0 ? new SecretInput(io) : undefined;
  try {
    let fileIndex = 0;
    while (status.sealed) {
      let share: string | undefined;
      if (input) {
        share = await input.read(`Unseal share ${status.progress + 1} of ${status.t} (not echoed):`);
      } else if (fileIndex < opts.shareFiles.length) {
        share = readSecretFile('--share-file', opts.shareFiles[fileIndex++]);
      }
      if (!share) break;
      status = await submitShare(client, share);
      io.err(status.sealed ? `unseal progress ${status.progress} of ${status.t}` : `unseal progress ${status.t} of ${status.t}: unsealed`);
    }
  } finally {
    input?.close();
  }
  if (status.sealed) {
    io.err(`still sealed: ${status.progress} of ${status.t} shares entered; the next custodian continues with \`unseal\``);
  } else if (opts.wait ?? true) {
    await waitUntilActive(client);
    io.err('active');
  }
  return status;
}
