// `cdktf deploy <stack>` as a child process, its output shown as progress detail. The vault
// provider reads its token from VAULT_TOKEN; nothing else about the deploy is changed here.
import { spawn } from 'node:child_process';
import { CliError } from '../errors';
import { CliIo } from '../io';

export interface DeployOptions {
  /** The project directory (cdktf.json). */
  readonly projectRoot: string;
  readonly stack: string;
  /** VAULT_TOKEN for a config stack. */
  readonly token?: string;
  /** The stack's server stack is not part of this run (README: deploying onto a running server). */
  readonly ignoreMissingStackDependencies: boolean;
  /** Providers from a filesystem mirror: `terraform providers lock` only asks the registry. */
  readonly skipProviderLock: boolean;
}

/** The arguments after `npx`, e.g. for the progress line. */
export function deployArgs(opts: DeployOptions): string[] {
  return [
    'cdktf', 'deploy', opts.stack, '--auto-approve',
    ...(opts.ignoreMissingStackDependencies ? ['--ignore-missing-stack-dependencies'] : []),
    ...(opts.skipProviderLock ? ['--skip-provider-lock'] : []),
  ];
}

export async function cdktfDeploy(io: CliIo, opts: DeployOptions): Promise<void> {
  const args = deployArgs(opts);
  const env: NodeJS.ProcessEnv = { ...io.env, CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0', NO_COLOR: '1' };
  if (opts.token !== undefined) env.VAULT_TOKEN = opts.token;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('npx', args, { cwd: opts.projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const show = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) io.err(`      | ${line.trimEnd()}`);
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    child.on('error', (e) => reject(new CliError(`cannot run \`npx ${args.join(' ')}\`: ${e.message}`)));
    child.on('close', (c) => {
      if (pending.trim()) io.err(`      | ${pending.trimEnd()}`);
      resolve(c ?? 1);
    });
  });
  if (code !== 0) throw new CliError(`\`npx ${args.join(' ')}\` exited ${code} (its output is above); fix that, then re-run: every step is safe to repeat`);
}
