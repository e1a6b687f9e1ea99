// The production cluster as the settings declare it: HOODCLOUD_VAULT_NODES, HOODCLOUD_VAULT_DOCKER_HOSTS
// (one docker provider per distinct daemon), a single node, and committed node lists the stack refuses.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { EnvironmentSettings } from '../../stacks/environment';
import { loadSettings, SettingsError } from '../../stacks/settings';
import { DEV, PROD } from '../../stacks/environments';
import { VaultServerStack } from '../../stacks/vault-server-stack';
import { resourcesOf, StackJson } from '../support/synth';

// The server stack alone, without the full synth (no guardrail run needed for these attributes).
const OUTDIR = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-cluster-settings-'));
afterAll(() => fs.rmSync(OUTDIR, { recursive: true, force: true }));
const serverStack = (env: EnvironmentSettings) => new VaultServerStack(Testing.app({ outdir: OUTDIR }), env);
const serverJson = (env: EnvironmentSettings) => JSON.parse(Testing.synth(serverStack(env))) as StackJson;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (e) {
    if (e instanceof SettingsError) return [...e.problems];
    throw e;
  }
  return [];
}
const prodOf = (env: Record<string, string>) => loadSettings(env).environments.find((e) => e.name === 'prod')!;

describe('HOODCLOUD_VAULT_NODES', () => {
  test('GIVEN three node_id=address[:port] entries WHEN loaded THEN they are the nodes (default port 8200) and the provider talks to the first', () => {
    const prod = prodOf({ HOODCLOUD_VAULT_NODES: 'vault-a=10.0.0.5, vault-b=10.0.0.6:8300,vault-c=[fd00::7]:8200' });
    expect(prod.server.nodes).toEqual([
      { id: 'vault-a', address: '10.0.0.5', port: 8200 },
      { id: 'vault-b', address: '10.0.0.6', port: 8300 },
      { id: 'vault-c', address: 'fd00::7', port: 8200 },
    ]);
    expect(prod.vaultAddress).toBe('https://10.0.0.5:8200');
  });

  test('GIVEN HOODCLOUD_VAULT_ADDR besides the nodes WHEN loaded THEN the provider address is the one given', () => {
    expect(prodOf({ HOODCLOUD_VAULT_NODES: 'a=10.0.0.5', HOODCLOUD_VAULT_ADDR: 'https://vault.internal:8200' }).vaultAddress).toBe('https://vault.internal:8200');
  });

  test.each([
    ['a=10.0.0.5,a=10.0.0.6', 'prod.server.nodes[1].id (from HOODCLOUD_VAULT_NODES) = "a": is also the id of server.nodes[0]'],
    ['a=10.0.0.5,b=10.0.0.5', 'prod.server.nodes[1] (from HOODCLOUD_VAULT_NODES) = "b=10.0.0.5:8200": uses 10.0.0.5:8200, which server.nodes[0] uses too'],
    // Near miss of "its own port": 8201 is node a's cluster port.
    ['a=10.0.0.5,b=10.0.0.5:8201', 'prod.server.nodes[1] (from HOODCLOUD_VAULT_NODES) = "b=10.0.0.5:8201": uses 10.0.0.5:8201, which server.nodes[0] uses too'],
    ['a=10.0.0.5:70000', 'prod.server.nodes[0] (from HOODCLOUD_VAULT_NODES) = "a=10.0.0.5:70000": the entry has the port "70000": expected a TCP port 1-65534'],
    ['-a=10.0.0.5', 'prod.server.nodes[0] (from HOODCLOUD_VAULT_NODES) = "-a=10.0.0.5": the entry node id "-a" is not a node id'],
    ['10.0.0.5', 'prod.server.nodes[0] (from HOODCLOUD_VAULT_NODES) = "10.0.0.5": the entry is not of the form node_id=value'],
    [' , ', 'prod.server.nodes (from HOODCLOUD_VAULT_NODES) = ",": lists no node'],
  ])('GIVEN HOODCLOUD_VAULT_NODES=%j WHEN loaded THEN the error names the variable, the entry and what is expected', (value, message) => {
    expect(problemsOf({ HOODCLOUD_VAULT_NODES: value })).toEqual([expect.stringContaining(message)]);
  });

  test('GIVEN two nodes on one address with ports two apart WHEN loaded THEN they are accepted (near miss of the port overlap)', () => {
    expect(prodOf({ HOODCLOUD_VAULT_NODES: 'a=10.0.0.5:8200,b=10.0.0.5:8202' }).server.nodes.map((n) => n.port)).toEqual([8200, 8202]);
  });

  test('GIVEN the retired VAULT_BIND_ADDR WHEN loaded THEN it is refused with the HOODCLOUD_VAULT_NODES spelling of the same address', () => {
    expect(problemsOf({ VAULT_BIND_ADDR: '10.0.0.5' })).toEqual([
      'prod.server.nodes (from VAULT_BIND_ADDR) = "10.0.0.5": is no longer read: production is a cluster with one address per node; set HOODCLOUD_VAULT_NODES instead, e.g. hoodcloud-vault-1=10.0.0.5,hoodcloud-vault-2=<ip>,hoodcloud-vault-3=<ip> (or hoodcloud-vault-1=10.0.0.5 for a single node)',
    ]);
  });
});

