// What Terraform replaces, asked of the real provider (a step of `npm run test:terraform`): every
// settable attribute of every resource of an applied stack is changed on its own (`namespace`
// included), and each resource is also given another address (a renamed construct), with and
// without a `moved` block. Each changed configuration is planned against the applied state
// (`terraform plan -out`, then `terraform show -json` of the planfile), and the actions the plan
// gives every resource (["update"], ["delete","create"], ...) are compared with the review's
// classification of the same change (review/resource-diff.ts over the same two JSON files). Every
// disagreement is printed; the step fails on any, and on any change it could not plan.
//
// One change per resource per plan: changes to resources that do not reference each other share a
// plan, so a stack of a dozen resources needs a few dozen plans, not hundreds.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffResources } from '../../review/resource-diff';
import { parseStack } from '../../review/stack-loader';
import { renameLogicalId } from '../review/support/tf-json';
import { run } from './terraform-runs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What Terraform does to one address: the plan's actions, or the review's prediction of them. */
export type Verdict = 'no-op' | 'update' | 'replace' | 'delete' | 'create';

export interface SchemaAttribute {
  readonly type?: unknown;
  readonly optional?: boolean;
  readonly required?: boolean;
  readonly computed?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

/** One change of one resource: an attribute set to a new value, or the resource given another address. */
export interface ChangeCase {
  readonly type: string;
  readonly logicalId: string;
  /** The attribute, or {@link ADDRESS} / {@link MOVED}. */
  readonly attribute: string;
  readonly value?: unknown;
}

export const ADDRESS = '(address)';
export const MOVED = '(address, with a moved block)';
const RENAMED_SUFFIX = '_renamed';

/** Values the providers accept for attributes they validate at plan time (the generic change would be refused). */
const OVERRIDES: Readonly<Record<string, (current: unknown) => unknown>> = {
  namespace: () => 'hoodcloud-review-ns',
  token_type: (c) => (c === 'batch' ? 'service' : 'batch'),
  listing_visibility: (c) => (c === 'hidden' ? 'unauth' : 'hidden'),
  secret_id_bound_cidrs: (c) => [...(Array.isArray(c) ? c : []), '127.0.0.2/32'],
  token_bound_cidrs: (c) => [...(Array.isArray(c) ? c : []), '127.0.0.2/32'],
  plugin_version: () => 'v1.2.3',
  policy: (c) => `${String(c ?? '')}\n# changed\n`,
  'vault_transit_secret_backend_key.auto_rotate_period': (c) => (Number(c ?? 0) > 0 ? Number(c) + 3600 : 7200),
  'vault_transit_secret_backend_key.key_size': (c) => (c === 32 ? 64 : 32),
  'vault_transit_secret_backend_key.type': (c) => (c === 'chacha20-poly1305' ? 'aes256-gcm96' : 'chacha20-poly1305'),
  'vault_transit_secret_backend_key.parameter_set': () => '44',
  'vault_transit_secret_backend_key.hybrid_key_type_ec': () => 'ecdsa-p256',
  'vault_transit_secret_backend_key.hybrid_key_type_pqc': () => 'ml-dsa',
  'docker_container.cpu_set': (c) => (c === '0' ? '1' : '0'),
  'docker_container.restart': (c) => (c === 'always' ? 'no' : 'always'),
  'docker_container.healthcheck.interval': (c) => (c === '30s' ? '40s' : '30s'),
  'docker_container.mounts.type': () => 'volume',
};

/** A value different from `current` that the provider accepts, by the attribute's schema type; undefined when there is none. */
export function changedValue(type: string, attribute: string, schemaType: unknown, current: unknown): unknown {
  const override = OVERRIDES[`${type}.${attribute}`] ?? OVERRIDES[attribute] ?? OVERRIDES[attribute.slice(attribute.lastIndexOf('.') + 1)];
  if (override) return override(current);
  const list = Array.isArray(current) ? current : [];
  if (schemaType === 'string') return typeof current === 'string' && current !== '' ? `${current}-changed` : 'changed';
  if (schemaType === 'number') return (typeof current === 'number' ? current : 0) + 1;
  if (schemaType === 'bool') return current !== true;
  if (Array.isArray(schemaType) && (schemaType[0] === 'list' || schemaType[0] === 'set')) {
    if (schemaType[1] === 'string') return [...list, 'changed'];
    if (schemaType[1] === 'number') return [...list, 7];
  }
  if (Array.isArray(schemaType) && schemaType[0] === 'map' && schemaType[1] === 'string') return { ...(current && typeof current === 'object' ? current : {}), changed: 'changed' };
  if (Array.isArray(schemaType) && (schemaType[0] === 'list' || schemaType[0] === 'set') && Array.isArray(schemaType[1]) && schemaType[1][0] === 'object') {
    // A list of objects (e.g. vault_auth_backend `tune`): every object attribute present, one of them changed.
    const fields = schemaType[1][1] as Record<string, unknown>;
    const first = (list[0] ?? {}) as Json;
    // What the state reads back as "" or [] was not set: left out (null), as the provider's validation wants it.
    const unset = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    const item: Json = Object.fromEntries(Object.keys(fields).map((k) => [k, unset(first[k]) ? null : first[k]]));
    for (const k of Object.keys(fields).sort()) {
      const v = changedValue(type, `${attribute}.${k}`, fields[k], item[k] ?? undefined);
      if (v !== undefined) return [{ ...item, [k]: v }];
    }
  }
  return undefined;
}

/** A nested block with one of its attributes changed (its required ones kept or filled in); undefined when none can be. */
function changedBlock(type: string, name: string, block: SchemaBlock, current: unknown): unknown {
  const items = Array.isArray(current) ? current : current && typeof current === 'object' ? [current] : [];
  const item: Json = { ...((items[0] as Json | undefined) ?? {}) };
  const attributes = Object.entries(block.attributes ?? {}).filter(([, a]) => a.optional || a.required);
  for (const [n, a] of attributes) {
    if (a.required && (item[n] === undefined || item[n] === null)) item[n] = changedValue(type, `${name}.${n}`, a.type, undefined);
  }
  for (const [n, a] of attributes.sort(([x], [y]) => (x < y ? -1 : 1))) {
    const v = changedValue(type, `${name}.${n}`, a.type, item[n]);
    if (v !== undefined) return [{ ...item, [n]: v }];
  }
  return undefined;
}

/** The attributes (and blocks) a configuration may set on a resource type. */
export function settableAttributes(block: SchemaBlock): string[] {
  const attrs = Object.entries(block.attributes ?? {}).filter(([n, a]) => (a.optional || a.required) && n !== 'id').map(([n]) => n);
  return [...attrs, ...Object.keys(block.block_types ?? {})].sort();
}

/**
 * Every single change of every resource: each settable attribute (current value from the applied
 * state), the address alone, and the address with a moved block.
 */
export function singleChanges(stack: Json, state: ReadonlyMap<string, Json>, schemas: ReadonlyMap<string, { readonly block: SchemaBlock }>): { cases: ChangeCase[]; skipped: string[] } {
  const cases: ChangeCase[] = [];
  const skipped: string[] = [];
  for (const [type, byId] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>)) {
    const schema = schemas.get(type)?.block;
    if (!schema) throw new Error(`no provider schema for ${type}`);
    for (const logicalId of Object.keys(byId).sort()) {
      const current = state.get(`${type}.${logicalId}`) ?? {};
      for (const attribute of settableAttributes(schema)) {
        const nested = schema.block_types?.[attribute];
        const value = nested
          ? changedBlock(type, attribute, nested.block, byId[logicalId][attribute] ?? current[attribute])
          : changedValue(type, attribute, schema.attributes![attribute].type, current[attribute] ?? byId[logicalId][attribute]);
        if (value === undefined) skipped.push(`${type}.${logicalId}.${attribute}: no value generator for type ${JSON.stringify(schema.attributes?.[attribute]?.type ?? 'block')}`);
        else cases.push({ type, logicalId, attribute, value });
      }
      cases.push({ type, logicalId, attribute: ADDRESS }, { type, logicalId, attribute: MOVED });
    }
  }
  return { cases, skipped };
}

