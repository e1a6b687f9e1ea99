// Reads a cdktf synth output directory (`cdktf.out`): manifest.json and each stack's
// `stacks/<stack>/cdk.tf.json`. Only the synthesized JSON is read: no terraform, no server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveReferences, TerraformExpressionError } from '../terraform-json/references';
import { isJsonObject } from '../terraform-json/json-object';
import { duplicateObjects } from './resource-identity';

/** One `resource.<type>.<logicalId>` block of a stack, with Terraform references resolved where they are literal. */
export interface ResourceInstance {
  readonly type: string;
  /** Generated logical id (never used to identify a resource across base and head). */
  readonly logicalId: string;
  /** `<type>.<logicalId>` */
  readonly address: string;
  /** Attributes as synthesized, with `${type.id.attr}` references to literal attributes replaced by their value. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** `lifecycle.prevent_destroy` */
  readonly preventDestroy: boolean;
  /** Adopted with a Terraform `import` block (its id). */
  readonly importId?: string;
}

export interface SynthStack {
  readonly name: string;
  /** Path of the `cdk.tf.json` file. */
  readonly file: string;
  readonly resources: readonly ResourceInstance[];
  /** `output.<name>.value`, as synthesized. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** `moved` blocks: the new address → the address Terraform moves its state from (no destroy). */
  readonly moved: ReadonlyMap<string, string>;
}

export interface SynthOutput {
  readonly dir: string;
  readonly stacks: ReadonlyMap<string, SynthStack>;
}

/** Bad input: the message names the option, the value and what was expected. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}

/** Where a synth output's files are read from: the disk, or (in tests) an in-memory copy. */
export interface SynthFiles {
  /** What is at `p`: a directory, a file, or nothing. */
  kind(p: string): 'dir' | 'file' | undefined;
  read(p: string): string;
}

/** The file system. */
export const DISK_FILES: SynthFiles = {
  kind: (p) => {
    try {
      return fs.statSync(p).isDirectory() ? 'dir' : 'file';
    } catch {
      return undefined;
    }
  },
  read: (p) => fs.readFileSync(p, 'utf8'),
};

interface Manifest {
  stacks?: Record<string, { synthesizedStackPath?: string; name?: string }>;
}

/** Loads `<dir>/manifest.json` and every stack it lists; `label` (e.g. `--base`) prefixes errors. */
export function loadSynthOutput(dir: string, label: string, files: SynthFiles = DISK_FILES): SynthOutput {
  const abs = path.resolve(dir);
  const kind = files.kind(abs);
  if (kind === undefined) throw new ReviewInputError(`${label} ${JSON.stringify(dir)}: directory does not exist (expected a cdktf synth output such as cdktf.out)`);
  if (kind !== 'dir') throw new ReviewInputError(`${label} ${JSON.stringify(dir)}: not a directory (expected a cdktf synth output such as cdktf.out)`);
  const manifestFile = path.join(abs, 'manifest.json');
  if (files.kind(manifestFile) !== 'file') {
    throw new ReviewInputError(`${label} ${JSON.stringify(dir)}: not a cdktf synth output: no manifest.json (expected ${path.join(dir, 'manifest.json')} and stacks/<stack>/cdk.tf.json, written by \`npm run synth\`)`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(files.read(manifestFile)) as Manifest;
  } catch (e) {
    throw new ReviewInputError(`${label} ${JSON.stringify(manifestFile)}: manifest.json is not valid JSON (${(e as Error).message})`);
  }
  if (!manifest.stacks || typeof manifest.stacks !== 'object' || Object.keys(manifest.stacks).length === 0) {
    throw new ReviewInputError(`${label} ${JSON.stringify(manifestFile)}: manifest.json lists no stacks (expected "stacks": { "<env>-config": { "synthesizedStackPath": ... } })`);
  }
  const stacks = new Map<string, SynthStack>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const rel = entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json');
    const file = path.join(abs, rel);
    if (files.kind(file) !== 'file') throw new ReviewInputError(`${label} ${JSON.stringify(dir)}: manifest.json lists stack "${name}" but ${rel} is missing (re-run the synth)`);
    const text = files.read(file);
    stacks.set(name, { ...parsedStack(name, file, text, label), file });
  }
  return { dir: abs, stacks };
}

type Json = Record<string, unknown>;

