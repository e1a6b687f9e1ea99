// What a synthesized config stack declares, as drift compares it: every Vault object by its API
// name, attributes as synthesized with references resolved (cli/bootstrap/declared-objects.ts).
import { trimSlashes } from '../../model/mount-paths';
import { readConfigStack } from '../bootstrap/declared-objects';

type Attributes = Readonly<Record<string, unknown>>;

export interface DeclaredConfig {
  readonly policies: ReadonlyArray<{ readonly name: string; readonly text: string }>;
  readonly roles: ReadonlyArray<{ readonly backend: string; readonly name: string; readonly attrs: Attributes }>;
  /** Secrets engines by mount path (no slashes). */
  readonly mounts: ReadonlyArray<{ readonly path: string; readonly attrs: Attributes }>;
  /** Auth methods by path (no slashes, no `auth/`). */
  readonly authMethods: ReadonlyArray<{ readonly path: string; readonly attrs: Attributes }>;
  readonly kvSettings: ReadonlyArray<{ readonly mount: string; readonly attrs: Attributes }>;
  readonly transitKeys: ReadonlyArray<{ readonly backend: string; readonly name: string; readonly attrs: Attributes }>;
  readonly audits: ReadonlyArray<{ readonly path: string; readonly attrs: Attributes }>;
  /** Resource types of the stack drift does not compare (e.g. a provider resource added later). */
  readonly notCompared: readonly string[];
}

const COMPARED = ['vault_policy', 'vault_approle_auth_backend_role', 'vault_mount', 'vault_auth_backend', 'vault_kv_secret_backend_v2', 'vault_transit_secret_backend_key', 'vault_audit'];

/** Reads `file` (a synthesized config stack's cdk.tf.json). */
export function readDeclaredConfig(file: string): DeclaredConfig {
  const stack = readConfigStack(file);
  const of = (type: string) => stack.of(type).map(({ a }) => a);
  return {
    policies: of('vault_policy').map((a) => ({ name: String(a.name), text: String(a.policy ?? '') })),
    roles: of('vault_approle_auth_backend_role').map((a) => ({ backend: trimSlashes(a.backend ?? 'approle'), name: String(a.role_name), attrs: a })),
    mounts: of('vault_mount').map((a) => ({ path: trimSlashes(a.path), attrs: a })),
    authMethods: of('vault_auth_backend').map((a) => ({ path: trimSlashes(a.path ?? a.type), attrs: { ...a, ...tuneBlock(a.tune) } })),
    kvSettings: of('vault_kv_secret_backend_v2').map((a) => ({ mount: trimSlashes(a.mount), attrs: a })),
    transitKeys: of('vault_transit_secret_backend_key').map((a) => ({ backend: trimSlashes(a.backend), name: String(a.name), attrs: a })),
    audits: of('vault_audit').map((a) => ({ path: trimSlashes(a.path ?? a.type), attrs: a })),
    notCompared: stack.types.filter((t) => t.startsWith('vault_') && !COMPARED.includes(t)),
  };
}

/** vault_auth_backend's `tune` is a list of one block; its fields sit beside the others. */
function tuneBlock(tune: unknown): Attributes {
  const block = Array.isArray(tune) ? tune[0] : tune;
  return typeof block === 'object' && block !== null ? (block as Attributes) : {};
}
