// The AppRole endpoints the CLI uses, typed. Secret IDs and tokens are returned to the caller, never logged.
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { CliError } from '../errors';
import { LAYOUT } from '../../stacks/layout';

/** The AppRole mount the configuration declares (stacks/layout.ts). */
const APPROLE_MOUNT = LAYOUT.approleMount;

const rolePath = (role: string) => `auth/${APPROLE_MOUNT}/role/${encodeURIComponent(role)}`;

export interface IssuedSecretId {
  /** The secret ID, or the wrapping token when response-wrapped. */
  readonly secret: string;
  readonly accessor: string;
  readonly wrapped: boolean;
  /** Seconds the secret ID (or the wrapping token) lives; 0 = no expiry. */
  readonly ttlSeconds: number;
}

export interface SecretIdInfo {
  readonly accessor: string;
  readonly creationTime: string;
  /** ISO time; empty or the zero time when the secret ID never expires. */
  readonly expirationTime: string;
  readonly cidrList: readonly string[];
  readonly numUses: number;
  /** Metadata given at creation (`credentials rotate` tags its secret IDs with the rotation's id). */
  readonly metadata: Readonly<Record<string, string>>;
}

/** The role's settings the CLI checks against: lifetimes, in seconds (0 = the mount's default, or none). */
export interface RoleSettings {
  readonly secretIdTtlSeconds: number;
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  readonly tokenPeriodSeconds: number;
}

async function roleNotFound(client: VaultClient, role: string): Promise<CliError> {
  const roles = await listRoles(client).catch(() => [] as string[]);
  return new CliError(`--role: no AppRole named "${role}" on auth/${APPROLE_MOUNT}; existing roles: ${roles.join(', ') || '(none)'}`, 2);
}

/** The names of the roles on the AppRole mount. */
export async function listRoles(client: VaultClient): Promise<string[]> {
  const res = await client.raw<{ data?: { keys?: string[] } }>('LIST', `auth/${APPROLE_MOUNT}/role`);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new VaultApiError('LIST', `auth/${APPROLE_MOUNT}/role`, res.status, res.body.errors ?? []);
  return (res.body.data?.keys as string[] | undefined) ?? [];
}

/** The role ID; a clear error naming the role and the existing roles when it does not exist. */
export async function readRoleId(client: VaultClient, role: string): Promise<string> {
  const res = await client.raw<{ data?: { role_id?: string } }>('GET', `${rolePath(role)}/role-id`);
  if (res.status === 404) throw await roleNotFound(client, role);
  if (res.status !== 200) throw new VaultApiError('GET', `${rolePath(role)}/role-id`, res.status, res.body.errors ?? []);
  return String(res.body.data?.role_id);
}

/** What a role's settings say about where and how long its credentials work (seconds; 0 = the mount's default). */
export interface RoleSettings {
  readonly secretIdBoundCidrs: readonly string[];
  readonly tokenBoundCidrs: readonly string[];
  readonly secretIdTtlSeconds: number;
  readonly tokenTtlSeconds: number;
  readonly tokenMaxTtlSeconds: number;
  readonly tokenPeriodSeconds: number;
}

/** A role's settings, or undefined when the role does not exist. */
export async function findRoleSettings(client: VaultClient, role: string): Promise<RoleSettings | undefined> {
  const res = await client.raw<{ data?: Record<string, unknown> }>('GET', rolePath(role));
  if (res.status === 404) return undefined;
  if (res.status !== 200 || !res.body.data) throw new VaultApiError('GET', rolePath(role), res.status, res.body.errors ?? []);
  const d = res.body.data;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    secretIdBoundCidrs: list(d.secret_id_bound_cidrs),
    tokenBoundCidrs: list(d.token_bound_cidrs),
    secretIdTtlSeconds: Number(d.secret_id_ttl ?? 0),
    tokenTtlSeconds: Number(d.token_ttl ?? 0),
    tokenMaxTtlSeconds: Number(d.token_max_ttl ?? 0),
    tokenPeriodSeconds: Number(d.token_period ?? 0),
  };
}

/** A role's settings; the same clear error as {@link readRoleId} when it does not exist. */
export async function readRoleSettings(client: VaultClient, role: string): Promise<RoleSettings> {
  const settings = await findRoleSettings(client, role);
  if (!settings) throw await roleNotFound(client, role);
  return settings;
}

/** Generates a secret ID, optionally response-wrapped, restricted to CIDR blocks and tagged with metadata. */
export async function createSecretId(
  client: VaultClient,
  role: string,
  opts: { wrapTtl?: string; cidrList?: readonly string[]; metadata?: Readonly<Record<string, string>> } = {},
): Promise<IssuedSecretId> {
  const body: Record<string, unknown> = {};
  if (opts.cidrList && opts.cidrList.length > 0) body.cidr_list = opts.cidrList;
  if (opts.metadata) body.metadata = JSON.stringify(opts.metadata);
  const res = await client.post<{
    data?: { secret_id?: string; secret_id_accessor?: string; secret_id_ttl?: number };
    wrap_info?: { token?: string; ttl?: number; wrapped_accessor?: string };
  }>(`${rolePath(role)}/secret-id`, body, { wrapTtl: opts.wrapTtl });
  if (opts.wrapTtl) {
    const w = res.wrap_info;
    if (!w?.token || !w.wrapped_accessor) throw new CliError('the server did not wrap the secret ID (no wrap_info in the answer)');
    return { secret: w.token, accessor: w.wrapped_accessor, wrapped: true, ttlSeconds: Number(w.ttl ?? 0) };
  }
  const d = res.data ?? {};
  if (!d.secret_id || !d.secret_id_accessor) throw new CliError('the server answered without a secret ID');
  return { secret: d.secret_id, accessor: d.secret_id_accessor, wrapped: false, ttlSeconds: Number(d.secret_id_ttl ?? 0) };
}

