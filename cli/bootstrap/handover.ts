// The ceremony's steps after unseal, each idempotent so that a run stopped anywhere can be finished
// by `bootstrap --resume`: the audit device first, AppRole, the admin policy and role (exactly as the
// prod-config stack declares them), the admin credentials (kept when they work, issued when missing;
// secret IDs nobody holds are destroyed), the login check, and the revocation of every root token
// (and of any login token a stopped login check left).
import * as fs from 'node:fs';
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { accessorOfSecretId, approleLogin, createSecretId, destroySecretIdByAccessor, listSecretIds, readRoleId } from '../credentials/approle-api';
import { CliError } from '../errors';
import { Progress } from '../progress';
import { writeOnce } from '../secret-files';
import { CeremonyLayout } from './ceremony-files';
import { BootstrapObjects, DeclaredAudit } from './declared-objects';

/** Enables each declared audit device that is not enabled yet; returns the enabled paths. */
export async function ensureAuditDevices(root: VaultClient, objects: BootstrapObjects): Promise<string[]> {
  const listed = await root.get<{ data?: Record<string, unknown> }>('sys/audit');
  const existing = new Set(Object.keys(listed.data ?? {}));
  for (const audit of objects.audits) {
    if (existing.has(`${audit.path}/`)) continue;
    await enableAudit(root, audit);
    existing.add(`${audit.path}/`);
  }
  return [...existing].sort();
}

async function enableAudit(root: VaultClient, audit: DeclaredAudit): Promise<void> {
  try {
    await root.put(`sys/audit/${audit.path}`, audit.body);
  } catch (e) {
    if (e instanceof VaultApiError && e.errors.some((m) => m.includes('cannot enable audit device via API'))) {
      throw new CliError('the server refuses to enable audit devices through the API (OpenBao): set `unsafe_allow_api_audit_creation = true` in the server config');
    }
    throw e;
  }
}

/** Enables the AppRole mount unless it is there; refuses a mount of another type at its path. Returns whether it was there. */
export async function ensureApprole(root: VaultClient, objects: BootstrapObjects): Promise<boolean> {
  const { approle } = objects;
  const auths = await root.get<{ data?: Record<string, { type?: string }> }>('sys/auth');
  const mounted = (auths.data ?? (auths as Record<string, { type?: string }>))[`${approle.path}/`];
  if (!mounted) {
    await root.post(`sys/auth/${approle.path}`, approle.body);
    return false;
  }
  if (mounted.type !== 'approle') throw new CliError(`auth/${approle.path}/ is mounted with type "${mounted.type}", not approle: the stack declares AppRole there`);
  return true;
}

/** Writes the admin policy and role as declared (writing them again is harmless). */
export async function writeAdminPolicyAndRole(root: VaultClient, objects: BootstrapObjects): Promise<void> {
  const { adminPolicy, adminRole } = objects;
  await root.put(`sys/policies/acl/${adminPolicy.name}`, { policy: adminPolicy.policy });
  await root.post(`auth/${adminRole.backend}/role/${adminRole.roleName}`, adminRole.body);
}

export interface AdminCredentials {
  readonly roleId: string;
  readonly secretId: string;
  readonly accessor: string;
  /** What was done, for the progress detail (never a secret). */
  readonly actions: readonly string[];
}

const readIfPresent = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : undefined);

/**
 * The admin role_id, secret_id and secret_id_accessor files, each written once (0600): kept when
 * they hold what the server knows, completed when missing. An empty file (a run killed between
 * creating and writing it) is replaced; a secret ID the server does not know is refused. Every
 * other secret ID of the role (issued by a run that was stopped before writing it) is destroyed,
 * so exactly one exists: the one in the file.
 */
export async function ensureAdminCredentials(root: VaultClient, objects: BootstrapObjects, layout: CeremonyLayout): Promise<AdminCredentials> {
  const role = objects.adminRole.roleName;
  const actions: string[] = [];
  const roleId = await readRoleId(root, role);
  const heldRoleId = readIfPresent(layout.roleId);
  if (heldRoleId === undefined || heldRoleId === '') {
    if (heldRoleId === '') fs.rmSync(layout.roleId);
    writeOnce(layout.roleId, roleId);
    actions.push('role_id written');
  } else if (heldRoleId !== roleId) {
    throw new CliError(`--out-dir: "${layout.roleId}" holds another role ID than the server's ${role} role; it is not from this server: move ${layout.adminDir} away and run --resume again`);
  }

  let secretId = readIfPresent(layout.secretId);
  let accessor: string | undefined;
  if (secretId === '') {
    fs.rmSync(layout.secretId);
    secretId = undefined;
  }
  if (secretId !== undefined) {
    accessor = await accessorOfSecretId(root, role, secretId);
    if (!accessor) throw new CliError(`--out-dir: "${layout.secretId}" holds a secret ID the server does not know for ${role} (expired, destroyed, or from another server): move it away and run --resume again`);
  } else {
    const issued = await createSecretId(root, role);
    fs.rmSync(layout.secretIdAccessor, { force: true }); // belonged to a secret ID that was never written
    writeOnce(layout.secretId, issued.secret);
    secretId = issued.secret;
    accessor = issued.accessor;
    actions.push('secret_id issued and written');
  }
  const heldAccessor = readIfPresent(layout.secretIdAccessor);
  if (heldAccessor !== accessor) {
    fs.rmSync(layout.secretIdAccessor, { force: true });
    writeOnce(layout.secretIdAccessor, accessor);
    if (!actions.includes('secret_id issued and written')) actions.push('secret_id_accessor written');
  }

  const orphans = (await listSecretIds(root, role)).filter((s) => s.accessor !== accessor);
  for (const s of orphans) await destroySecretIdByAccessor(root, role, s.accessor);
  if (orphans.length > 0) actions.push(`${orphans.length} secret ID(s) nobody holds destroyed`);
  if (actions.length === 0) actions.push('already complete');
  return { roleId, secretId, accessor, actions };
}

