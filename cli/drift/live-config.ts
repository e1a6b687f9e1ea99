// What the server has, read with the token drift runs with (hoodcloud-admin or root): the lists of
// policies, roles, mounts, auth methods, transit keys and audit devices, and each declared
// object's settings. Undeclared policies and roles are known by name only: hoodcloud-admin may list
// them but read only the declared ones, and drift needs no more.
import { VaultClient, VaultApiError } from '../../vault-api/client';
import { CliError } from '../errors';
import { DeclaredConfig } from './declared-config';

type Attributes = Readonly<Record<string, unknown>>;

export interface LiveConfig {
  /** Every ACL policy name the server lists. */
  readonly policyNames: readonly string[];
  /** The text of each declared policy; undefined when it does not exist. */
  readonly policies: ReadonlyMap<string, string | undefined>;
  /** Role names per AppRole backend; undefined when the backend answers nothing (not mounted). */
  readonly roleNames: ReadonlyMap<string, readonly string[] | undefined>;
  /** Each declared role by `<backend>/<name>`; undefined when it does not exist. */
  readonly roles: ReadonlyMap<string, Attributes | undefined>;
  /** `GET sys/mounts` entries by path (no slashes). */
  readonly mounts: ReadonlyMap<string, Attributes>;
  /** `GET sys/auth` entries by path (no slashes). */
  readonly authMethods: ReadonlyMap<string, Attributes>;
  /** `GET <mount>/config` of each declared KV v2 mount; undefined when it answers nothing. */
  readonly kvSettings: ReadonlyMap<string, Attributes | undefined>;
  /** Key names per transit mount; undefined when the mount answers nothing. */
  readonly transitKeyNames: ReadonlyMap<string, readonly string[] | undefined>;
  /** Each declared key by `<backend>/<name>`; undefined when it does not exist. */
  readonly transitKeys: ReadonlyMap<string, Attributes | undefined>;
  /** `GET sys/audit` entries by path (no slashes). */
  readonly audits: ReadonlyMap<string, Attributes>;
}

/** Reads what drift compares; a refusal names the request and what the token needs. */
export async function readLiveConfig(client: VaultClient, declared: DeclaredConfig): Promise<LiveConfig> {
  const api = new Reader(client);
  const transitBackends = [...new Set([...declared.mounts.filter((m) => m.attrs.type === 'transit').map((m) => m.path), ...declared.transitKeys.map((k) => k.backend)])];
  const roleBackends = [...new Set(declared.roles.map((r) => r.backend))];
  return {
    policyNames: (await api.list('sys/policies/acl')) ?? [],
    policies: new Map(await Promise.all(declared.policies.map(async (p) => [p.name, (await api.read(`sys/policies/acl/${p.name}`))?.policy as string | undefined] as const))),
    roleNames: new Map(await Promise.all(roleBackends.map(async (b) => [b, await api.list(`auth/${b}/role`)] as const))),
    roles: new Map(await Promise.all(declared.roles.map(async (r) => [`${r.backend}/${r.name}`, await api.read(`auth/${r.backend}/role/${r.name}`)] as const))),
    mounts: byPath(await api.read('sys/mounts')),
    authMethods: byPath(await api.read('sys/auth')),
    kvSettings: new Map(await Promise.all(declared.kvSettings.map(async (k) => [k.mount, await api.read(`${k.mount}/config`)] as const))),
    transitKeyNames: new Map(await Promise.all(transitBackends.map(async (b) => [b, await api.list(`${b}/keys`)] as const))),
    transitKeys: new Map(await Promise.all(declared.transitKeys.map(async (k) => [`${k.backend}/${k.name}`, await api.read(`${k.backend}/keys/${k.name}`)] as const))),
    audits: byPath(await api.read('sys/audit')),
  };
}

/** `{"secret/": {...}}` → `secret` → entry. */
function byPath(data: Attributes | undefined): Map<string, Attributes> {
  return new Map(Object.entries(data ?? {}).filter(([, v]) => typeof v === 'object' && v !== null).map(([k, v]) => [k.replace(/\/+$/, ''), v as Attributes]));
}

class Reader {
  constructor(private readonly client: VaultClient) {}

  /** `data` of a GET; undefined for 404 (the object does not exist). */
  async read(path: string): Promise<Attributes | undefined> {
    const res = await this.client.raw<{ data?: Attributes }>('GET', path);
    if (res.status === 404) return undefined;
    this.check('GET', path, res.status, res.body.errors);
    return (res.body.data ?? {}) as Attributes;
  }

  /** The keys a LIST answers; undefined for 404 (nothing there, or no such mount). */
  async list(path: string): Promise<string[] | undefined> {
    const res = await this.client.raw<{ data?: { keys?: string[] } }>('LIST', path);
    if (res.status === 404) return undefined;
    this.check('LIST', path, res.status, res.body.errors);
    return (res.body.data?.keys ?? []).map(String);
  }

  private check(method: string, path: string, status: number, errors: readonly string[] | undefined): void {
    if (status === 403) {
      throw new CliError(`${method} ${path} was refused (HTTP 403): drift reads with the hoodcloud-admin policy; log in with --approle-dir <admin credentials> (or a token holding that policy)`);
    }
    if (status < 200 || status > 299) throw new VaultApiError(method, path, status, errors ?? []);
  }
}
