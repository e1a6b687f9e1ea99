// Everything the CLI touches outside itself, passed in so tests run the real commands in-process.
import { Readable } from 'node:stream';

export interface CliIo {
  /** The process environment; read only by connection.ts (the one config loader). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Results (tables, summaries). */
  out(text: string): void;
  /** Progress, warnings and errors. */
  err(text: string): void;
  /** Where unseal shares are read from when no file is given. */
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Waits, e.g. the grace period of a rotation. */
  sleep(ms: number): Promise<void>;
}

/** The real process: stdout, stderr, stdin, process.env. */
export function processIo(): CliIo {
  return {
    env: process.env,
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    stdin: process.stdin,
    sleep: (ms) => sleepInSteps(ms),
  };
}

/** The longest delay setTimeout honours (2^31-1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Waits `ms`, in steps no longer than {@link MAX_TIMER_MS}, so a long wait is never cut short. */
export async function sleepInSteps(ms: number, wait: (ms: number) => Promise<void> = (d) => new Promise((r) => setTimeout(r, d))): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) await wait(Math.min(left, MAX_TIMER_MS));
}

/** The same io with its progress lines indented: a nested command's steps under the current one's. */
export function indentedIo(io: CliIo): CliIo {
  return { ...io, err: (t) => io.err(t.split('\n').map((l) => `      ${l}`).join('\n')) };
}
