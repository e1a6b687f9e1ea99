import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { authenticatedClient, resolveConnection, withConnectionOptions, ConnectionFlags } from '../connection';
import { CliError, describeError } from '../errors';
import { fsReason } from '../fs-errors';
import { writeOnce } from '../secret-files';
import { CliContext } from './context';

interface LoginFlags extends ConnectionFlags {
  tokenOut: string;
}

/** Refuses a --token-out that exists or whose directory does not, before logging in. */
function checkTokenOut(file: string): void {
  if (fs.existsSync(file)) throw new CliError(`--token-out: "${file}" exists; refusing to overwrite a token file (expected a new file)`, 2);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new CliError(`--token-out: the directory "${dir}" does not exist; expected a new file in an existing directory`, 2);
  if (!fs.statSync(dir).isDirectory()) throw new CliError(`--token-out: "${dir}" is not a directory; expected a new file in an existing directory`, 2);
}

export function registerLogin(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('login')
    .summary('log in with AppRole credentials and write the token to a new file (mode 0600), e.g. for Terraform')
    .description(
      'Logs in with the role_id and secret_id files of --approle-dir (e.g. <ceremony>/admin after bootstrap) and writes the ' +
        'token once to --token-out (mode 0600; an existing file is never overwritten). The token is never printed; if it cannot ' +
        'be written, it is revoked. Use it as VAULT_TOKEN for `cdktf deploy prod-config`, then revoke it (`bao token revoke -self`) and delete the file.',
    )
    .addOption(new Option('--token-out <file>', 'new file for the token').makeOptionMandatory());
  withConnectionOptions(cmd);
  cmd.action(async (flags: LoginFlags) => {
    if (!flags.approleDir) ctx.usage('login needs --approle-dir <dir> (the directory holding role_id and secret_id)');
    checkTokenOut(flags.tokenOut);
    const client = await authenticatedClient(resolveConnection(flags, ctx.io), ctx.minted);
    let self: { data?: { policies?: string[]; ttl?: number; accessor?: string } } | undefined;
    try {
      self = await client.get<{ data?: { policies?: string[]; ttl?: number; accessor?: string } }>('auth/token/lookup-self');
      writeOnce(flags.tokenOut, String(client.options.token));
    } catch (e) {
      // A token nobody holds must not live on: revoke it before reporting.
      const why = self ? `--token-out: cannot write "${flags.tokenOut}": ${fsReason(e)}` : `looking up the new token failed: ${describeError(e)}`;
      const undo = await ctx.minted.revokeNow(client).then(
        () => 'the new token was revoked',
        (r) => `revoking the new token failed too (${describeError(r)}): revoke it with \`bao token revoke -accessor ${self?.data?.accessor ?? '<accessor>'}\``,
      );
      throw new CliError(`${why}; ${undo}`, 1);
    }
    ctx.minted.handOut(client); // written to --token-out: the operator's now, not revoked when login ends
    ctx.io.out(`token for policies ${(self.data?.policies ?? []).join(', ')} (ttl ${self.data?.ttl ?? '?'}s) written to ${flags.tokenOut}`);
  });
}
