// `--plan <stack>=<file>`: with the `terraform show -json` of a real plan, the review takes replace
// or update from the plan itself, and blocks on whatever the plan destroys that holds data or audit.
// The plan JSON here is written in the format `terraform show -json` prints (format_version,
// resource_changes[].change.actions/replace_paths); `npm run test:terraform` feeds the review real
// plans of the real provider.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, EXIT_BLOCKING, EXIT_INPUT_ERROR, EXIT_OK } from '../../review/cli';
import { ReviewResult } from '../../review/report-model';
import { PROD } from '../../stacks/environments';
import { LAYOUT } from '../../stacks/layout';
import { cleanup, copySynth, editStack, findResource, synthToTemp, tempDir, MEMORY_FILES, readStack } from './support/synth-fixture';
import type { TfJson } from './support/tf-json';

function review(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, MEMORY_FILES);
  return { code, out, err };
}

type Planned = { actions: string[]; replace_paths?: Array<Array<string | number>>; before?: TfJson; type?: string };

/** A plan of the head stack as `terraform show -json` prints it: every declared resource, no-op unless told otherwise. */
function writePlan(dir: string, outdir: string, stack: string, changes: Record<string, Planned> = {}): string {
  const json = readStack(outdir, stack);
  const declared = Object.entries(json.resource as Record<string, Record<string, unknown>>).flatMap(([type, byId]) => Object.keys(byId).map((id) => ({ type, address: `${type}.${id}` })));
  const extra = Object.keys(changes).filter((a) => !declared.some((d) => d.address === a)).map((address) => ({ type: changes[address].type ?? address.split('.')[0], address }));
  const resource_changes = [...declared, ...extra].map(({ type, address }) => ({
    address,
    mode: 'managed',
    type,
    name: address.split('.')[1],
    provider_name: 'registry.terraform.io/hashicorp/vault',
    change: { actions: changes[address]?.actions ?? ['no-op'], before: changes[address]?.before ?? {}, after: {}, ...(changes[address]?.replace_paths ? { replace_paths: changes[address].replace_paths } : {}) },
  }));
  const file = path.join(dir, `${stack}-plan.json`);
  fs.writeFileSync(file, JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: {}, resource_changes }));
  return file;
}