/** Logs in with the admin credentials from this host, looks the token up and revokes it. */
export async function checkAdminLogin(anon: VaultClient, creds: AdminCredentials): Promise<void> {
  const token = await approleLogin(anon, creds.roleId, creds.secretId);
  const admin = anon.withToken(token);
  await admin.get('auth/token/lookup-self');
  await admin.post('auth/token/revoke-self');
}

/** What the final step revoked besides the run's own root token. */
export interface RevokedTokens {
  /** Root tokens of an interrupted run (the one sys/init issued, or one an earlier --resume regenerated). */
  readonly root: number;
  /** Admin login tokens of an interrupted login check (nobody uses the admin credentials before the hand-over). */
  readonly adminLogin: number;
}

/**
 * Revokes every token the ceremony may have left behind: every root token but `root`'s own, every
 * token of an admin AppRole login (a login check cut off before it revoked its token), then `root`
 * itself, and checks it is refused afterwards.
 */
export async function revokeCeremonyTokens(root: VaultClient, token: string, objects: BootstrapObjects): Promise<RevokedTokens> {
  const { backend, roleName } = objects.adminRole;
  const self = await root.get<{ data?: { accessor?: string } }>('auth/token/lookup-self');
  const own = self.data?.accessor;
  const listed = await root.list<{ data?: { keys?: string[] } }>('auth/token/accessors');
  const revoked = { root: 0, adminLogin: 0 };
  for (const accessor of listed.data?.keys ?? []) {
    if (accessor === own) continue;
    const res = await root.raw<{ data?: { policies?: string[]; path?: string; meta?: Record<string, string> | null } }>('POST', 'auth/token/lookup-accessor', { body: { accessor } });
    const d = res.body.data;
    if (res.status !== 200 || !d) continue; // expired meanwhile
    const kind = d.policies?.includes('root') ? 'root' : d.path === `auth/${backend}/login` && d.meta?.role_name === roleName ? 'adminLogin' : undefined;
    if (!kind) continue;
    await root.post('auth/token/revoke-accessor', { accessor });
    revoked[kind] += 1;
  }
  await root.post('auth/token/revoke-self');
  const check = await root.raw('GET', 'auth/token/lookup-self', { token });
  if (check.status !== 403) throw new CliError(`the root token still answers (HTTP ${check.status}) after revocation`);
  return revoked;
}

export interface HandoverResult<T> {
  readonly auditDevices: string[];
  readonly revoked: RevokedTokens;
  /** What `beforeRevoke` returned. */
  readonly beforeRevoke: T;
}

/**
 * Steps 5 to 11 of the ceremony on an unsealed server with a root token: audit device, AppRole,
 * admin policy and role, admin credentials, login check, `beforeRevoke` with the root client (the
 * cluster step: it still needs root), revocation of every root token.
 */
export async function completeHandover<T>(anon: VaultClient, rootToken: string, progress: Progress, objects: BootstrapObjects, layout: CeremonyLayout, revokeTitle: string, beforeRevoke: (root: VaultClient) => Promise<T>): Promise<HandoverResult<T>> {
  const root = anon.withToken(rootToken);
  const { approle, adminPolicy, adminRole } = objects;

  progress.next('Enabling the audit device before anything else');
  const auditDevices = await ensureAuditDevices(root, objects);
  progress.detail(`audit devices: ${auditDevices.join(', ')}`);

  progress.next(`Enabling AppRole auth at ${approle.path}/`);
  if (await ensureApprole(root, objects)) progress.detail(`${approle.path}/ already enabled`);

  const cidrs = ((adminRole.body.secret_id_bound_cidrs as string[] | undefined) ?? []).join(', ');
  progress.next(`Writing policy ${adminPolicy.name} and role ${adminRole.roleName} (bound to ${cidrs})`);
  await writeAdminPolicyAndRole(root, objects);

  progress.next(`Issuing the ${adminRole.roleName} credentials (each written once, mode 0600)`);
  const creds = await ensureAdminCredentials(root, objects, layout);
  progress.detail(`${layout.roleId}, ${layout.secretId} (secret ID accessor ${creds.accessor}): ${creds.actions.join('; ')}`);

  progress.next(`Checking the ${adminRole.roleName} credentials log in`);
  await checkAdminLogin(anon, creds);

  const before = await beforeRevoke(root);

  progress.next(revokeTitle);
  const revoked = await revokeCeremonyTokens(root, rootToken, objects);
  const left = [
    ...(revoked.root > 0 ? [`${revoked.root} other root token(s)`] : []),
    ...(revoked.adminLogin > 0 ? [`${revoked.adminLogin} ${adminRole.roleName} login token(s)`] : []),
  ];
  progress.detail(`root token revoked (lookup-self with it is refused)${left.length > 0 ? `; also revoked, left by the interrupted run: ${left.join(', ')}` : ''}`);
  return { auditDevices, revoked, beforeRevoke: before };
}
