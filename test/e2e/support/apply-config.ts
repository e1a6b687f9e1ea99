// The apply fixture: applies a synthesized e2e config stack (`cdk.tf.json`) to a real server by
// making the API calls terraform-provider-vault 5.6.0 makes, resource by resource, in dependency
// order. Like `terraform apply` it first reads what exists (refresh), compares it with the config
// (plan) and only then creates or updates; a second apply with the state of the first reports no
// changes when the configuration is idempotent. It refuses anything it does not mirror and any
// change that would make terraform destroy and re-create an object. See docs/e2e.md.
import * as fs from 'node:fs';
import type { VaultClient } from '../../../vault-api/client';
import { HANDLERS } from './resources';
import type { AttributeSpec, Attributes, ResourceHandler } from './resources/types';
import { resolveReferences, TerraformExpressionError, type ResourceReference } from '../../../terraform-json/references';
import { parseTfConfig, UnsupportedConfigError, type TfConfig, type TfResource } from './tf-config';

export { UnsupportedConfigError } from './tf-config';

/** What terraform would keep in state for one resource: its id and attributes after Read. */
export interface ResourceState {
  readonly id: string;
  readonly attributes: Attributes;
}
/** State by resource address; pass the state of one apply to the next, as terraform does. */
export type ApplyState = Record<string, ResourceState>;

export interface AttributeChange {
  readonly attribute: string;
  /** Undefined when the object did not exist. Never holds secret values: config attributes only. */
  readonly from: unknown;
  readonly to: unknown;
}

export interface ResourceResult {
  readonly address: string;
  readonly id: string;
  /** create: new object; import: adopted via an import block; update: changed in place; no-op. */
  readonly action: 'create' | 'import' | 'update' | 'no-op' | 'import+update';
  /** What the plan found different before the apply (empty for no-op). */
  readonly changes: readonly AttributeChange[];
  /** Differences still present after the apply (the provider accepts them; the next plan shows them). */
  readonly driftAfterApply: readonly AttributeChange[];
}

export interface ApplyReport {
  readonly resources: readonly ResourceResult[];
  /** Resources created or updated (imports without changes do not count). */
  readonly changeCount: number;
  readonly state: ApplyState;
  /** The API calls made, in order (`METHOD path`), for the docs and for debugging. Never bodies. */
  readonly calls: readonly string[];
}

export interface ApplyOptions {
  /** State from a previous apply. @default {} (first apply) */
  readonly state?: ApplyState;
}

/** Reads and parses a `cdk.tf.json`. */
export function loadConfigFile(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Validates a config without touching a server (throws {@link UnsupportedConfigError}). */
export function checkConfig(json: unknown): TfConfig {
  return parseTfConfig(json, new Set(HANDLERS.keys()), (r) => {
    const h = HANDLERS.get(r.type)!;
    const problems: string[] = [];
    for (const [k, v] of Object.entries(r.attributes)) {
      if (v === null) continue; // cdktf writes null for unset fields
      if (h.notMirrored?.[k] !== undefined) problems.push(`${r.address}.${k} is not mirrored: ${h.notMirrored[k]}`);
      else if (!(k in h.schema) || h.schema[k].computedOnly) problems.push(`${r.address}.${k} is not an attribute the fixture knows`);
    }
    return problems;
  });
}

/** A client wrapper that records `METHOD path` of every call (no bodies). */
function recording(client: VaultClient, calls: string[]): VaultClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'raw') {
        return (method: string, path: string, opts?: unknown) => {
          calls.push(`${method} ${path}`);
          return target.raw(method, path, opts as never);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(receiver) : v;
    },
  });
}

/**
 * Mirrors the provider's configure step (internal/provider/meta.go): it looks up the token it was
 * given (`auth/token/lookup-self`), then, unless `skip_child_token` is true, creates a child
 * token (`auth/token/create`, display name `token_name` or "terraform", TTL and explicit max TTL
 * `max_lease_ttl_seconds` or 1200 s, not renewable) and makes every further call with it.
 */
async function providerClient(client: VaultClient, provider: Readonly<Record<string, unknown>>, calls: string[]): Promise<VaultClient> {
  client = recording(client, calls);
  await client.get('sys/seal-status'); // the provider reads the server version here
  await client.get('auth/token/lookup-self');
  if (provider.skip_child_token === true) return client;
  const ttl = Number(provider.max_lease_ttl_seconds ?? 1200);
  const res = await client.post<{ auth?: { client_token?: string } }>('auth/token/create', {
    display_name: String(provider.token_name ?? 'terraform'), ttl: `${ttl}s`, explicit_max_ttl: `${ttl}s`, renewable: false,
  });
  const token = (res.auth as { client_token?: string } | undefined)?.client_token;
  if (!token) throw new Error('auth/token/create returned no client token');
  return recording(client.withToken(token), calls);
}

function normalise(spec: AttributeSpec, v: unknown): unknown {
  switch (spec.kind) {
    case 'int': return v === undefined || v === null || v === '' ? 0 : Number(v);
    case 'bool': return v === true || v === 'true';
    case 'string': return v === undefined || v === null ? '' : String(v);
    case 'set': return [...((v as unknown[] | null) ?? [])].map(String).sort();
    case 'list': return [...((v as unknown[] | null) ?? [])].map(String);
    case 'map': return Object.fromEntries(Object.entries((v as Record<string, unknown> | null) ?? {}).map(([k, x]) => [k, String(x)]).sort(([a], [b]) => a.localeCompare(b)));
    default: return v;
  }
}