/** Addresses a resource body names (`${type.id.attr}` references and depends_on). */
function referencedAddresses(body: unknown, out = new Set<string>()): Set<string> {
  if (typeof body === 'string') {
    for (const m of body.matchAll(/\$\{([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.[a-z_][a-z0-9_]*\}/g)) out.add(m[1]);
    if (/^[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+$/.test(body)) out.add(body);
  } else if (Array.isArray(body)) body.forEach((v) => referencedAddresses(v, out));
  else if (body && typeof body === 'object') Object.values(body).forEach((v) => referencedAddresses(v, out));
  return out;
}

/** Groups the cases into plans: at most one change per resource, and never two resources of which one references the other. */
export function batches(stack: Json, cases: readonly ChangeCase[]): ChangeCase[][] {
  const related = new Map<string, Set<string>>();
  for (const [type, byId] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [id, body] of Object.entries(byId)) {
      const a = `${type}.${id}`;
      for (const b of referencedAddresses(body)) {
        for (const [x, y] of [[a, b], [b, a]]) related.set(x, new Set([...(related.get(x) ?? []), y]));
      }
    }
  }
  const queues = new Map<string, ChangeCase[]>();
  for (const c of cases) queues.set(`${c.type}.${c.logicalId}`, [...(queues.get(`${c.type}.${c.logicalId}`) ?? []), c]);
  const out: ChangeCase[][] = [];
  while ([...queues.values()].some((q) => q.length > 0)) {
    const batch: ChangeCase[] = [];
    const taken = new Set<string>();
    for (const [address, queue] of queues) {
      if (queue.length === 0 || [...taken].some((t) => related.get(address)?.has(t))) continue;
      batch.push(queue.shift()!);
      taken.add(address);
    }
    out.push(batch);
  }
  return out;
}

/** The stack with the batch's changes made. */
export function applyChanges(stack: Json, batch: readonly ChangeCase[]): Json {
  let out = JSON.parse(JSON.stringify(stack)) as Json;
  for (const c of batch) {
    if (c.attribute === ADDRESS || c.attribute === MOVED) {
      out = renameLogicalId(out, c.type, c.logicalId, `${c.logicalId}${RENAMED_SUFFIX}`);
      if (c.attribute === MOVED) out.moved = [...(out.moved ?? []), { from: `${c.type}.${c.logicalId}`, to: `${c.type}.${c.logicalId}${RENAMED_SUFFIX}` }];
    } else {
      out.resource[c.type][c.logicalId][c.attribute] = c.value;
    }
  }
  return out;
}

/** The plan's verdict per address (`terraform show -json <planfile>`). */
export function planVerdicts(show: Json): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const rc of (show.resource_changes ?? []) as Json[]) {
    if (rc.mode === 'data') continue;
    const a = (rc.change.actions as string[]).join(',');
    const v: Verdict | undefined = a === 'no-op' ? 'no-op' : a === 'update' ? 'update' : a === 'delete,create' || a === 'create,delete' ? 'replace' : a === 'delete' ? 'delete' : a === 'create' ? 'create' : undefined;
    if (v) out.set(rc.address, v);
  }
  return out;
}

