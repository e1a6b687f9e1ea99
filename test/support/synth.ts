import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentSettings } from '../../stacks/environment';
import { ENVIRONMENTS } from '../../stacks/environments';
import { synthesizeApp } from '../../stacks/hoodcloud-app';
import { runScratchDir } from './scratch';

/** Synthesized Terraform JSON of one stack. */
export type StackJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider: Record<string, Array<Record<string, unknown>>>;
  terraform: Record<string, unknown>;
  import?: Array<{ id: string; to: string }>;
  output?: Record<string, { value: unknown }>;
};

export interface SynthOutput {
  readonly outdir: string;
  readonly stacks: readonly string[];
  stack(name: string): StackJson;
  /** Raw text of a stack's cdk.tf.json. */
  text(name: string): string;
  cleanup(): void;
}

let committed: SynthOutput | undefined;

/**
 * Runs the real synth (the same function `npm run synth` uses) into a temporary directory. The
 * synth of the committed environments is made once per test worker and shared (read it, never
 * write to it; its cleanup is a no-op, the run's teardown removes it), because most tests only read it.
 */
export function synthToTemp(environments: readonly EnvironmentSettings[] = ENVIRONMENTS): SynthOutput {
  if (environments !== ENVIRONMENTS) return synthInto(environments);
  if (!committed) {
    const shared = synthInto(environments);
    committed = { ...shared, cleanup: () => undefined };
  }
  return committed;
}

/** Below the run's scratch directory, which the run's teardown removes even when a caller cannot. */
function synthInto(environments: readonly EnvironmentSettings[]): SynthOutput {
  const root = fs.mkdtempSync(path.join(runScratchDir(), 'hoodcloud-synth-'));
  const result = synthesizeApp({ outdir: path.join(root, 'cdktf.out'), environments });
  const text = (name: string) => fs.readFileSync(path.join(result.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8');
  return {
    outdir: result.outdir,
    stacks: result.stacks,
    text,
    stack: (name) => JSON.parse(text(name)) as StackJson,
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** The resources of one type, as a list of their attribute objects. */
export function resourcesOf(json: StackJson, type: string): Array<Record<string, unknown>> {
  return Object.values(json.resource[type] ?? {});
}

/** The single resource of a type whose `key` attribute equals `value`. */
export function resourceWhere(json: StackJson, type: string, key: string, value: unknown): Record<string, unknown> {
  const hits = resourcesOf(json, type).filter((r) => r[key] === value);
  if (hits.length !== 1) throw new Error(`expected one ${type} with ${key}=${JSON.stringify(value)}, found ${hits.length}`);
  return hits[0];
}
