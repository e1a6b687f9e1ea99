// The review's `--plan` fed a real plan of the real provider (a step of `npm run test:terraform`):
// a change Terraform replaces (the KV mount's namespace) must block with the action taken from the
// plan, and a change it updates in place (the same mount's description) must not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, EXIT_BLOCKING, EXIT_OK } from '../../review/cli';
import { ReviewResult } from '../../review/report-model';
import { LAYOUT } from '../../stacks/layout';
import { planner } from './replacement-plans';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthDir(dir: string, stackName: string, stack: Json): string {
  fs.mkdirSync(path.join(dir, 'stacks', stackName), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: { [stackName]: { synthesizedStackPath: `stacks/${stackName}/cdk.tf.json` } } }));
  fs.writeFileSync(path.join(dir, 'stacks', stackName, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  return dir;
}

export interface ReviewWithPlanInput {
  readonly terraform: string;
  readonly dir: string;
  readonly stackName: string;
  /** The applied stack, its backend pointing at a copy of the applied state. */
  readonly stack: Json;
  readonly env: NodeJS.ProcessEnv;
}

/** Problems found (empty when the review followed both plans), and a line per case for the log. */
export async function checkReviewWithRealPlan(input: ReviewWithPlanInput): Promise<{ problems: string[]; lines: string[] }> {
  const base: Json = JSON.parse(JSON.stringify(input.stack));
  delete base.import;
  const plan = await planner(input.terraform, path.join(input.dir, 'plan'), base, input.env, []);
  const [kvId] = Object.entries(base.resource.vault_mount as Record<string, Json>).find(([, m]) => m.path === LAYOUT.kvMount)!;
  const baseDir = synthDir(path.join(input.dir, 'base'), input.stackName, base);
  const problems: string[] = [];
  const lines: string[] = [];
  const cases = [
    { attribute: 'namespace', value: 'hoodcloud-review-ns', code: EXIT_BLOCKING, action: 'replaced' },
    { attribute: 'description', value: 'changed by the review check', code: EXIT_OK, action: 'updated' },
  ] as const;
  for (const c of cases) {
    const head: Json = JSON.parse(JSON.stringify(base));
    head.resource.vault_mount[kvId][c.attribute] = c.value;
    const planned = await plan(head);
    if (!planned.show) {
      problems.push(`${c.attribute}: terraform plan failed: ${planned.error}`);
      continue;
    }
    const planFile = path.join(input.dir, `${c.attribute}.plan.json`);
    fs.writeFileSync(planFile, JSON.stringify(planned.show));
    const headDir = synthDir(path.join(input.dir, `head-${c.attribute}`), input.stackName, head);
    let out = '';
    let err = '';
    const code = runCli(['--base', baseDir, '--head', headDir, '--plan', `${input.stackName}=${planFile}`, '--json'], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    const result = out ? (JSON.parse(out) as ReviewResult) : undefined;
    const mount = result?.environments.flatMap((e) => e.resources).find((r) => r.addresses.base === `vault_mount.${kvId}`);
    const actions = planned.show.resource_changes.find((rc: Json) => rc.address === `vault_mount.${kvId}`)?.change.actions as string[] | undefined;
    const ok = code === c.code && mount?.action === c.action && mount.actionFrom === 'plan' && JSON.stringify(mount.planActions) === JSON.stringify(actions);
    const line = `KV mount ${c.attribute} changed: the plan ${JSON.stringify(actions)}; review --plan exit ${code}, ${mount ? `${mount.action} (from the ${mount.actionFrom})` : 'no resource change'}${result?.blocking.length ? `, blocking: ${result.blocking.map((f) => f.rule).join(', ')}` : ''}`;
    lines.push(line);
    if (!ok) problems.push(`${line} (expected exit ${c.code}, ${c.action} from the plan)${err ? `; stderr: ${err.trim()}` : ''}`);
  }
  return { problems, lines };
}