/** The review's verdict per address for the same two configurations. */
export function reviewVerdicts(stackName: string, base: Json, head: Json): Map<string, Verdict> {
  const changes = diffResources(stackName, parseStack(stackName, 'base', base), parseStack(stackName, 'head', head));
  const acts = new Map<string, Set<'delete' | 'create' | 'update'>>();
  const add = (address: string | undefined, a: 'delete' | 'create' | 'update') => address !== undefined && acts.set(address, new Set([...(acts.get(address) ?? []), a]));
  for (const rc of changes) {
    const { base: b, head: h } = rc.addresses;
    if (rc.action === 'updated') add(h ?? b, 'update');
    else if (rc.action === 'removed') add(b, 'delete');
    else if (rc.action === 'added') add(h, 'create');
    else if (b === h) {
      add(b, 'delete');
      add(b, 'create');
    } else {
      add(b, 'delete');
      add(h, 'create');
    }
  }
  const out = new Map<string, Verdict>();
  for (const [address, s] of acts) out.set(address, s.has('delete') && s.has('create') ? 'replace' : s.has('delete') ? 'delete' : s.has('create') ? 'create' : 'update');
  return out;
}

function addresses(stack: Json): string[] {
  return Object.entries((stack.resource ?? {}) as Record<string, Record<string, unknown>>).flatMap(([t, byId]) => Object.keys(byId).map((id) => `${t}.${id}`));
}

