// Runs the real agent (`bao agent -config=<file>`, the binary the dev servers come from) as its own
// process with its log in a file, and stops it (SIGTERM, then SIGKILL) when the test is done.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findServerBinary } from '../../support/vault-server';

export interface RunningAgent {
  readonly configFile: string;
  readonly logFile: string;
  /** The exit code once the process has exited (null when killed by a signal), else undefined. */
  exitCode(): number | null | undefined;
  /** Resolves with the exit code when the process exits. */
  readonly exited: Promise<number | null>;
  /** The agent's log so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `<bin> agent -config=<configFile>` in the config's directory; stdout and stderr go to `logFile`. */
export function startAgent(configFile: string, logFile: string): RunningAgent {
  const binary = findServerBinary();
  const logFd = fs.openSync(logFile, 'a');
  // The agent must take everything from its config, nothing from the developer's shell.
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(VAULT|BAO)_/.test(k)) delete env[k];
  const child = spawn(binary.path, ['agent', `-config=${configFile}`], { stdio: ['ignore', logFd, logFd], env, cwd: path.dirname(configFile) });
  fs.closeSync(logFd);
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => { code = c; resolve(c); }));
  return {
    configFile,
    logFile,
    exitCode: () => code,
    exited,
    log: () => fs.readFileSync(logFile, 'utf8'),
    stop: async () => {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls `check` every 200 ms until it returns true; fails after `timeoutMs` naming `what` (and the agent's log tail). */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, agent?: RunningAgent): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const tail = agent ? `\nagent log (${agent.logFile}):\n${agent.log().split('\n').slice(-15).join('\n')}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
