// The `npm run test:terraform` steps that hold the review's replacement rules to the real providers:
// single-attribute plans of the applied e2e-config (vault provider, against the applied state and
// its server) and of prod-server (docker provider, against a synthetic state: no Docker engine
// here), each compared with the review's classification; the apply fixture's forceNew checked
// against the same plans; and the review's --plan fed real plans.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareFixture } from './fixture-replacements';
import { checkReplacementPlans, resourceSchemas, type ReplacementPlansResult } from './replacement-plans';
import { checkReviewWithRealPlan } from './review-with-plan';
import type { ProvidersSchema } from './schema-check';
import { syntheticState } from './synthetic-state';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StepContext {
  readonly terraform: string;
  readonly dir: string;
  readonly schema: ProvidersSchema;
  readonly env: NodeJS.ProcessEnv;
  readonly check: (ok: boolean, message: string) => void;
  readonly figures: string[];
}

function report(ctx: StepContext, stackName: string, r: ReplacementPlansResult, ms: number): void {
  for (const [type, v] of [...r.byType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    console.log(`  ${type}: replaced on ${[...v.replace].sort().join(', ') || '—'}; updated on ${[...v.update].sort().join(', ') || '—'}`);
  }
  ctx.check(r.errors.length === 0, `${stackName}: ${r.cases} single changes planned (${r.plans} plans)${r.errors.length ? `; ${r.errors.length} could not be planned:\n      ${r.errors.join('\n      ')}` : ''}`);
  ctx.check(r.disagreements.length === 0, `${stackName}: the review's classification agrees with every plan${r.disagreements.length ? `: ${r.disagreements.length} disagreement(s):\n      ${r.disagreements.join('\n      ')}` : ''}`);
  ctx.figures.push(`${stackName}: ${r.cases} single-attribute/address changes in ${r.plans} plans, ${r.disagreements.length} disagreement(s) with the review, ${r.errors.length} unplannable (${ms} ms)`);
}

/** The vault provider: changes of the applied stack planned against its state (the server must be running). */
export async function vaultReplacements(ctx: StepContext, stackName: string, stack: Json, stateFile: string): Promise<void> {
  const started = Date.now();
  const r = await checkReplacementPlans({ terraform: ctx.terraform, dir: path.join(ctx.dir, stackName), stackName, stack, stateFile, env: ctx.env, schemas: resourceSchemas(ctx.schema), log: console.log });
  report(ctx, stackName, r, Date.now() - started);
  const fixture = compareFixture(r.byType);
  ctx.check(fixture.disagreements.length === 0, `the apply fixture's forceNew agrees with the plans${fixture.disagreements.length ? `:\n      ${fixture.disagreements.join('\n      ')}` : ''}`);
  if (fixture.stricter.length) console.log(`  the fixture refuses, where the provider updates in place: ${fixture.stricter.join(', ')}`);
  ctx.figures.push(`apply fixture vs the plans: ${fixture.disagreements.length} disagreement(s); stricter on ${fixture.stricter.join(', ') || 'nothing'}`);

  const copy = path.join(ctx.dir, 'review-with-plan', 'applied.tfstate');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(stateFile, copy);
  const planned = await checkReviewWithRealPlan({
    terraform: ctx.terraform,
    dir: path.dirname(copy),
    stackName,
    stack: { ...stack, terraform: { ...stack.terraform, backend: { local: { path: copy } } } },
    env: ctx.env,
  });
  for (const l of planned.lines) console.log(`  ${l}`);
  ctx.check(planned.problems.length === 0, `review --plan follows real plans${planned.problems.length ? `:\n      ${planned.problems.join('\n      ')}` : ''}`);
}

/** The docker provider: changes of a server stack planned against a synthetic state, without refresh (no Docker engine is asked). */
export async function dockerReplacements(ctx: StepContext, stackName: string, stack: Json): Promise<void> {
  const started = Date.now();
  // The provider pings the Docker engine when it starts, unless told not to; a plan without refresh asks it nothing else.
  const json: Json = { ...stack, provider: { ...stack.provider, docker: [{ ...(stack.provider?.docker?.[0] ?? {}), disable_docker_daemon_check: true }] } };
  const schemas = resourceSchemas(ctx.schema);
  const state = await syntheticState(ctx.terraform, path.join(ctx.dir, `${stackName}-state`), json, ctx.env, schemas);
  const r = await checkReplacementPlans({ terraform: ctx.terraform, dir: path.join(ctx.dir, stackName), stackName, stack: json, stateFile: state, env: ctx.env, schemas, noRefresh: true, log: console.log });
  report(ctx, stackName, r, Date.now() - started);
}
