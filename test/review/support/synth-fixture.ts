// Fixtures for the review tests: synthesize the real app once, copy it for each case, and mutate
// the copy's Terraform JSON, so every expectation is computed from the real synth output rather
// than pasted. Copies live in memory (the review reads them through `MEMORY_FILES`): a case costs
// a JSON clone instead of a directory tree written, read and removed. `{ onDisk: true }` gives a
// real directory for a test that runs the review as a process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { configStackName, EnvironmentSettings, serverStackName } from '../../../stacks/environment';
import { DISK_FILES, SynthFiles } from '../../../review/stack-loader';
import { synthToTemp as sharedSynth } from '../../support/synth';
import type { TfJson } from './tf-json';

/** Root of the in-memory copies: a path that never exists on disk. */
const MEMORY_ROOT = path.join(os.tmpdir(), 'hoodcloud-review-memory-never-on-disk');
/** In-memory synth outputs: `<MEMORY_ROOT>/<n>-<label>/cdktf.out` → relative file path → text. */
const memory = new Map<string, Map<string, string>>();
let copies = 0;

const isMemory = (p: string) => path.resolve(p).startsWith(`${MEMORY_ROOT}${path.sep}`);

/** The synth output a path is in (its `cdktf.out`) and the path inside it, for in-memory paths. */
function locate(p: string): { files: Map<string, string>; rel: string } | undefined {
  const abs = path.resolve(p);
  // `<MEMORY_ROOT>/<n>-<label>/cdktf.out/<rel>`: the copy is the first two parts below the root.
  const [copy, outdir, ...rel] = path.relative(MEMORY_ROOT, abs).split(path.sep);
  const files = memory.get(path.join(MEMORY_ROOT, copy, outdir ?? ''));
  return files && { files, rel: rel.join(path.sep) };
}

/** The in-memory copies, and the disk for every other path: pass to the review's runCli. */
export const MEMORY_FILES: SynthFiles = {
  kind(p) {
    if (!isMemory(p)) return DISK_FILES.kind(p);
    const at = locate(p);
    if (!at) return undefined;
    if (at.rel === '') return 'dir';
    if (at.files.has(at.rel)) return 'file';
    return [...at.files.keys()].some((f) => f.startsWith(`${at.rel}${path.sep}`)) ? 'dir' : undefined;
  },
  read(p) {
    if (!isMemory(p)) return DISK_FILES.read(p);
    const text = locate(p)?.files.get(locate(p)!.rel);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return text;
  },
};

/** A fresh temp directory under the OS temp dir; removed by {@link cleanup}. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hoodcloud-review-${prefix}-`));
}

/** Removes temp directories and in-memory copies (a copy is named by its cdktf.out or the directory above it). */
export function cleanup(...dirs: string[]): void {
  for (const d of dirs) {
    if (isMemory(d)) {
      const abs = path.resolve(d);
      for (const root of [...memory.keys()]) if (root === abs || root.startsWith(`${abs}${path.sep}`)) memory.delete(root);
    } else fs.rmSync(d, { recursive: true, force: true });
  }
}

let committed: string | undefined;

function readTree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of readTree(dir, r)) out.set(k, v);
    else out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
  }
  return out;
}

function writeTree(files: ReadonlyMap<string, string>, to: string): void {
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(to, rel)), { recursive: true });
    fs.writeFileSync(path.join(to, rel), text);
  }
}

/** A new in-memory synth output holding `files`. */
function inMemory(files: ReadonlyMap<string, string>, prefix: string): string {
  const root = path.join(MEMORY_ROOT, `${++copies}-${prefix}`, 'cdktf.out');
  memory.set(root, new Map(files));
  return root;
}

function filesOf(outdir: string): ReadonlyMap<string, string> {
  return isMemory(outdir) ? locate(outdir)!.files : readTree(outdir);
}

/**
 * Synthesizes the app (all environments unless given) and returns the path of its `cdktf.out`,
 * in memory unless `onDisk`. Every environment equal to a committed one is taken from the
 * worker's one shared synth (test/support/synth.ts); only the others are synthesized. An
 * environment's stacks do not depend on which other environments are synthesized with it
 * (synth-fixture.test.ts checks that), so the result is what one synth of them all writes.
 */
