// Fixtures for the review tests: synthesize the real app once into a temp directory, copy it for
// each case, and mutate the copy's Terraform JSON, so every expectation is computed from the real
// synth output rather than pasted.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { ENVIRONMENTS } from '../../../stacks/environments';
import { EnvironmentSettings } from '../../../stacks/environment';

export type TfJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A fresh temp directory under the OS temp dir; removed by {@link cleanup}. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hoodcloud-review-${prefix}-`));
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

let committed: string | undefined;

/**
 * Synthesizes the app (all environments unless given) into `<tmp>/cdktf.out` and returns that path.
 * The committed environments are synthesized once per test worker; each caller gets its own copy.
 */
export function synthToTemp(prefix: string, environments: readonly EnvironmentSettings[] = ENVIRONMENTS): string {
  if (environments === ENVIRONMENTS) {
    if (!committed) {
      const shared = path.join(tempDir('committed'), 'cdktf.out');
      synthesizeApp({ outdir: shared, environments });
      process.once('exit', () => cleanup(path.dirname(shared)));
      committed = shared;
    }
    return copySynth(committed, prefix);
  }
  const outdir = path.join(tempDir(prefix), 'cdktf.out');
  synthesizeApp({ outdir, environments });
  return outdir;
}

/** Copies a synth output to a new temp directory. */
export function copySynth(from: string, prefix: string): string {
  const to = path.join(tempDir(prefix), 'cdktf.out');
  fs.cpSync(from, to, { recursive: true });
  return to;
}

export function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

/** Reads, mutates and writes back one stack's cdk.tf.json. */
export function editStack(outdir: string, stack: string, edit: (json: TfJson) => void): void {
  const file = stackFile(outdir, stack);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as TfJson;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
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
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks')).filter((s) => s.endsWith('-config')).sort()) {
    const json = JSON.parse(fs.readFileSync(stackFile(outdir, stack), 'utf8')) as TfJson;
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

/** Gives a resource another logical id (as a renamed construct would), rewriting every reference to it; returns the new id. */
export function renameLogicalId(json: TfJson, type: string, from: string, to: string): TfJson {
  const text = JSON.stringify(json).split(`${type}.${from}`).join(`${type}.${to}`);
  const out = JSON.parse(text) as TfJson;
  const byId = out.resource[type] as Record<string, TfJson>;
  out.resource[type] = Object.fromEntries(Object.entries(byId).map(([id, body]) => [id === from ? to : id, body]));
  return out;
}
