// AppRole logins for the tests: root issues a fresh secret ID (as the operations CLI would) and
// the role logs in from a loopback source address inside its bindings, read from the server.
import { VaultClient } from '../../../vault-api/client';
import { loopbackInside } from './loopback-sources';

export interface RoleBindings {
  readonly mount: string;
  readonly secretIdBoundCidrs: readonly string[];
  readonly tokenBoundCidrs: readonly string[];
}

/** The path of the (single) approle auth mount. */
export async function approleMount(root: VaultClient): Promise<string> {
  const auths = (await root.get('sys/auth')).data as Record<string, { type: string }>;
  const paths = Object.entries(auths).filter(([, a]) => a.type === 'approle').map(([p]) => p.replace(/\/$/, ''));
  if (paths.length !== 1) throw new Error(`expected exactly one approle auth mount, found ${JSON.stringify(paths)}`);
  return paths[0];
}

export async function roleBindings(root: VaultClient, role: string): Promise<RoleBindings> {
  const mount = await approleMount(root);
  const r = (await root.get(`auth/${mount}/role/${role}`)).data as Record<string, unknown>;
  return {
    mount,
    secretIdBoundCidrs: (r.secret_id_bound_cidrs as string[] | null) ?? [],
    tokenBoundCidrs: (r.token_bound_cidrs as string[] | null) ?? [],
  };
}

/** role_id and a fresh secret_id (never logged). */
export async function credentials(root: VaultClient, role: string): Promise<{ roleId: string; secretId: string; mount: string }> {
  const mount = await approleMount(root);
  const roleId = String(((await root.get(`auth/${mount}/role/${role}/role-id`)).data as Record<string, unknown>).role_id);
  const secretId = String(((await root.post(`auth/${mount}/role/${role}/secret-id`, {})).data as Record<string, unknown>).secret_id);
  return { roleId, secretId, mount };
}

export interface RoleSession {
  readonly role: string;
  readonly token: string;
  readonly sourceAddress: string;
  /** Sends the role's token from `sourceAddress`. */
  readonly client: VaultClient;
}

/** Logs in as `role` from a loopback address inside both of its bindings. */
export async function loginAs(root: VaultClient, role: string): Promise<RoleSession> {
  const b = await roleBindings(root, role);
  const source = loopbackInside(b.secretIdBoundCidrs, b.tokenBoundCidrs);
  if (!source) throw new Error(`${role}: no loopback address is inside secret_id_bound_cidrs ${JSON.stringify(b.secretIdBoundCidrs)} and token_bound_cidrs ${JSON.stringify(b.tokenBoundCidrs)}`);
  const { roleId, secretId, mount } = await credentials(root, role);
  const anon = new VaultClient({ address: root.options.address, localAddress: source });
  const res = await anon.raw<{ auth?: { client_token?: string } }>('POST', `auth/${mount}/login`, { body: { role_id: roleId, secret_id: secretId }, token: null });
  const token = res.body.auth?.client_token;
  if (res.status !== 200 || !token) throw new Error(`${role}: login from ${source} -> HTTP ${res.status}: ${(res.body.errors ?? []).join('; ')}`);
  return { role, token, sourceAddress: source, client: new VaultClient({ address: root.options.address, token, localAddress: source }) };
}
