// The operations CLI as a real process (`npx tsx cli/main.ts ...`), in its own process group so a
// signal reaches npx, tsx and the CLI alike, as a kill of the operator's terminal session would.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves with the first stderr line matching `pattern` (rejects if the process exits first). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` to the whole process group. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process group leader has exited, with everything it printed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Spawns the CLI with only PATH, HOME and `env` in its environment. */
export function spawnCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn('npx', ['tsx', 'cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of [...listeners]) l();
  });
  return {
    child,
    exited,
    signal: (signal) => process.kill(-child.pid!, signal),
    waitForLine(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(() => reject(new Error(`no stderr line matching ${pattern} within ${timeoutMs} ms:\n${stderr}`))), timeoutMs);
        const finish = (f: () => void) => {
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(check), 1);
          f();
        };
        const check = () => {
          const line = stderr.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) finish(() => resolve(line));
          else if (done) finish(() => reject(new Error(`the CLI exited before printing a line matching ${pattern}:\n${stderr}`)));
        };
        listeners.push(check);
        check();
      });
    },
  };
}
