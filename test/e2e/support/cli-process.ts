// The operations CLI as a real child process (tsx cli/main.ts), so a test can kill or signal it at a
// chosen progress line, as a crash, an operator's kill -9 or a closed terminal would. It runs in its
// own process group (tsx starts node as a child) and is signalled by that group id, never by name.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../support/project';

const TSX = path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface CliExit {
  /** null when ended by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** stdout and stderr lines so far, in arrival order. */
  readonly lines: string[];
  /** Resolves with the first line matching (already printed or to come); rejects if the process exits first or after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` to the whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL to the whole process group; resolves once it has exited. */
  kill(): Promise<void>;
  readonly exited: Promise<CliExit>;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
}

/** Starts `tsx cli/main.ts <args>` with exactly `env` (plus PATH and HOME), optionally as another user. */
export function spawnCli(args: readonly string[], env: Record<string, string>, opts: { uid?: number; gid?: number } = {}): CliProcess {
  const child: ChildProcess = spawn(process.execPath, [TSX, path.join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  const lines: string[] = [];
  const streams = { stdout: '', stderr: '' };
  const waiters: { pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let done = false;
  const onText = (name: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      streams[name] += text;
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        for (const w of [...waiters]) {
          if (w.pattern.test(line)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    };
  };
  child.stdout?.on('data', onText('stdout'));
  child.stderr?.on('data', onText('stderr'));
  const exited = new Promise<CliExit>((resolve) =>
    child.once('close', (code, signal) => {
      done = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`the CLI exited (${code ?? signal}) before printing ${w.pattern}:\n${lines.join('\n')}`));
      resolve({ code, signal, ...streams });
    }),
  );
  const signal = (sig: NodeJS.Signals) => {
    if (done || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // exited meanwhile
    }
  };
  return {
    child,
    lines,
    exited,
    output: () => lines.join('\n'),
    signal,
    waitForLine(pattern, timeoutMs = 120_000) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      if (done) return Promise.reject(new Error(`the CLI exited before printing ${pattern}:\n${lines.join('\n')}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)), reject: (e) => (clearTimeout(timer), reject(e)) });
      });
    },
    async kill() {
      signal('SIGKILL');
      await exited;
    },
  };
}
