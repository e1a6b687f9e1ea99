// One service's AppRole credentials in its dev folder: kept while they still log in, issued when
// missing or dead. A dev server keeps everything in memory, so after its restart a folder holds a
// role_id of no role: those files are stale and replaced. A folder of another live role is refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { ServiceDefinition } from '../../services/service-definition';
import { CliError } from '../errors';
import { CliIo, indentedIo } from '../io';
import { readSecretFile } from '../secret-files';
import { approleLogin, lookupSecretIdAccessor, readRoleId } from '../credentials/approle-api';
import { CREDENTIAL_FILE_NAMES, inspectCredentialsDir, ROLE_ID_FILE, SECRET_ID_FILE } from '../credentials/credential-files';
import { roleIdsByRole, roleOfDir } from '../credentials/directory-role';
import { runIssue } from '../credentials/issue';
import { FileOwner } from '../secret-files';

export type CredentialsOutcome = 'kept' | 'issued' | 'replaced';

export interface ServiceCredentialsOptions {
  readonly service: ServiceDefinition;
  readonly dir: string;
  readonly owner?: FileOwner;
}

export async function ensureServiceCredentials(client: VaultClient, io: CliIo, opts: ServiceCredentialsOptions): Promise<CredentialsOutcome> {
  const role = opts.service.roleName;
  const held = inspectCredentialsDir('--out-dir', opts.dir);
  const roleId = await readRoleId(client, role);
  let outcome: CredentialsOutcome = 'issued';
  if (held?.roleId) {
    if (held.roleId !== roleId) {
      const owner = roleOfDir(held, await roleIdsByRole(client));
      if (owner) throw new CliError(`--out-dir: "${opts.dir}" holds the credentials of ${owner}, not of ${role}; expected ${role}'s own folder (nothing was changed)`, 2);
    } else if (held.accessor && held.hasSecretId && (await lookupSecretIdAccessor(client, role, held.accessor))) {
      return 'kept';
    }
    // A role_id of no role (a previous dev server's) or a dead secret ID: the files are stale.
    for (const name of CREDENTIAL_FILE_NAMES) fs.rmSync(path.join(opts.dir, name), { force: true });
    outcome = 'replaced';
  }
  await runIssue(client, indentedIo(io), { role, outDir: opts.dir, cidrs: [], owner: opts.owner });
  return outcome;
}

/** Logs in with the folder's files as the service will, and revokes the token again. */
export async function proveLogin(client: VaultClient, dir: string): Promise<void> {
  const roleId = readSecretFile('--out-dir role_id', path.join(dir, ROLE_ID_FILE));
  const secretId = readSecretFile('--out-dir secret_id', path.join(dir, SECRET_ID_FILE));
  const token = await approleLogin(client, roleId, secretId);
  await client.withToken(token).post('auth/token/revoke-self');
}
