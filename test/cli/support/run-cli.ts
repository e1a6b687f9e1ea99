// Runs the real CLI in-process (cli/program.ts runCli) with a captured stdout/stderr and a
// controllable stdin. Every output line is kept so tests can prove no secret value was printed.
import { PassThrough } from 'node:stream';
import { CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/program';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunner {
  run(args: readonly string[], opts?: { stdin?: PassThrough; env?: Record<string, string | undefined> }): Promise<CliRun>;
  /** Everything every run printed, for leak checks. */
  readonly transcript: string[];
}

/** A runner whose runs share `env` (e.g. VAULT_ADDR, VAULT_CACERT). Sleeps are real but capped at 2 s. */
export function cliRunner(env: Record<string, string | undefined> = {}): CliRunner {
  const transcript: string[] = [];
  return {
    transcript,
    async run(args, opts = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const stdin = opts.stdin ?? new PassThrough();
      if (!opts.stdin) stdin.end();
      const io: CliIo = {
        env: { ...env, ...opts.env },
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        stdin,
        sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 2000))),
      };
      const code = await runCli(args, io);
      const run = { code, stdout: out.join('\n'), stderr: err.join('\n') };
      transcript.push(`$ ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
      return run;
    },
  };
}