/** Every address on which the plan and the review disagree. */
export function disagreements(base: Json, head: Json, plan: ReadonlyMap<string, Verdict>, review: ReadonlyMap<string, Verdict>): Array<{ address: string; plan: Verdict; review: Verdict }> {
  const all = [...new Set([...addresses(base), ...addresses(head), ...plan.keys(), ...review.keys()])].sort();
  return all.map((address) => ({ address, plan: plan.get(address) ?? 'no-op', review: review.get(address) ?? 'no-op' })).filter((d) => d.plan !== d.review);
}

export interface ReplacementPlansInput {
  readonly terraform: string;
  /** A fresh directory for the plans. */
  readonly dir: string;
  readonly stackName: string;
  /** The applied stack's cdk.tf.json content. */
  readonly stack: Json;
  /** The applied state file (copied, never written). */
  readonly stateFile: string;
  readonly env: NodeJS.ProcessEnv;
  readonly schemas: ReadonlyMap<string, { readonly block: SchemaBlock }>;
  /** Plan without refreshing (the state is what the provider's Read would give: no server to ask). @default false */
  readonly noRefresh?: boolean;
  /** The classification to compare with. @default the review's ({@link reviewVerdicts}) */
  readonly reviewer?: (stackName: string, base: Json, head: Json) => Map<string, Verdict>;
  readonly log: (line: string) => void;
}

export interface ReplacementPlansResult {
  readonly cases: number;
  readonly plans: number;
  readonly disagreements: string[];
  readonly errors: string[];
  /** Per resource type: the attributes whose change the plan replaced, and those it updated. */
  readonly byType: ReadonlyMap<string, { readonly replace: Set<string>; readonly update: Set<string> }>;
}

function describe(c: ChangeCase): string {
  return c.attribute === ADDRESS || c.attribute === MOVED ? `${c.type}.${c.logicalId} ${c.attribute}` : `${c.type}.${c.logicalId}.${c.attribute} = ${JSON.stringify(c.value)}`;
}

/** A working directory with the stack initialized: a function that plans a version of the stack there (`plan -out`, `show -json`). */
export async function planner(terraform: string, dir: string, base: Json, env: NodeJS.ProcessEnv, refresh: readonly string[]) {
  fs.mkdirSync(dir, { recursive: true });
  const write = (json: Json) => fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  write(base);
  const init = await run(terraform, ['init', '-input=false', '-no-color'], { cwd: dir, env });
  if (init.exitCode !== 0) throw new Error(`terraform init in ${dir} failed:\n${init.output}`);
  return async (json: Json): Promise<{ verdicts?: Map<string, Verdict>; show?: Json; error?: string }> => {
    write(json);
    const p = await run(terraform, ['plan', '-input=false', '-lock=false', '-no-color', '-json', ...refresh, '-out=plan.bin'], { cwd: dir, env });
    if (p.exitCode !== 0) {
      const diagnostics = p.output.split('\n').flatMap((l) => {
        try {
          const m = JSON.parse(l) as Json;
          return m.type === 'diagnostic' && m.diagnostic?.severity === 'error' ? [`${m.diagnostic.summary}: ${m.diagnostic.detail ?? ''}`.trim()] : [];
        } catch {
          return [];
        }
      });
      return { error: diagnostics.join('; ').replace(/\s+/g, ' ') || p.output.slice(-500) };
    }
    const show = await run(terraform, ['show', '-json', '-no-color', 'plan.bin'], { cwd: dir, env });
    if (show.exitCode !== 0) return { error: `terraform show -json failed: ${show.output.slice(-500)}` };
    const json2 = JSON.parse(show.output) as Json;
    return { verdicts: planVerdicts(json2), show: json2 };
  };
}

