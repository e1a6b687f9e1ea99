// A Terraform state for a stack that is never applied here (the docker stacks: no Docker engine on
// the test machines), so that the real provider can still plan changes against it: the values a
// create plan of the stack gives (`terraform show -json` of `plan -refresh=false -out`), with what
// it leaves unknown (ids, computed attributes) filled with placeholders of the schema's type. A plan
// of the unchanged stack against it, without refresh, is a no-op; a changed stack then plans
// exactly what the provider's diff makes of the change (its ForceNew and CustomizeDiff).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { run } from './terraform-runs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A placeholder of a schema type (`"string"`, `["list","string"]`, `["object",{...}]`...). */
function placeholder(type: unknown, name: string): unknown {
  if (type === 'string') return `synthetic-${name}`;
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type) && (type[0] === 'list' || type[0] === 'set')) return [];
  if (Array.isArray(type) && type[0] === 'map') return {};
  if (Array.isArray(type) && type[0] === 'object') return Object.fromEntries(Object.entries(type[1] as Record<string, unknown>).map(([k, t]) => [k, placeholder(t, k)]));
  return null;
}

interface Block {
  readonly attributes?: Readonly<Record<string, { readonly type?: unknown }>>;
  readonly block_types?: Readonly<Record<string, { readonly block: Block }>>;
}

/** `after` with every value `after_unknown` marks unknown replaced by a placeholder. */
export function fillUnknown(after: unknown, unknown: unknown, block: Block | undefined, type?: unknown, name = 'value'): unknown {
  if (unknown === true) return placeholder(type ?? block?.attributes?.[name]?.type, name);
  if (Array.isArray(unknown)) {
    const items = Array.isArray(after) ? after : [];
    return items.map((v, i) => fillUnknown(v, unknown[i], block, Array.isArray(type) ? type[1] : undefined, name));
  }
  if (unknown && typeof unknown === 'object') {
    const out: Json = { ...((after as Json | null) ?? {}) };
    for (const [k, u] of Object.entries(unknown as Json)) {
      const nested = block?.block_types?.[k]?.block;
      const t = block?.attributes?.[k]?.type ?? (Array.isArray(type) && type[0] === 'object' ? (type[1] as Json)[k] : undefined);
      out[k] = fillUnknown(out[k], u, nested, nested ? undefined : t, k);
    }
    return out;
  }
  return after;
}

/** The state's value where the plan leaves it unknown, the plan's known value elsewhere. */
export function mergeKnown(state: unknown, after: unknown, unknown: unknown): unknown {
  if (unknown === true) return state;
  if (Array.isArray(after)) return after.map((v, i) => mergeKnown(Array.isArray(state) ? state[i] : undefined, v, Array.isArray(unknown) ? unknown[i] : undefined));
  if (after && typeof after === 'object') {
    const out: Json = { ...((state as Json | null) ?? {}) };
    for (const [k, v] of Object.entries(after as Json)) out[k] = mergeKnown(out[k], v, unknown && typeof unknown === 'object' ? (unknown as Json)[k] : undefined);
    return out;
  }
  return after;
}

/** Writes `<dir>/synthetic.tfstate` for the stack and returns its path. */
export async function syntheticState(
  terraform: string,
  dir: string,
  stack: Json,
  env: NodeJS.ProcessEnv,
  schemas: ReadonlyMap<string, { block: Block; version: number }>,
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const stateFile = path.join(dir, 'synthetic.tfstate');
  const json: Json = { ...stack, terraform: { ...stack.terraform, backend: { local: { path: path.join(dir, 'empty.tfstate') } } } };
  delete json.import;
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  const init = await run(terraform, ['init', '-input=false', '-no-color'], { cwd: dir, env });
  if (init.exitCode !== 0) throw new Error(`terraform init in ${dir} failed:\n${init.output}`);
  const plan = await run(terraform, ['plan', '-input=false', '-lock=false', '-no-color', '-refresh=false', '-out=create.bin'], { cwd: dir, env });
  if (plan.exitCode !== 0) throw new Error(`the create plan of the stack failed:\n${plan.output.slice(-3000)}`);
  const show = JSON.parse((await run(terraform, ['show', '-json', '-no-color', 'create.bin'], { cwd: dir, env })).output) as Json;
  const resources = (show.resource_changes as Json[]).filter((rc) => rc.mode === 'managed').map((rc) => {
    const schema = schemas.get(rc.type);
    if (!schema) throw new Error(`no provider schema for ${rc.type}`);
    const attributes = fillUnknown(rc.change.after, rc.change.after_unknown, schema.block) as Json;
    if (attributes.id === undefined || attributes.id === null) attributes.id = `synthetic-${rc.name}`;
    return {
      mode: 'managed',
      type: rc.type,
      name: rc.name,
      provider: `provider["${rc.provider_name}"]`,
      instances: [{ schema_version: schema.version, attributes, sensitive_attributes: [] }],
    };
  });
  const state = { version: 4, terraform_version: String(show.terraform_version), serial: 1, lineage: randomUUID(), outputs: {}, resources };
  // References between resources (a container's image is the image's id) only resolve against the
  // state: plan again and take what the plan now knows, until the unchanged stack plans a no-op.
  json.terraform.backend.local.path = stateFile;
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  for (let round = 0; ; round++) {
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
    const again = await run(terraform, ['init', '-input=false', '-no-color', '-reconfigure'], { cwd: dir, env });
    if (again.exitCode !== 0) throw new Error(`terraform init -reconfigure in ${dir} failed:\n${again.output}`);
    const p = await run(terraform, ['plan', '-input=false', '-lock=false', '-no-color', '-refresh=false', '-out=check.bin'], { cwd: dir, env });
    if (p.exitCode !== 0) throw new Error(`a plan against the synthetic state failed:\n${p.output.slice(-3000)}`);
    const changes = ((JSON.parse((await run(terraform, ['show', '-json', '-no-color', 'check.bin'], { cwd: dir, env })).output) as Json).resource_changes as Json[]).filter(
      (rc) => rc.mode === 'managed' && rc.change.actions.join() !== 'no-op',
    );
    if (changes.length === 0) return stateFile;
    if (round === 3) throw new Error(`the synthetic state does not settle: ${changes.map((rc) => `${rc.address} ${rc.change.actions.join('/')}`).join(', ')}`);
    for (const rc of changes) {
      const instance = resources.find((r) => `${r.type}.${r.name}` === rc.address)!.instances[0];
      instance.attributes = mergeKnown(instance.attributes, rc.change.after, rc.change.after_unknown) as Json;
    }
    state.serial++;
  }
}
