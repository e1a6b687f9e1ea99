// The contract between the apply engine (../apply-config.ts) and one handler per resource type.
// A handler mirrors what terraform-provider-vault 5.6.0 does for that type: its schema (which
// attributes exist, their defaults, which ones force a replacement), its Read (how server state
// maps back to attributes), and the API calls of its Create and Update.
import type { VaultClient } from '../../../../vault-api/client';

export type AttributeKind = 'string' | 'int' | 'bool' | 'set' | 'list' | 'map' | 'block';

export interface AttributeSpec {
  readonly kind: AttributeKind;
  /** The provider schema's `Default`; compared when the config leaves the attribute unset. */
  readonly default?: unknown;
  /** Changing it makes terraform destroy and re-create the object: the fixture refuses. */
  readonly forceNew?: boolean;
  /** Forces a replacement only for some changes (e.g. exportable true -> false). */
  readonly forceNewWhen?: (desired: unknown, actual: unknown) => boolean;
  /** Computed-only (e.g. accessor, role_id): never compared, exported for references. */
  readonly computedOnly?: boolean;
  /** Custom equality (e.g. durations in a tune block). */
  readonly equals?: (desired: unknown, actual: unknown) => boolean;
}

/**
 * terraform-provider-vault adds `namespace` to every resource, ForceNew: a change destroys the object
 * and creates it in the other namespace (seen in real plans by `npm run test:terraform`). Namespaces
 * are Vault Enterprise: every handler also lists it in notMirrored, so a config that sets it is refused.
 */
export const NAMESPACE: AttributeSpec = { kind: 'string', forceNew: true };

/** Attribute values of one object, as the provider's Read would put them in state. */
export type Attributes = Record<string, unknown>;

export interface ResourceHandler {
  readonly type: string;
  /** Every attribute the fixture mirrors; anything else in the config is an error. */
  readonly schema: Readonly<Record<string, AttributeSpec>>;
  /** Attributes the provider knows but the fixture does not mirror, with the reason (error if set). */
  readonly notMirrored?: Readonly<Record<string, string>>;
  /** The Terraform id the provider sets after Create (also the import id format). */
  id(desired: Attributes): string;
  /** Provider Read: attributes from the server, or undefined when the object does not exist. */
  read(client: VaultClient, id: string, desired: Attributes): Promise<Attributes | undefined>;
  /** Provider Create: the API calls for a new object. */
  create(client: VaultClient, desired: Attributes): Promise<void>;
  /** Provider Update: the API calls for changed, updatable attributes (names in `changed`). */
  update(client: VaultClient, id: string, desired: Attributes, current: Attributes, changed: readonly string[]): Promise<void>;
}

/** Reads a path; undefined on 404 (the provider treats a nil secret as "gone"). */
export async function readOrUndefined(client: VaultClient, path: string): Promise<Record<string, unknown> | undefined> {
  const res = await client.raw('GET', path);
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status > 299) {
    throw new Error(`GET /v1/${path} -> HTTP ${res.status}: ${(res.body.errors ?? []).join('; ')}`);
  }
  return (res.body.data ?? res.body) as Record<string, unknown>;
}