/** Runs every single change as a plan and compares each with the review. */
export async function checkReplacementPlans(input: ReplacementPlansInput): Promise<ReplacementPlansResult> {
  const { terraform, dir, env, log } = input;
  fs.mkdirSync(dir, { recursive: true });
  const state = path.join(dir, 'applied.tfstate');
  fs.copyFileSync(input.stateFile, state);
  // The state already holds what the import blocks adopt; without them an address can be renamed.
  const base: Json = { ...input.stack, terraform: { ...input.stack.terraform, backend: { local: { path: state } } } };
  delete base.import;
  const refresh = input.noRefresh ? ['-refresh=false'] : [];
  // Two plans at a time (each in its own directory: a plan writes its planfile and lock there).
  const workers = await Promise.all([0, 1].map((i) => planner(terraform, path.join(dir, `worker-${i}`), base, env, refresh)));

  const baseline = await workers[0](base);
  if (!baseline.verdicts) throw new Error(`${input.stackName}: the unchanged configuration does not plan: ${baseline.error}`);
  const drift = [...baseline.verdicts].filter(([, v]) => v !== 'no-op');
  if (drift.length) throw new Error(`${input.stackName}: the unchanged configuration is not a no-op plan: ${drift.map(([a, v]) => `${a} ${v}`).join(', ')}`);

  const current = new Map<string, Json>();
  for (const r of (baseline.show?.prior_state?.values?.root_module?.resources ?? []) as Json[]) current.set(r.address, r.values);
  const { cases, skipped } = singleChanges(base, current, input.schemas);
  const errors = [...skipped];
  const found: string[] = [];
  const byType = new Map<string, { replace: Set<string>; update: Set<string> }>();
  let plans = 1;

  const judge = (batch: readonly ChangeCase[], head: Json, verdicts: Map<string, Verdict>) => {
    const review = (input.reviewer ?? reviewVerdicts)(input.stackName, base, head);
    const own = new Map(batch.map((c) => [`${c.type}.${c.logicalId}`, c]));
    for (const d of disagreements(base, head, verdicts, review)) {
      const c = own.get(d.address) ?? own.get(d.address.replace(new RegExp(`${RENAMED_SUFFIX}$`), ''));
      const line = `${input.stackName}: ${c ? describe(c) : `${d.address} (not changed itself)`}: the plan ${d.plan}s ${d.address}, the review says ${d.review}`;
      found.push(line);
      log(`      DISAGREE ${line}`);
    }
    for (const c of batch) {
      if (c.attribute === ADDRESS || c.attribute === MOVED) continue;
      const v = verdicts.get(`${c.type}.${c.logicalId}`);
      const entry = byType.get(c.type) ?? { replace: new Set<string>(), update: new Set<string>() };
      if (v === 'replace') entry.replace.add(c.attribute);
      else if (v === 'update') entry.update.add(c.attribute);
      byType.set(c.type, entry);
    }
  };

  const queue = batches(base, cases);
  await Promise.all(
    workers.map(async (plan) => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const head = applyChanges(base, batch);
        const result = await plan(head);
        plans++;
        if (result.verdicts) {
          judge(batch, head, result.verdicts);
          continue;
        }
        // One change of the batch is refused: plan each alone to name it.
        for (const c of batch) {
          const single = applyChanges(base, [c]);
          const r = await plan(single);
          plans++;
          if (r.verdicts) judge([c], single, r.verdicts);
          else {
            errors.push(`${input.stackName}: ${describe(c)}: terraform plan failed: ${r.error}`);
            log(`      ERROR ${describe(c)}: ${r.error}`);
          }
        }
      }
    }),
  );
  return { cases: cases.length, plans, disagreements: found.sort(), errors: errors.sort(), byType };
}

/** The resource schemas of `terraform providers schema -json`, by type, with their state versions. */
export function resourceSchemas(schema: { provider_schemas: Readonly<Record<string, { resource_schemas?: Readonly<Record<string, { block: unknown; version?: number }>> }>> }): Map<string, { block: SchemaBlock; version: number }> {
  const out = new Map<string, { block: SchemaBlock; version: number }>();
  for (const p of Object.values(schema.provider_schemas)) for (const [t, r] of Object.entries(p.resource_schemas ?? {})) out.set(t, { block: r.block as SchemaBlock, version: r.version ?? 0 });
  return out;
}
