import { Command } from 'commander';
import { anonymousClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { runUnseal } from '../unseal/unseal-command';
import { CliContext } from './context';

interface UnsealFlags extends ConnectionFlags {
  shareFile: string[];
  reset?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerUnseal(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('unseal')
    .summary('enter unseal shares one at a time and report progress (n of 3)')
    .description(
      'Unseals a sealed server (e.g. after every restart). Shares come from --share-file (in order) or, without it, are ' +
        'typed without echo (one per line when stdin is not a terminal). Progress is kept by the server, so custodians may ' +
        'come one by one: each runs `unseal` with their own share. Exits 0 when unsealed or when progress was made.',
    )
    .option('--share-file <file>', 'file holding one decrypted unseal share (repeatable)', collect, [])
    .option('--reset', 'discard the shares entered so far before starting');
  withConnectionOptions(cmd, { auth: false });
  cmd.action(async (flags: UnsealFlags) => {
    const conn = resolveConnection(flags, ctx.io);
    const status = await runUnseal(anonymousClient(conn), ctx.io, { shareFiles: flags.shareFile, reset: Boolean(flags.reset) });
    ctx.io.out(status.sealed ? `sealed (${status.progress} of ${status.t})` : 'unsealed');
  });
}
