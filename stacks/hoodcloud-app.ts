import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { EnvironmentSettings } from './environment';
import { VaultConfigStack } from './vault-config-stack';
import { VaultServerStack } from './vault-server-stack';

/** A synth that found problems: every stack's errors, listed together. Nothing was written. */
export class SynthError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Synth failed; nothing was written (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SynthError';
  }
}

/** Builds the stacks of the given environments into an app: `<env>-server` then `<env>-config` for each. */
export function buildApp(app: App, environments: readonly EnvironmentSettings[]): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  for (const env of environments) {
    const server = new VaultServerStack(app, env);
    const config = new VaultConfigStack(app, env);
    // The config stack talks to the server the server stack runs.
    config.addDependency(server);
    stacks.push(server, config);
  }
  return stacks;
}

export interface SynthesizeOptions {
  readonly outdir: string;
  readonly environments: readonly EnvironmentSettings[];
}

export interface SynthesizeResult {
  readonly outdir: string;
  readonly stacks: readonly string[];
}

/**
 * Synthesizes every stack into a temporary directory beside `outdir` and swaps it in only when
 * all stacks pass their guardrails: a failed synth leaves the previous output untouched and no
 * partial directory behind.
 */
export function synthesizeApp(opts: SynthesizeOptions): SynthesizeResult {
  const outdir = path.resolve(opts.outdir);
  const staging = `${outdir}.staging-${process.pid}-${Date.now()}`;
  try {
    const app = new App({ outdir: staging });
    const stacks = buildApp(app, opts.environments);
    stacks.forEach((s) => s.prepareStack());
    const problems: string[] = [];
    for (const stack of stacks) {
      try {
        stack.synthesizer.synthesize({ outdir: staging, skipValidation: false, manifest: app.manifest });
      } catch (e) {
        problems.push(...String((e as Error).message).split('\n').filter((l) => l.trim() !== ''));
      }
    }
    problems.push(...app.node.validate());
    if (problems.length > 0) throw new SynthError(problems);
    app.manifest.writeToFile();
    replaceDirectory(staging, outdir);
    return { outdir, stacks: stacks.map((s) => s.node.id) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Moves `from` to `to`, replacing `to`; the old output is removed only after the new one is in place. */
function replaceDirectory(from: string, to: string): void {
  const old = `${to}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
