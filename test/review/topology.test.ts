// The topology rules on real synth outputs: the committed three-node prod cluster as base, heads
// synthesized with other node lists or edited like a pull request would edit them.
import { loadSettings } from '../../stacks/settings';
import { loadSynthOutput, SynthStack } from '../../review/stack-loader';
import { topologyFindings, TOPOLOGY_RULES } from '../../review/topology';
import { cleanup, copySynth, editStack, findResource, MEMORY_FILES, synthToTemp } from './support/synth-fixture';
import type { TfJson } from './support/tf-json';
import * as path from 'node:path';

const prod = (env: Record<string, string> = {}) => loadSettings(env).environments.filter((e) => e.name === 'prod');
const THREE = 'hoodcloud-vault-1=127.0.0.1,hoodcloud-vault-2=127.0.0.2,hoodcloud-vault-3=127.0.0.3';

describe('review: raft topology changes that lower failure tolerance', () => {
  const dirs: string[] = [];
  let base: string;
  const stacks = (dir: string) => {
    const out = loadSynthOutput(dir, '--head', MEMORY_FILES);
    return { server: out.stacks.get('prod-server') as SynthStack, config: out.stacks.get('prod-config') as SynthStack };
  };
  const review = (head: string) => {
    const b = stacks(base);
    const h = stacks(head);
    return topologyFindings('prod', { base: b.server, head: h.server }, { base: b.config, head: h.config });
  };
  const synth = (label: string, nodes: string) => {
    const dir = synthToTemp(label, prod({ HOODCLOUD_VAULT_NODES: nodes }));
    dirs.push(path.dirname(dir));
    return dir;
  };
  const edited = (label: string, stack: string, edit: (json: TfJson) => void) => {
    const dir = copySynth(base, label);
    dirs.push(path.dirname(dir));
    editStack(dir, stack, edit);
    return dir;
  };
  const uploaded = (json: TfJson, container: string) => {
    const [, c] = findResource(json, 'docker_container', 'name', container);
    return { c, config: JSON.parse(c.upload[0].content) };
  };

  beforeAll(() => {
    base = synthToTemp('topology-base', prod());
    dirs.push(path.dirname(base));
  });
  afterAll(() => cleanup(...dirs));

  test('GIVEN the same three nodes WHEN reviewed THEN nothing is reported', () => {
    expect(review(copySynth(base, 'same'))).toEqual([]);
  });

  test('GIVEN a fourth and fifth node added WHEN reviewed THEN nothing is reported (near miss: the tolerance grows)', () => {
    expect(review(synth('five', `${THREE},hoodcloud-vault-4=127.0.0.4,hoodcloud-vault-5=127.0.0.5`))).toEqual([]);
  });

  test('GIVEN two nodes removed (one left; two voters would not synthesize, HC-CLUSTER-1) WHEN reviewed THEN each removed node and the lower tolerance block the merge, by name', () => {
    expect(review(synth('one', 'hoodcloud-vault-1=127.0.0.1'))).toEqual([
      { environment: 'prod', rule: 'cluster-node-removed', message: 'prod-server: raft node "hoodcloud-vault-2" (container "hoodcloud-vault-2", https://127.0.0.2:8200) is removed: remove it from the cluster first (`bao operator raft remove-peer hoodcloud-vault-2`) and review the tolerance below' },
      { environment: 'prod', rule: 'cluster-node-removed', message: 'prod-server: raft node "hoodcloud-vault-3" (container "hoodcloud-vault-3", https://127.0.0.3:8200) is removed: remove it from the cluster first (`bao operator raft remove-peer hoodcloud-vault-3`) and review the tolerance below' },
      { environment: 'prod', rule: 'cluster-failure-tolerance-lowered', message: 'prod-server: 3 → 1 voter: the cluster survives losing 0 nodes instead of 1' },
    ]);
  });

  test('GIVEN one node replaced by another id on another address WHEN reviewed THEN the removal is named but the tolerance is unchanged', () => {
    const findings = review(synth('replaced', 'hoodcloud-vault-1=127.0.0.1,hoodcloud-vault-2=127.0.0.2,hoodcloud-vault-4=127.0.0.4'));
    expect(findings.map((f) => f.rule)).toEqual(['cluster-node-removed']);
    expect(findings[0].message).toContain('"hoodcloud-vault-3"');
  });

  test('GIVEN a container whose raft node_id changes WHEN reviewed THEN it is named as a new member beside the old one', () => {
    const head = edited('id-changed', 'prod-server', (json) => {
      const { c, config } = uploaded(json, 'hoodcloud-vault-2');
      config.storage.raft.node_id = 'vault-two';
      c.upload[0].content = JSON.stringify(config);
    });
    expect(review(head)).toEqual([
      { environment: 'prod', rule: 'cluster-node-id-changed', message: 'prod-server: container "hoodcloud-vault-2" changes its raft node id "hoodcloud-vault-2" → "vault-two": raft sees a new member and keeps the old one, which counts against the quorum until it is removed' },
    ]);
  });

  test('GIVEN a node\'s raft data moved to another volume WHEN reviewed THEN it is named (it restarts empty)', () => {
    const head = edited('data-replaced', 'prod-server', (json) => {
      const { c } = uploaded(json, 'hoodcloud-vault-3');
      const data = (c.volumes as TfJson[]).find((v) => v.container_path === '/vault/file')!;
      json.resource.docker_volume.fresh = { name: 'hoodcloud-vault-3-data-v2' };
      data.volume_name = '${docker_volume.fresh.name}';
    });
    expect(review(head)).toEqual([
      { environment: 'prod', rule: 'cluster-node-data-replaced', message: 'prod-server: raft node "hoodcloud-vault-3" keeps its raft data on the volume "hoodcloud-vault-3-data-v2" instead of "hoodcloud-vault-3-data": it restarts empty and must rejoin and catch up, and the cluster tolerates one failure fewer until it has' },
    ]);
  });

  test('GIVEN a node turned into a non-voter WHEN reviewed THEN it is named and the tolerance drop too', () => {
    const head = edited('non-voter', 'prod-server', (json) => {
      const { c, config } = uploaded(json, 'hoodcloud-vault-3');
      config.storage.raft.retry_join_as_non_voter = true;
      c.upload[0].content = JSON.stringify(config);
    });
    expect(review(head).map((f) => f.rule)).toEqual(['cluster-node-removed', 'cluster-failure-tolerance-lowered']);
  });

  test('GIVEN autopilot\'s min_quorum lowered WHEN reviewed THEN it blocks, naming both values', () => {
    const head = edited('quorum', 'prod-config', (json) => {
      const [, ap] = Object.entries(json.resource.vault_raft_autopilot as Record<string, TfJson>)[0];
      ap.min_quorum = 2;
    });
    expect(review(head)).toEqual([{ environment: 'prod', rule: 'cluster-quorum-lowered', message: 'prod-config: autopilot min_quorum 3 → 2: autopilot may prune dead voters down to 2' }]);
  });

  test('GIVEN autopilot\'s min_quorum raised WHEN reviewed THEN nothing is reported (near miss)', () => {
    const head = edited('quorum-up', 'prod-config', (json) => {
      const [, ap] = Object.entries(json.resource.vault_raft_autopilot as Record<string, TfJson>)[0];
      ap.min_quorum = 5;
    });
    expect(review(head)).toEqual([]);
  });

  test('GIVEN every rule id WHEN listed THEN each is unique and kebab-case (for report-model BLOCKING_RULES)', () => {
    expect(new Set(TOPOLOGY_RULES).size).toBe(TOPOLOGY_RULES.length);
    expect(TOPOLOGY_RULES.every((r) => /^cluster-[a-z-]+$/.test(r))).toBe(true);
  });
});
