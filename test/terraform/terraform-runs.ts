// The commands a platform engineer runs, run for real: `cdktf deploy` of one stack and
// `terraform plan -detailed-exitcode` in its synthesized folder, with provider warnings counted.
import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly command: string;
  readonly exitCode: number;
  /** stdout and stderr, ANSI colours removed. */
  readonly output: string;
  readonly ms: number;
  /** Set when the command was stopped (SIGTERM) for running past its timeout. */
  readonly timedOutAfterMs?: number;
}

// Colour and cursor escapes (ESC [ ... letter, ESC ] ... BEL) that cdktf prints even without a terminal.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]|${String.fromCharCode(27)}\\][^${String.fromCharCode(7)}]*${String.fromCharCode(7)}`, 'g');

/** Runs a command to completion; never throws for a non-zero exit (the caller judges it). */
export function run(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timeoutMs = opts.timeoutMs ?? 600_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8').replace(ANSI, '');
      resolve({ command: [cmd, ...args].join(' '), exitCode: code ?? 1, output, ms: Date.now() - started, ...(timedOut ? { timedOutAfterMs: timeoutMs } : {}) });
    });
  });
}

/**
 * Terraform's own notes, not the provider's: `terraform init` prints this one whenever providers
 * come from a filesystem mirror (it cannot fetch the registry's checksums there).
 */
const TERRAFORM_CLI_WARNINGS = ['Incomplete lock file information for providers'];

/**
 * Provider warnings in Terraform's human output: each `Warning:` block, plus the
 * "(and N more similar warnings elsewhere)" Terraform folds away.
 */
export function countWarnings(output: string): number {
  const shown = (output.match(/Warning: .*/g) ?? []).filter((w) => !TERRAFORM_CLI_WARNINGS.some((t) => w.includes(t))).length;
  const folded = [...output.matchAll(/\(and (\d+) more similar warnings? elsewhere\)/g)].reduce((n, m) => n + Number(m[1]), 0);
  return shown + folded;
}

export interface PlanResult extends CommandResult {
  /** `diagnostic` messages of severity warning, one line each. */
  readonly warnings: string[];
  /** `planned_change` messages: `<action> <address>`. */
  readonly changes: string[];
}

/** `terraform plan -detailed-exitcode -json`: 0 = no changes, 2 = changes, 1 = error. */
export async function planDetailed(terraform: string, stackDir: string, env: NodeJS.ProcessEnv, extraArgs: readonly string[] = []): Promise<PlanResult> {
  const result = await run(terraform, ['plan', '-detailed-exitcode', '-json', '-input=false', '-lock=false', ...extraArgs], { cwd: stackDir, env });
  const warnings: string[] = [];
  const changes: string[] = [];
  for (const line of result.output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let msg: { type?: string; diagnostic?: { severity?: string; summary?: string; address?: string }; change?: { action?: string; resource?: { addr?: string } } };
    try {
      msg = JSON.parse(line);
    } catch {
      continue;
    }
    if (msg.type === 'diagnostic' && msg.diagnostic?.severity === 'warning') warnings.push(`${msg.diagnostic.address ?? ''} ${msg.diagnostic.summary ?? ''}`.trim());
    if (msg.type === 'planned_change') changes.push(`${msg.change?.action} ${msg.change?.resource?.addr}`);
  }
  return { ...result, warnings, changes };
}