/**
 * Parsed stacks by name and JSON text; past 32, the one read longest ago is dropped. Equal texts give
 * the same parsed resources, so the review's per-stack work (review/stack-memo.ts) is done once for them.
 */
const PARSED = new Map<string, SynthStack>();
const PARSED_KEPT = 32;

function parsedStack(name: string, file: string, text: string, label: string): SynthStack {
  const key = `${name}\u0000${text}`;
  const kept = PARSED.get(key);
  if (kept) {
    PARSED.delete(key);
    PARSED.set(key, kept);
    return kept;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReviewInputError(`${label} ${JSON.stringify(file)}: stack "${name}" is not valid JSON (${(e as Error).message})`);
  }
  const stack = parseStack(name, file, json);
  const duplicate = duplicateObjects(stack.resources)[0];
  if (duplicate) throw new ReviewInputError(`${label} stack "${name}" (${file}): ${duplicate}`);
  PARSED.set(key, stack);
  if (PARSED.size > PARSED_KEPT) PARSED.delete(PARSED.keys().next().value!);
  return stack;
}


function resolveOrFail(fn: () => unknown, name: string, file: string): unknown {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TerraformExpressionError) throw new ReviewInputError(`stack "${name}" (${file}): ${e.message}`);
    throw e;
  }
}

/** Turns a stack's Terraform JSON into resource instances. */
export function parseStack(name: string, file: string, json: unknown): SynthStack {
  if (!isJsonObject(json)) throw new ReviewInputError(`stack "${name}" (${file}): expected a JSON object at the top level`);
  const raw: Array<{ type: string; logicalId: string; body: Json }> = [];
  const resourceBlock = json.resource;
  if (resourceBlock !== undefined && !isJsonObject(resourceBlock)) throw new ReviewInputError(`stack "${name}" (${file}): "resource" must be an object of resource types`);
  for (const [type, byId] of Object.entries(resourceBlock ?? {})) {
    if (!isJsonObject(byId)) continue;
    for (const [logicalId, body] of Object.entries(byId)) if (isJsonObject(body)) raw.push({ type, logicalId, body });
  }
  const imports = new Map<string, string>();
  const importBlock = json.import;
  for (const imp of Array.isArray(importBlock) ? importBlock : []) {
    if (isJsonObject(imp) && typeof imp.to === 'string' && typeof imp.id === 'string') imports.set(imp.to, imp.id);
  }
  const byAddress = new Map(raw.map((r) => [`${r.type}.${r.logicalId}`, r.body]));
  // References resolve to the declared attribute (following chains a few levels deep); what cannot
  // be resolved from the JSON alone stays as written.
  const resolve = (v: unknown, where: string, depth: number): unknown =>
    resolveReferences(v, where, ({ address, attribute }) => {
      const target = byAddress.get(address);
      if (target && depth < 5) {
        if (attribute in target) return resolve(target[attribute], `${address}.${attribute}`, depth + 1);
        // vault_auth_backend and vault_audit default their path to their type.
        const [type] = address.split('.');
        if (attribute === 'path' && (type === 'vault_auth_backend' || type === 'vault_audit') && typeof target.type === 'string') return target.type;
      }
      return `\${${address}.${attribute}}`;
    });
  const resources: ResourceInstance[] = raw.map(({ type, logicalId, body }) => {
    const attributes: Json = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === '//' || k === 'lifecycle' || k === 'depends_on' || k === 'provider' || k === 'count' || k === 'for_each' || k === 'provisioner' || k === 'connection') continue;
      attributes[k] = resolveOrFail(() => resolve(v, `${type}.${logicalId}.${k}`, 0), name, file);
    }
    const lifecycle = isJsonObject(body.lifecycle) ? body.lifecycle : {};
    const address = `${type}.${logicalId}`;
    return { type, logicalId, address, attributes, preventDestroy: lifecycle.prevent_destroy === true, importId: imports.get(address) };
  });
  const outputs: Json = {};
  if (isJsonObject(json.output)) for (const [k, v] of Object.entries(json.output)) outputs[k] = isJsonObject(v) ? v.value : undefined;
  const moved = new Map<string, string>();
  for (const m of Array.isArray(json.moved) ? json.moved : []) {
    if (isJsonObject(m) && typeof m.from === 'string' && typeof m.to === 'string') moved.set(m.to, m.from);
  }
  return { name, file, resources, outputs, moved };
}