describe('HOODCLOUD_VAULT_DOCKER_HOSTS', () => {
  const nodes = 'hoodcloud-vault-1=10.0.0.5,hoodcloud-vault-2=10.0.0.6,hoodcloud-vault-3=10.0.0.7';

  test('GIVEN a daemon for two of three nodes WHEN loaded THEN those nodes carry it and the third uses the default engine', () => {
    const prod = prodOf({ HOODCLOUD_VAULT_NODES: nodes, HOODCLOUD_VAULT_DOCKER_HOSTS: 'hoodcloud-vault-2=ssh://ops@10.0.0.6,hoodcloud-vault-3=tcp://10.0.0.7:2376' });
    expect(prod.server.nodes.map((n) => n.dockerHost)).toEqual([undefined, 'ssh://ops@10.0.0.6', 'tcp://10.0.0.7:2376']);
  });

  test.each([
    ['hoodcloud-vault-9=ssh://ops@10.0.0.9', 'prod.server.nodes (from HOODCLOUD_VAULT_DOCKER_HOSTS) = "hoodcloud-vault-9=ssh://ops@10.0.0.9": names the node "hoodcloud-vault-9", which is not one of the nodes'],
    ['hoodcloud-vault-1=http://10.0.0.5:2375', 'prod.server.nodes[0].dockerHost (from HOODCLOUD_VAULT_DOCKER_HOSTS) = "http://10.0.0.5:2375": the value uses http:; expected unix://, tcp:// or ssh://'],
    ['hoodcloud-vault-1=ssh://ops:pw@10.0.0.5', 'the value carries a password'],
    ['ssh://ops@10.0.0.5', 'the entry is not of the form node_id=ssh://user@host'],
  ])('GIVEN HOODCLOUD_VAULT_DOCKER_HOSTS=%j WHEN loaded THEN it is refused naming the variable and value', (value, message) => {
    expect(problemsOf({ HOODCLOUD_VAULT_NODES: nodes, HOODCLOUD_VAULT_DOCKER_HOSTS: value })).toEqual([expect.stringContaining(message)]);
  });

  test('GIVEN nodes on three daemons, two of them the same WHEN synthesized THEN there is one aliased docker provider per distinct daemon and each node\'s resources use its own', () => {
    const prod = prodOf({ HOODCLOUD_VAULT_NODES: nodes, HOODCLOUD_VAULT_DOCKER_HOSTS: 'hoodcloud-vault-2=ssh://ops@10.0.0.6,hoodcloud-vault-3=ssh://ops@10.0.0.6' });
    {
      const json = serverJson(prod);
      expect(json.provider.docker).toEqual([{}, { alias: 'host-hoodcloud-vault-2', host: 'ssh://ops@10.0.0.6' }]);
      const byContainer = Object.fromEntries(resourcesOf(json, 'docker_container').map((c) => [c.name, c.provider]));
      expect(byContainer).toEqual({ 'hoodcloud-vault-1': undefined, 'hoodcloud-vault-2': 'docker.host-hoodcloud-vault-2', 'hoodcloud-vault-3': 'docker.host-hoodcloud-vault-2' });
      // The volumes of a node live on its daemon too; the image once per daemon (two resources would claim one image).
      expect(resourcesOf(json, 'docker_volume').filter((r) => r.provider === 'docker.host-hoodcloud-vault-2')).toHaveLength(6);
      expect(resourcesOf(json, 'docker_image').map((r) => r.provider)).toEqual([undefined, 'docker.host-hoodcloud-vault-2']);
    }
  });
});

describe('single-node and refused node lists', () => {
  test('GIVEN HOODCLOUD_VAULT_NODES with one node WHEN synthesized THEN one server runs with no retry_join (a single-node environment stays possible)', () => {
    {
      const containers = resourcesOf(serverJson(prodOf({ HOODCLOUD_VAULT_NODES: 'hoodcloud-vault-1=10.0.0.5' })), 'docker_container');
      expect(containers).toHaveLength(1);
      const raft = JSON.parse((containers[0].upload as Array<{ content: string }>)[0].content).storage.raft;
      expect(raft).toEqual({ path: '/vault/file', node_id: 'hoodcloud-vault-1', performance_multiplier: 1 });
    }
  });

  test.each([
    [{ ...DEV, server: { ...DEV.server, nodes: [DEV.server.nodes[0], { id: 'dev-2', address: '127.0.0.2', port: 8200 }] } }, 'dev.server.nodes = ["hoodcloud-vault-dev","dev-2"]: dev mode runs one in-memory node; a cluster needs server mode'],
    [{ ...PROD, server: { ...PROD.server, nodes: [PROD.server.nodes[0], { ...PROD.server.nodes[1], id: PROD.server.nodes[0].id }] } }, 'prod.server.nodes[1].id = "hoodcloud-vault-1": is also the id of server.nodes[0]'],
    [{ ...PROD, server: { ...PROD.server, nodes: [{ ...PROD.server.nodes[0], id: 'vault 1' }] } }, 'prod.server.nodes[0].id = "vault 1": is not a node id'],
    [{ ...PROD, server: { ...PROD.server, raft: undefined } }, 'prod.server.raft = undefined: expected the raft settings'],
  ])('GIVEN committed settings with a bad node list WHEN the server stack is validated THEN it names the problem: %#', (env, message) => {
    expect(serverStack(env).node.validate()).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });
});
