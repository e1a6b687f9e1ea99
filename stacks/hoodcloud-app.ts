import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { blockingFindings } from '../constructs/guardrails';
import { SERVICES } from '../services/registry';
import { ServiceDefinition } from '../services/service-definition';
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
export function buildApp(app: App, environments: readonly EnvironmentSettings[], services: readonly ServiceDefinition[] = SERVICES): TerraformStack[] {
  const stacks: TerraformStack[] = [];
  for (const env of environments) {
    const server = new VaultServerStack(app, env);
    const config = new VaultConfigStack(app, env, services);
    // The config stack talks to the server the server stack runs.
    config.addDependency(server);
    stacks.push(server, config);
  }
  return stacks;
}

export interface SynthesizeOptions {
  readonly outdir: string;
  readonly environments: readonly EnvironmentSettings[];
  /** @default the service registry */
  readonly services?: readonly ServiceDefinition[];
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
    const stacks = buildApp(app, opts.environments, opts.services);
    stacks.forEach((s) => s.prepareStack());
    const problems: string[] = [];
    for (const stack of stacks) {
      try {
        stack.synthesizer.synthesize({ outdir: staging, skipValidation: false, manifest: app.manifest });
      } catch (e) {
        problems.push(...problemLines(e as Error));
      }
      // The guardrails' own record decides too: nothing (no setting, no environment variable) can
      // make a stack with an unsuppressed error finding pass.
      for (const finding of blockingFindings(stack)) if (!problems.some((p) => p.endsWith(finding))) problems.push(`[${stack.node.id}] ${finding}`);
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

/**
 * The lines of a synth failure worth showing: the findings and errors themselves, without the
 * advice cdktf appends about switching validations off.
 */
function problemLines(e: Error): string[] {
  return String(e.message)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Validation failed with the following errors:$/.test(l) && !/skipValidation|CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS/.test(l));
}

/** Moves `from` to `to`, replacing `to`; the old output is removed only after the new one is in place. */
function replaceDirectory(from: string, to: string): void {
  const old = `${to}.old-${process.pid}-${Date.now()}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
