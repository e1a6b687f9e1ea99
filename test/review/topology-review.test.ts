// The topology rules inside the review itself: the review CLI on the committed three-node prod
// synth as base blocks a head that shrinks the cluster, by the topology rule ids, and lets a head
// that grows it pass; outside the production environments the same change does not block.
import * as path from 'node:path';
import { runCli, EXIT_BLOCKING, EXIT_OK } from '../../review/cli';
import { review } from '../../review/diff';
import { BLOCKING_RULES, ReviewResult } from '../../review/report-model';
import { loadSynthOutput } from '../../review/stack-loader';
import { TOPOLOGY_RULES } from '../../review/topology';
import { loadSettings } from '../../stacks/settings';
import { cleanup, MEMORY_FILES, synthToTemp } from './support/synth-fixture';

vi.setConfig({ testTimeout: 20_000 });

const prod = (env: Record<string, string> = {}) => loadSettings(env).environments.filter((e) => e.name === 'prod');
const THREE = 'hoodcloud-vault-1=127.0.0.1,hoodcloud-vault-2=127.0.0.2,hoodcloud-vault-3=127.0.0.3';
const isTopology = (rule: string) => (TOPOLOGY_RULES as readonly string[]).includes(rule);

function runReview(base: string, head: string): { code: number; result: ReviewResult } {
  let out = '';
  const code = runCli(['--base', base, '--head', head, '--json'], { stdout: (s) => (out += s), stderr: () => undefined }, MEMORY_FILES);
  return { code, result: JSON.parse(out) as ReviewResult };
}

describe('review: raft topology rules block production changes', () => {
  const dirs: string[] = [];
  const synth = (label: string, nodes?: string) => {
    const dir = synthToTemp(label, prod(nodes ? { HOODCLOUD_VAULT_NODES: nodes } : {}));
    dirs.push(path.dirname(dir));
    return dir;
  };
  let base: string;
  let one: string;
  beforeAll(() => {
    base = synth('topology-review-base');
    one = synth('topology-review-one', 'hoodcloud-vault-1=127.0.0.1');
  });
  afterAll(() => cleanup(...dirs));

  test('GIVEN every topology rule id WHEN the blocking rules are listed THEN each is one of them', () => {
    expect(TOPOLOGY_RULES.filter((r) => !(BLOCKING_RULES as readonly string[]).includes(r))).toEqual([]);
  });

  test('GIVEN the prod cluster shrunk from three nodes to one WHEN reviewed THEN the merge is blocked by each removed node and the lower failure tolerance', () => {
    const { code, result } = runReview(base, one);
    expect(code).toBe(EXIT_BLOCKING);
    const topology = result.blocking.filter((f) => isTopology(f.rule));
    expect(topology.map((f) => `${f.environment} ${f.rule}`)).toEqual(['prod cluster-node-removed', 'prod cluster-node-removed', 'prod cluster-failure-tolerance-lowered']);
    expect(topology[0].message).toContain('raft node "hoodcloud-vault-2"');
    expect(topology[2].message).toBe('prod-server: 3 → 1 voter: the cluster survives losing 0 nodes instead of 1');
  });

  test('GIVEN the prod cluster grown to five nodes WHEN reviewed THEN no topology rule blocks (near miss) and the review passes', () => {
    const { code, result } = runReview(base, synth('topology-review-five', `${THREE},hoodcloud-vault-4=127.0.0.4,hoodcloud-vault-5=127.0.0.5`));
    expect(result.blocking.filter((f) => isTopology(f.rule))).toEqual([]);
    expect(code).toBe(EXIT_OK);
  });

  test('GIVEN the same shrink in an environment not declared production WHEN reviewed THEN no topology rule blocks', () => {
    const result = review(loadSynthOutput(base, '--base', MEMORY_FILES), loadSynthOutput(one, '--head', MEMORY_FILES), { productionEnvironments: [] });
    expect(result.blocking.filter((f) => isTopology(f.rule))).toEqual([]);
  });
});