describe('review --plan on fixture changes of the real prod synth', () => {
  let base: string;
  let scratch: string;
  const dirs: string[] = [];
  const fresh = (label: string) => {
    const d = copySynth(base, label);
    dirs.push(path.dirname(d));
    return d;
  };
  const address = (outdir: string, type: string, attr: string, value: unknown) => `${type}.${findResource(readStack(outdir, 'prod-config'), type, attr, value)[0]}`;
  const json = (args: string[]) => {
    const r = review([...args, '--json']);
    return { code: r.code, result: JSON.parse(r.out) as ReviewResult };
  };

  beforeAll(() => {
    base = synthToTemp('plan', [PROD]);
    scratch = tempDir('plans');
    dirs.push(path.dirname(base), scratch);
  });
  afterAll(() => cleanup(...dirs));

  test('GIVEN a change the provider table calls an update (the KV mount\'s description) WHEN the plan replaces the mount THEN the review says replaced, from the plan, and blocks; the Markdown says the action is the plan\'s', () => {
    const head = fresh('desc');
    editStack(head, 'prod-config', (j) => (findResource(j, 'vault_mount', 'path', LAYOUT.kvMount)[1].description = 'moved'));
    const kv = address(head, 'vault_mount', 'path', LAYOUT.kvMount);
    const plan = writePlan(scratch, head, 'prod-config', { [kv]: { actions: ['delete', 'create'], replace_paths: [['description']] } });
    const args = ['--base', base, '--head', head, '--plan', `prod-config=${plan}`];
    const { code, result } = json(args);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking).toEqual([
      { environment: 'prod', rule: 'kv-mount-removed-or-replaced', message: `prod-config: KV mount "${LAYOUT.kvMount}/" is replaced (forced by description) in the terraform plan: every secret in it would be destroyed` },
    ]);
    const prod = result.environments[0];
    expect(prod.plannedStacks).toEqual(['prod-config']);
    expect(prod.resources).toEqual([expect.objectContaining({ addresses: { base: kv, head: kv }, action: 'replaced', actionFrom: 'plan', planActions: ['delete', 'create'], forcedBy: ['description'] })]);
    const md = review(args).out;
    expect(md).toContain('Replace or update of `prod-config` taken from the terraform plan itself.');
    expect(md).toContain(`| prod-config | vault_mount \`${LAYOUT.kvMount}\` | :boom: replaced (forced by description) (plan: delete, create) |`);
  });

  test('GIVEN a change the table calls a replacement (the KV mount\'s namespace) WHEN the plan updates it in place THEN the plan wins: updated, and nothing blocks (near miss)', () => {
    const head = fresh('ns');
    editStack(head, 'prod-config', (j) => (findResource(j, 'vault_mount', 'path', LAYOUT.kvMount)[1].namespace = 'team-a'));
    const withoutPlan = json(['--base', base, '--head', head]);
    expect(withoutPlan.code).toBe(EXIT_BLOCKING);
    const kv = address(head, 'vault_mount', 'path', LAYOUT.kvMount);
    const plan = writePlan(scratch, head, 'prod-config', { [kv]: { actions: ['update'] } });
    const { code, result } = json(['--base', base, '--head', head, '--plan', `prod-config=${plan}`]);
    expect(code).toBe(EXIT_OK);
    expect(result.environments[0].resources).toEqual([expect.objectContaining({ action: 'updated', actionFrom: 'plan', planActions: ['update'], forcedBy: [] })]);
  });

  test('GIVEN no change in the synth WHEN the plan destroys the audit device and a KV mount the configuration no longer declares (drift, a leftover in the state) THEN both are reported from the plan and both block', () => {
    const head = fresh('drift');
    const auditAddress = `vault_audit.${Object.keys(readStack(head, 'prod-config').resource.vault_audit)[0]}`;
    const plan = writePlan(scratch, head, 'prod-config', {
      [auditAddress]: { actions: ['delete', 'create'], replace_paths: [['options']] },
      'vault_mount.leftover': { actions: ['delete'], type: 'vault_mount', before: { path: 'old-kv', type: 'kv-v2' } },
    });
    const { code, result } = json(['--base', base, '--head', head, '--plan', `prod-config=${plan}`]);
    expect(code).toBe(EXIT_BLOCKING);
    expect(result.blocking.map((f) => f.rule).sort()).toEqual(['audit-device-removed', 'kv-mount-removed-or-replaced']);
    expect(result.blocking.find((f) => f.rule === 'kv-mount-removed-or-replaced')!.message).toBe('prod-config: KV mount "old-kv/" is removed in the terraform plan: every secret in it would be destroyed');
    const prod = result.environments[0];
    expect(prod.resources).toEqual([
      expect.objectContaining({ type: 'vault_audit', key: LAYOUT.auditDevice, action: 'replaced', actionFrom: 'plan', forcedBy: ['options'] }),
      expect.objectContaining({ type: 'vault_mount', key: 'old-kv', action: 'removed', actionFrom: 'plan' }),
    ]);
    expect(prod.notes).toContain(`prod-config: the plan replaces ${auditAddress} although the synthesized configurations do not change it (the server or the state differs from the base)`);
  });

  test('GIVEN a plan in which nothing changes WHEN reviewed with it THEN it exits 0 with no resource changes (near miss)', () => {
    const head = fresh('same');
    const { code, result } = json(['--base', base, '--head', head, '--plan', `prod-config=${writePlan(scratch, head, 'prod-config')}`]);
    expect(code).toBe(EXIT_OK);
    expect(result.noChanges).toBe(true);
    expect(result.environments[0].plannedStacks).toEqual(['prod-config']);
  });

  test.each([
    ['no "="', () => 'prod-config', 'expected <stack>=<file>'],
    ['a stack the head does not have', () => 'dev-config=x.json', '--head has no stack "dev-config" (it has prod-config, prod-server)'],
    ['a missing file', () => 'prod-config=/nonexistent/plan.json', 'file does not exist'],
    ['a file that is not JSON', () => (fs.writeFileSync(path.join(scratch, 'bad.json'), '{'), `prod-config=${path.join(scratch, 'bad.json')}`), 'not valid JSON'],
    ['a state instead of a plan', () => (fs.writeFileSync(path.join(scratch, 'state.json'), '{"format_version":"1.0","values":{}}'), `prod-config=${path.join(scratch, 'state.json')}`), 'a state, not a plan'],
    [
      'a plan that misses a resource the head declares',
      () => {
        const file = path.join(scratch, 'partial.json');
        fs.writeFileSync(file, JSON.stringify({ format_version: '1.2', planned_values: {}, resource_changes: [] }));
        return `prod-config=${file}`;
      },
      'the plan has no entry for vault_',
    ],
  ])('GIVEN --plan with %s WHEN reviewed THEN it exits 2 naming the option and what was expected', (_label, value, message) => {
    const r = review(['--base', base, '--head', base, '--plan', value()]);
    expect(r.code).toBe(EXIT_INPUT_ERROR);
    expect(r.err).toContain('review: --plan ');
    expect(r.err).toContain(message);
  });

  test('GIVEN two plans for one stack WHEN reviewed THEN it exits 2', () => {
    const plan = writePlan(scratch, base, 'prod-config');
    const r = review(['--base', base, '--head', base, '--plan', `prod-config=${plan}`, '--plan', `prod-config=${plan}`]);
    expect(r.code).toBe(EXIT_INPUT_ERROR);
    expect(r.err).toContain('is given a plan twice');
  });
});