/** The plan for one object: attributes whose desired value differs from what the server has. */
export function diff(h: ResourceHandler, desired: Attributes, actual: Attributes): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const [attr, spec] of Object.entries(h.schema)) {
    if (spec.computedOnly) continue;
    const want = desired[attr] !== undefined ? desired[attr] : spec.default;
    if (want === undefined) continue; // unset Optional(+Computed): terraform keeps what is there
    if (!(attr in actual)) continue; // the provider's Read does not set it
    const equal = spec.equals
      ? spec.equals(want, actual[attr])
      : JSON.stringify(normalise(spec, want)) === JSON.stringify(normalise(spec, actual[attr]));
    if (!equal) changes.push({ attribute: attr, from: actual[attr], to: want });
  }
  return changes;
}

function forcesReplacement(h: ResourceHandler, c: AttributeChange): boolean {
  const spec = h.schema[c.attribute];
  return spec.forceNewWhen ? spec.forceNewWhen(c.to, c.from) : spec.forceNew === true;
}

/** Applies the config to the server behind `client` (a token allowed to configure it). */
export async function applyConfig(client: VaultClient, json: unknown, opts: ApplyOptions = {}): Promise<ApplyReport> {
  const config = checkConfig(json);
  const calls: string[] = [];
  const api = await providerClient(client, config.provider, calls);
  const previous = opts.state ?? {};
  const state: ApplyState = {};
  const results: ResourceResult[] = [];

  const lookup = ({ address, attribute: attr }: ResourceReference): unknown => {
    const s = state[address];
    if (!s) throw new UnsupportedConfigError(`reference to ${address}.${attr} before it was applied`);
    const v = attr === 'id' ? s.id : s.attributes[attr];
    if (v === undefined) throw new UnsupportedConfigError(`reference to ${address}.${attr}: the attribute is not known after apply`);
    return v;
  };

  for (const r of config.resources) {
    const h = HANDLERS.get(r.type)!;
    results.push(await applyOne(api, h, r, previous[r.address], lookup, state));
  }
  const changeCount = results.filter((r) => r.action !== 'no-op' && r.action !== 'import').length;
  return { resources: results, changeCount, state, calls };
}

async function applyOne(
  api: VaultClient, h: ResourceHandler, r: TfResource, prev: ResourceState | undefined,
  lookup: (ref: ResourceReference) => unknown, state: ApplyState,
): Promise<ResourceResult> {
  const resolved = resolveAttributes(r, lookup);
  const desired: Attributes = Object.fromEntries(Object.entries(resolved).filter(([, v]) => v !== null));
  const existingId = prev?.id ?? r.importId;
  let action: ResourceResult['action'];
  let id: string;
  let changes: AttributeChange[] = [];
  const current = existingId !== undefined ? await h.read(api, existingId, desired) : undefined;

  if (current === undefined) {
    if (r.importId !== undefined && prev === undefined) {
      throw new UnsupportedConfigError(`${r.address}: import id "${r.importId}" does not exist on the server (terraform: "Cannot import non-existent remote object")`);
    }
    id = h.id(desired);
    await h.create(api, desired);
    action = 'create';
    changes = Object.entries(desired).map(([attribute, to]) => ({ attribute, from: undefined, to }));
  } else {
    id = existingId!;
    changes = diff(h, desired, current);
    const replace = changes.filter((c) => forcesReplacement(h, c));
    if (replace.length > 0) {
      throw new UnsupportedConfigError(`${r.address} (${id}) would be destroyed and re-created because of ${replace.map((c) => `${c.attribute}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ')}; the fixture never replaces objects`);
    }
    if (changes.length > 0) await h.update(api, id, desired, current, changes.map((c) => c.attribute));
    const imported = prev === undefined && r.importId !== undefined;
    action = changes.length > 0 ? (imported ? 'import+update' : 'update') : (imported ? 'import' : 'no-op');
  }

  const after = await h.read(api, id, desired);
  if (!after) throw new Error(`${r.address}: ${id} does not exist after apply`);
  state[r.address] = { id, attributes: { ...desired, ...after, id } };
  return { address: r.address, id, action, changes, driftAfterApply: diff(h, desired, after) };
}

/** A one-line-per-resource summary for logs (`create vault_mount.transit (transit)`). */
export function describeReport(report: ApplyReport): string {
  return report.resources
    .map((r) => `${r.action.padEnd(13)} ${r.address} (${r.id})${r.changes.length && r.action !== 'create' ? ` [${r.changes.map((c) => c.attribute).join(', ')}]` : ''}`)
    .join('\n');
}

/** The resource's attributes with references replaced by applied values; errors carry the fixture's prefix. */
function resolveAttributes(r: TfResource, lookup: (ref: ResourceReference) => unknown): Attributes {
  try {
    return resolveReferences(r.attributes, r.address, lookup) as Attributes;
  } catch (e) {
    if (e instanceof TerraformExpressionError) throw new UnsupportedConfigError(e.message);
    throw e;
  }
}
