// Which role a credentials directory belongs to: the role_id file against the role IDs on the
// server. `rotate` once overwrote another role's credentials; now a directory of another role is refused.
import { VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';
import { listRoles, readRoleId } from './approle-api';
import { HeldCredentials, ROLE_ID_FILE } from './credential-files';

/** Role ID by role name, for the roles the token may read (others are left out). */
export async function roleIdsByRole(client: VaultClient, roles?: readonly string[]): Promise<Map<string, string>> {
  const names = roles ?? (await listRoles(client));
  const ids = new Map<string, string>();
  for (const role of names) {
    try {
      ids.set(role, await readRoleId(client, role));
    } catch {
      // not readable with this token, or gone: it cannot be matched
    }
  }
  return ids;
}

/** The role whose role ID the directory holds, if any. */
export function roleOfDir(held: HeldCredentials, ids: ReadonlyMap<string, string>): string | undefined {
  if (!held.roleId) return undefined;
  for (const [role, id] of ids) if (id === held.roleId) return role;
  return undefined;
}

/** Refuses a directory whose role_id is not `roleId`, naming the role it belongs to when one matches. */
export async function checkDirIsRoles(client: VaultClient, flag: string, held: HeldCredentials | undefined, role: string, roleId: string): Promise<void> {
  if (!held?.roleId || held.roleId === roleId) return;
  const owner = roleOfDir(held, await roleIdsByRole(client));
  const whose = owner ? `the credentials of ${owner}` : 'a role_id of no role on the server';
  throw new CliError(
    `${flag}: "${held.dir}" holds ${whose} (its ${ROLE_ID_FILE} file), not those of ${role}; expected the directory of ${role} or a new one (nothing was changed)`,
    2,
  );
}
