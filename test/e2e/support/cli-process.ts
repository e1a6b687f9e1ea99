// The operations CLI as a real child process (tsx cli/main.ts), so a test can kill it with SIGKILL
// at a chosen progress line, as a crash or an operator's kill -9 would. It runs in its own process
// group (tsx starts node as a child) and is killed by that group id, never by name.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface CliProcess {
  /** stdout and stderr lines so far, in arrival order. */
  readonly lines: string[];
  /** Resolves with the first line matching (already printed or to come); rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** SIGKILL to the whole process group; resolves once it has exited. */
  kill(): Promise<void>;
  /** The exit code (null when killed). */
  readonly exited: Promise<number | null>;
  readonly output: () => string;
}

/** Starts `tsx cli/main.ts <args>` with exactly `env` (plus PATH). */
export function spawnCli(args: readonly string[], env: Record<string, string>, opts: { uid?: number; gid?: number } = {}): CliProcess {
  const child: ChildProcess = spawn(process.execPath, [TSX, path.join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let done = false;
  const onText = (buffered: { text: string }) => (chunk: Buffer) => {
    buffered.text += chunk.toString('utf8');
    const parts = buffered.text.split('\n');
    buffered.text = parts.pop() ?? '';
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
  child.stdout?.on('data', onText({ text: '' }));
  child.stderr?.on('data', onText({ text: '' }));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      done = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`the CLI exited (${code}) before printing ${w.pattern}:\n${lines.join('\n')}`));
      resolve(code);
    }),
  );
  return {
    lines,
    exited,
    output: () => lines.join('\n'),
    waitForLine(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      if (done) return Promise.reject(new Error(`the CLI exited before printing ${pattern}:\n${lines.join('\n')}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
    async kill() {
      if (!done && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      await exited;
    },
  };
}
