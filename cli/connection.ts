// The CLI's one config loader: where the server is, how to trust it and who we are. Flags win over
// environment variables (VAULT_ADDR, VAULT_CACERT, VAULT_TOKEN); nothing else reads the environment.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { Command } from 'commander';
import { VaultClient } from '../vault-api/client';
import { CliError } from './errors';
import { CliIo } from './io';
import { readSecretFile } from './secret-files';
import { approleLoginDetails } from './credentials/approle-api';
import { MintedTokens } from './minted-tokens';

/** The connection flags every server-facing command accepts. */
export interface ConnectionFlags {
  readonly address?: string;
  readonly caCert?: string;
  readonly tokenFile?: string;
  readonly approleDir?: string;
}

export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string; readonly source: string }
  | { readonly kind: 'approle'; readonly dir: string };

export interface Connection {
  readonly address: string;
  readonly caPem?: string;
  /** The file caPem was read from (for configs that name the file, e.g. the agent's). */
  readonly caFile?: string;
  readonly auth: Auth;
}

/** Adds --address, --ca-cert, --token-file and --approle-dir to a command. */
export function withConnectionOptions(cmd: Command, opts: { auth?: boolean } = {}): Command {
  cmd
    .option('--address <url>', 'Vault server address, e.g. https://127.0.0.1:8200 (default: $VAULT_ADDR)')
    .option('--ca-cert <file>', 'PEM CA certificate that signed the server certificate (default: $VAULT_CACERT)');
  if (opts.auth ?? true) {
    cmd
      .option('--token-file <file>', 'file holding a Vault token (default: $VAULT_TOKEN); never pass a token on the command line')
      .option('--approle-dir <dir>', 'log in with the role_id and secret_id files in this directory (e.g. the admin credentials from bootstrap)');
  }
  return cmd;
}

/** Resolves flags and environment into a connection; every error names the flag or variable and the expected form. */
export function resolveConnection(flags: ConnectionFlags, io: CliIo): Connection {
  const rawAddress = flags.address ?? io.env.VAULT_ADDR;
  if (!rawAddress) throw new CliError('no server address: pass --address https://<host>:<port> or set VAULT_ADDR', 2);
  const source = flags.address ? '--address' : 'VAULT_ADDR';
  let url: URL;
  try {
    url = new URL(rawAddress);
  } catch {
    throw new CliError(`${source}: "${rawAddress}" is not a URL; expected e.g. https://127.0.0.1:8200`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`${source}: "${rawAddress}" uses ${url.protocol}; expected http: or https:`, 2);
  }
  const address = `${url.protocol}//${url.host}`;

  const caFile = flags.caCert ?? io.env.VAULT_CACERT;
  let caPem: string | undefined;
  if (caFile) {
    const caSource = flags.caCert ? '--ca-cert' : 'VAULT_CACERT';
    if (!fs.existsSync(caFile)) throw new CliError(`${caSource}: "${caFile}" does not exist; expected a PEM CA certificate file`, 2);
    if (!fs.statSync(caFile).isFile()) throw new CliError(`${caSource}: "${caFile}" is a directory; expected a PEM CA certificate file`, 2);
    caPem = fs.readFileSync(caFile, 'utf8');
    try {
      new X509Certificate(caPem);
    } catch {
      throw new CliError(`${caSource}: "${caFile}" is not a PEM certificate`, 2);
    }
    if (url.protocol !== 'https:') throw new CliError(`${caSource} is set but the address ${address} is not https`, 2);
  }

  if (flags.tokenFile && flags.approleDir) throw new CliError('pass either --token-file or --approle-dir, not both', 2);
  let auth: Auth = { kind: 'none' };
  if (flags.approleDir) {
    auth = { kind: 'approle', dir: flags.approleDir };
  } else if (flags.tokenFile) {
    auth = { kind: 'token', token: readSecretFile('--token-file', flags.tokenFile), source: '--token-file' };
  } else if (io.env.VAULT_TOKEN) {
    auth = { kind: 'token', token: io.env.VAULT_TOKEN, source: 'VAULT_TOKEN' };
  }
  return { address, caPem, ...(caPem !== undefined ? { caFile } : {}), auth };
}

/**
 * A client with a token: the given one, or one from an AppRole login with the files of --approle-dir.
 * A token from a login goes into `minted` (the run's, `ctx.minted`), which the program runner revokes
 * when the command ends; a given token is the operator's and is never revoked.
 */
export async function authenticatedClient(conn: Connection, minted: MintedTokens): Promise<VaultClient> {
  const base = new VaultClient({ address: conn.address, caPem: conn.caPem });
  switch (conn.auth.kind) {
    case 'token':
      return base.withToken(conn.auth.token);
    case 'approle': {
      const roleId = readSecretFile('--approle-dir role_id', path.join(conn.auth.dir, 'role_id'));
      const secretId = readSecretFile('--approle-dir secret_id', path.join(conn.auth.dir, 'secret_id'));
      const login = await approleLoginDetails(base, roleId, secretId);
      const client = base.withToken(login.token);
      minted.add({ client, accessor: login.accessor, ttlSeconds: login.ttlSeconds, origin: `--approle-dir ${conn.auth.dir}` });
      return client;
    }
    default:
      throw new CliError('this command needs a token: pass --token-file <file>, --approle-dir <dir> or set VAULT_TOKEN', 2);
  }
}

/** A client without a token (init, unseal and seal-status need none). */
export function anonymousClient(conn: Connection): VaultClient {
  return new VaultClient({ address: conn.address, caPem: conn.caPem });
}