export function synthToTemp(prefix: string, environments: readonly EnvironmentSettings[] = ENVIRONMENTS, opts: { onDisk?: boolean } = {}): string {
  committed ??= inMemory(readTree(sharedSynth().outdir), 'committed');
  if (environments === ENVIRONMENTS) return copySynth(committed, prefix, opts);
  const fresh = environments.filter((env) => !ENVIRONMENTS.some((c) => isDeepStrictEqual(c, env)));
  const files = new Map<string, string>();
  const manifest = JSON.parse(readText(path.join(committed, 'manifest.json'))) as { stacks: Record<string, unknown> };
  manifest.stacks = {};
  /** The stacks of `envs` from a synth output's files: their manifest entries and their files. */
  const take = (from: ReadonlyMap<string, string>, envs: readonly EnvironmentSettings[]) => {
    const fromManifest = JSON.parse(from.get('manifest.json')!) as { stacks: Record<string, unknown> };
    for (const stack of envs.flatMap((env) => [serverStackName(env.name), configStackName(env.name)])) {
      manifest.stacks[stack] = fromManifest.stacks[stack];
      for (const [rel, text] of from) if (rel.startsWith(`${path.join('stacks', stack)}${path.sep}`)) files.set(rel, text);
    }
  };
  if (fresh.length > 0) {
    const outdir = path.join(tempDir(prefix), 'cdktf.out');
    try {
      synthesizeApp({ outdir, environments: fresh });
      take(readTree(outdir), fresh);
    } finally {
      cleanup(path.dirname(outdir));
    }
  }
  take(filesOf(committed), environments.filter((env) => !fresh.includes(env)));
  files.set('manifest.json', JSON.stringify(manifest, null, 2));
  if (!opts.onDisk) return inMemory(files, prefix);
  const to = path.join(tempDir(prefix), 'cdktf.out');
  writeTree(files, to);
  return to;
}

/** Copies a synth output: in memory, or to a new temp directory with `onDisk`. */
export function copySynth(from: string, prefix: string, opts: { onDisk?: boolean } = {}): string {
  if (!opts.onDisk) return inMemory(filesOf(from), prefix);
  const to = path.join(tempDir(prefix), 'cdktf.out');
  writeTree(filesOf(from), to);
  return to;
}

export function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

function readText(file: string): string {
  return MEMORY_FILES.read(file);
}

function writeText(file: string, text: string): void {
  const at = isMemory(file) ? locate(file) : undefined;
  if (at) at.files.set(at.rel, text);
  else fs.writeFileSync(file, text);
}

/** A stack's Terraform JSON (a fresh object: editing it changes nothing until written back with {@link editStack}). */
export function readStack(outdir: string, stack: string): TfJson {
  return JSON.parse(readText(stackFile(outdir, stack))) as TfJson;
}

/** Reads, mutates and writes back one stack's cdk.tf.json. */
export function editStack(outdir: string, stack: string, edit: (json: TfJson) => void): void {
  const json = readStack(outdir, stack);
  edit(json);
  writeText(stackFile(outdir, stack), JSON.stringify(json, null, 2));
}

/** Removes a stack from a synth output: its manifest entry and its files. */
export function removeStack(outdir: string, stack: string): void {
  const manifestFile = path.join(outdir, 'manifest.json');
  const manifest = JSON.parse(readText(manifestFile)) as TfJson;
  delete manifest.stacks[stack];
  writeText(manifestFile, JSON.stringify(manifest));
  const at = isMemory(outdir) ? locate(outdir) : undefined;
  const dir = path.join('stacks', stack);
  if (at) for (const rel of [...at.files.keys()]) if (rel.startsWith(`${dir}${path.sep}`)) at.files.delete(rel);
  if (!at) fs.rmSync(path.join(outdir, dir), { recursive: true });
}

/** The `[logicalId, body]` pairs of one resource type whose attribute `attr` equals `value`. */
export function findResource(json: TfJson, type: string, attr: string, value: unknown): [string, TfJson] {
  const byId = (json.resource?.[type] ?? {}) as Record<string, TfJson>;
  const hit = Object.entries(byId).find(([, body]) => body[attr] === value);
  if (!hit) throw new Error(`fixture: no ${type} with ${attr}=${JSON.stringify(value)} (have ${Object.values(byId).map((b) => JSON.stringify(b[attr])).join(', ')})`);
  return hit;
}

/** Every vault_policy (name, HCL text) of every `*-config` stack in a synth output, deduplicated by name and text. */
export function readRolePolicies(outdir: string): Array<{ name: string; policy: string; stack: string }> {
  const out: Array<{ name: string; policy: string; stack: string }> = [];
  const seen = new Set<string>();
  const stacks = [...new Set([...filesOf(outdir).keys()].filter((f) => f.startsWith(`stacks${path.sep}`)).map((f) => f.split(path.sep)[1]))];
  for (const stack of stacks.filter((s) => s.endsWith('-config')).sort()) {
    const json = readStack(outdir, stack);
    for (const body of Object.values((json.resource?.vault_policy ?? {}) as Record<string, TfJson>)) {
      const key = `${body.name}\u0000${body.policy}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ name: String(body.name), policy: String(body.policy), stack });
    }
  }
  return out;
}

/** The real role policies of the app, from a fresh synth (used by the differential test). */
export async function rolePolicyTexts(): Promise<Array<{ name: string; policy: string }>> {
  const outdir = synthToTemp('policies');
  try {
    const all = readRolePolicies(outdir);
    // The same role may render differently per environment: keep each variant under its own server-side name.
    const byName = new Map<string, number>();
    return all.map((p) => {
      const n = byName.get(p.name) ?? 0;
      byName.set(p.name, n + 1);
      return { name: n === 0 ? p.name : `${p.name}-${p.stack}`, policy: p.policy };
    });
  } finally {
    cleanup(path.dirname(outdir));
  }
}
