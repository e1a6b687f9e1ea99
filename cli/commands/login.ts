import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { CliError } from '../errors';
import { writeOnce } from '../secret-files';
import { CliContext } from './context';

interface LoginFlags extends ConnectionFlags {
  tokenOut: string;
}

export function registerLogin(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('login')
    .summary('log in with AppRole credentials and write the token to a new file (mode 0600), e.g. for Terraform')
    .description(
      'Logs in with the role_id and secret_id files of --approle-dir (e.g. <ceremony>/admin after bootstrap) and writes the ' +
        'token once to --token-out (mode 0600; an existing file is never overwritten). The token is never printed. ' +
        'Use it as VAULT_TOKEN for `cdktf deploy prod-config`, then revoke it (`bao token revoke -self`) and delete the file.',
    )
    .addOption(new Option('--token-out <file>', 'new file for the token').makeOptionMandatory());
  withConnectionOptions(cmd);
  cmd.action(async (flags: LoginFlags) => {
    if (!flags.approleDir) ctx.usage('login needs --approle-dir <dir> (the directory holding role_id and secret_id)');
    if (fs.existsSync(flags.tokenOut)) throw new CliError(`--token-out: "${flags.tokenOut}" exists; refusing to overwrite a token file`, 2);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io));
    const self = await client.get<{ data?: { policies?: string[]; ttl?: number } }>('auth/token/lookup-self');
    writeOnce(flags.tokenOut, String(client.options.token));
    ctx.io.out(`token for policies ${(self.data?.policies ?? []).join(', ')} (ttl ${self.data?.ttl ?? '?'}s) written to ${flags.tokenOut}`);
  });
}