/**
 * Destroys a secret ID by its accessor: true when destroyed, false when the server has no such
 * accessor (expired or destroyed already), so a re-run can finish what an interrupted one started.
 */
export async function destroySecretIdByAccessor(client: VaultClient, role: string, accessor: string): Promise<boolean> {
  const p = `${rolePath(role)}/secret-id-accessor/destroy`;
  const res = await client.raw('POST', p, { body: { secret_id_accessor: accessor } });
  if (res.status === 204 || res.status === 200) return true;
  const errors = res.body.errors ?? [];
  // OpenBao 2.7.2 answers 500 "failed to find accessor entry" for an unknown accessor.
  if (res.status === 404 || errors.some((e) => e.includes('failed to find accessor entry'))) return false;
  throw new VaultApiError('POST', p, res.status, errors);
}

/**
 * A live secret ID by accessor, or undefined when the server no longer has it: OpenBao 2.7.2
 * answers 404 for a destroyed one and 204 (no data) for an expired one.
 */
export async function lookupSecretIdAccessor(client: VaultClient, role: string, accessor: string): Promise<SecretIdInfo | undefined> {
  const p = `${rolePath(role)}/secret-id-accessor/lookup`;
  const r = await client.raw<{ data?: Record<string, unknown> }>('POST', p, { body: { secret_id_accessor: accessor } });
  if (r.status === 404 || r.status === 204 || (r.status === 200 && !r.body.data)) return undefined;
  if (r.status !== 200 || !r.body.data) throw new VaultApiError('POST', p, r.status, r.body.errors ?? []);
  const d = r.body.data;
  return {
    accessor,
    creationTime: String(d.creation_time ?? ''),
    expirationTime: String(d.expiration_time ?? ''),
    cidrList: (d.cidr_list as string[] | null) ?? [],
    numUses: Number(d.secret_id_num_uses ?? 0),
    metadata: (d.metadata as Record<string, string> | null) ?? {},
  };
}

/** The accessor of a (not wrapped) secret ID, or undefined when the server does not know it. */
export async function accessorOfSecretId(client: VaultClient, role: string, secretId: string): Promise<string | undefined> {
  const res = await client.raw<{ data?: { secret_id_accessor?: string } }>('POST', `${rolePath(role)}/secret-id/lookup`, { body: { secret_id: secretId } });
  if (res.status !== 200) return undefined;
  return res.body.data?.secret_id_accessor as string | undefined;
}

/** The live secret IDs of a role. */
export async function listSecretIds(client: VaultClient, role: string): Promise<SecretIdInfo[]> {
  const res = await client.raw<{ data?: { keys?: string[] } }>('LIST', `${rolePath(role)}/secret-id`);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new VaultApiError('LIST', `${rolePath(role)}/secret-id`, res.status, res.body.errors ?? []);
  const accessors = (res.body.data?.keys as string[] | undefined) ?? [];
  const infos: SecretIdInfo[] = [];
  for (const accessor of accessors) {
    const info = await lookupSecretIdAccessor(client, role, accessor);
    if (info) infos.push(info); // else expired between list and lookup
  }
  return infos;
}

/** The role ID of a role, or undefined when the role does not exist. Never logged: callers compare it. */
export async function roleIdOf(client: VaultClient, role: string): Promise<string | undefined> {
  const res = await client.raw<{ data?: { role_id?: string } }>('GET', `${rolePath(role)}/role-id`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new VaultApiError('GET', `${rolePath(role)}/role-id`, res.status, res.body.errors ?? []);
  return res.body.data?.role_id;
}

/** Lease TTLs of the AppRole mount in seconds, as the server applies them (its tune falls back to the system's). */
export async function readMountLeaseTtls(client: VaultClient): Promise<{ defaultLeaseTtl: number; maxLeaseTtl: number }> {
  const res = await client.get<{ data?: { default_lease_ttl?: number; max_lease_ttl?: number } }>(`sys/mounts/auth/${APPROLE_MOUNT}/tune`);
  return { defaultLeaseTtl: Number(res.data?.default_lease_ttl ?? 0), maxLeaseTtl: Number(res.data?.max_lease_ttl ?? 0) };
}

/** The AppRole mount path (`auth/<mount>`), for messages. */
export const APPROLE_MOUNT_PATH = `auth/${APPROLE_MOUNT}`;

/** What an AppRole login returns: the token, its accessor and its lifetime. */
export interface AppRoleLogin {
  readonly token: string;
  readonly accessor: string;
  readonly ttlSeconds: number;
}

/** Logs in with a role ID and secret ID; returns the token with its accessor and lifetime. */
export async function approleLoginDetails(client: VaultClient, roleId: string, secretId: string): Promise<AppRoleLogin> {
  const res = await client.post<{ auth?: { client_token?: string; accessor?: string; lease_duration?: number } }>(`auth/${APPROLE_MOUNT}/login`, { role_id: roleId, secret_id: secretId }, { token: null });
  const token = res.auth?.client_token;
  if (!token) throw new CliError('AppRole login answered without a token');
  return { token, accessor: res.auth?.accessor ?? '(unknown)', ttlSeconds: Number(res.auth?.lease_duration ?? 0) };
}

/** Logs in with a role ID and secret ID; returns the client token. */
export async function approleLogin(client: VaultClient, roleId: string, secretId: string): Promise<string> {
  return (await approleLoginDetails(client, roleId, secretId)).token;
}
