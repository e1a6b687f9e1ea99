import * as path from 'node:path';
import { Command } from 'commander';
import { parseServerAddress } from '../../model/server-address';
import { DEV } from '../../stacks/environments';
import { checkMayChown, parseOwner } from '../credentials/file-access';
import { printDevSetup, runDevSetup } from '../dev/dev-setup';
import { readSecretFile } from '../secret-files';
import { CliContext } from './context';

interface DevFlags {
  address?: string;
  tokenFile?: string;
  outDir: string;
  serverRunning?: boolean;
  configApplied?: boolean;
  skipProviderLock?: boolean;
  owner?: string;
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_OUT_DIR = path.join('.dev', 'credentials');

export function registerDev(program: Command, ctx: CliContext): void {
  const dev = program
    .command('dev')
    .summary('local development in one command: dev-server, dev-config, dev secrets, credentials per service, their .env lines (`npm run dev`)')
    .description(
      'Deploys dev-server (the dev-mode server container; needs Docker) and dev-config (`npx cdktf deploy`, token from the dev settings), ' +
        `checks that ${DEV.vaultAddress} is a dev-mode server (in-memory storage; anything else is refused before a write), seeds every ` +
        'catalog secret with dev values (only what is missing), puts each service\'s AppRole credentials into <out-dir>/<service>/ for the ' +
        'service to mount read-only (kept while they log in, replaced when a restarted dev server forgot them), proves each logs in, and ' +
        'prints each service\'s environment lines (also written to <out-dir>/<service>.env). Safe to re-run. It follows the dev settings ' +
        'only: VAULT_ADDR and VAULT_TOKEN, which may name another server, are ignored.',
    )
    .option('--out-dir <dir>', 'where the per-service credential folders and .env files go', DEFAULT_OUT_DIR)
    .option('--server-running', `a dev server already listens on ${DEV.vaultAddress}: do not deploy dev-server (no Docker needed)`)
    .option('--config-applied', 'dev-config is applied already: do not deploy it either (no Terraform needed)')
    .option('--address <url>', 'the dev server\'s address when it is not the dev settings\' (needs --config-applied: dev-config deploys to the settings\' address)')
    .option('--token-file <file>', `file with the dev server's root token (default: the dev settings' ${JSON.stringify(DEV.server.devRootTokenId)})`)
    .option('--skip-provider-lock', 'pass --skip-provider-lock to cdktf deploy (providers from a filesystem mirror)')
    .option('--owner <uid:gid>', 'give each service\'s credential files to the uid:gid its container runs as (needs root)');
  dev.action(async (flags: DevFlags) => {
    let address = DEV.vaultAddress;
    if (flags.address !== undefined) {
      const parsed = parseServerAddress(flags.address);
      if (parsed.problem) ctx.usage(`--address: "${flags.address}" ${parsed.problem}`);
      if (!flags.configApplied) ctx.usage(`--address ${flags.address}: needs --config-applied (dev-config deploys to ${DEV.vaultAddress}, the dev settings' address)`);
      address = parsed.address!.text;
    }
    const token = flags.tokenFile !== undefined ? readSecretFile('--token-file', flags.tokenFile) : DEV.server.devRootTokenId;
    if (!token) ctx.usage('--token-file: the dev settings name no root token; pass the dev server\'s token in a file');
    const owner = flags.owner !== undefined ? parseOwner(flags.owner) : undefined;
    checkMayChown(owner);
    const result = await runDevSetup(ctx.io, {
      projectRoot: PROJECT_ROOT,
      address,
      token,
      outDir: path.resolve(flags.outDir),
      serverRunning: Boolean(flags.serverRunning || flags.configApplied || flags.address),
      configApplied: Boolean(flags.configApplied),
      skipProviderLock: Boolean(flags.skipProviderLock),
      owner,
    });
    printDevSetup(ctx.io, result);
  });
}
