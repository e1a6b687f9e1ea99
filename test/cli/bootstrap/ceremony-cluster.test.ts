import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ceremonyClusterOf, peersFailedError } from '../../../cli/bootstrap/ceremony-cluster';
import { CliError } from '../../../cli/errors';

describe('bootstrap: the nodes the ceremony forms into one cluster', () => {
  let dir: string;
  let serverJson: string;
  const container = (id: string, apiAddr: string) => ({ name: id, command: ['server'], upload: [{ file: '/vault/config/server.json', content: JSON.stringify({ api_addr: apiAddr, storage: { raft: { path: '/vault/file', node_id: id } } }) }] });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-ceremony-cluster-'));
    serverJson = path.join(dir, 'cdk.tf.json');
    fs.writeFileSync(serverJson, JSON.stringify({ resource: { docker_container: {
      a: container('vault-1', 'https://10.0.0.5:8200'),
      b: container('vault-2', 'https://10.0.0.6:8200'),
      c: container('vault-3', 'https://10.0.0.7:8200'),
    } } }));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN the address of the second node, spelled with another case and a trailing slash WHEN split THEN it is the node bootstrapped and the others are its peers, in the stack\'s order', () => {
    const c = ceremonyClusterOf(serverJson, 'https://10.0.0.6:8200/');
    expect(c.self).toEqual({ nodeId: 'vault-2', apiAddr: 'https://10.0.0.6:8200' });
    expect(c.peers.map((p) => p.nodeId)).toEqual(['vault-1', 'vault-3']);
  });

  test('GIVEN an address no node of the stack has WHEN split THEN a usage error names the flag, the file, every declared node and what to do', () => {
    let error: unknown;
    try {
      ceremonyClusterOf(serverJson, 'https://10.0.0.9:8200');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toBe(
      `--server-json: "${serverJson}" declares no node at https://10.0.0.9:8200, the server being bootstrapped (it declares vault-1 at https://10.0.0.5:8200, vault-2 at https://10.0.0.6:8200, vault-3 at https://10.0.0.7:8200); ` +
        'bootstrap one of those nodes (--address / VAULT_ADDR = its api_addr), or pass the server stack this server was deployed from',
    );
  });

  test('GIVEN one peer that did not join and one that did WHEN the error is made THEN it names the one, the other as unsealed, the saved shares and --resume', () => {
    const c = ceremonyClusterOf(serverJson, 'https://10.0.0.5:8200');
    const e = peersFailedError(c, [
      { label: 'vault-2', address: 'https://10.0.0.6:8200' },
      { label: 'vault-3', address: 'https://10.0.0.7:8200', problem: 'did not join within 90 s: no answer' },
    ], '/root/ceremony');
    expect(e.message).toMatch(/^vault-3 \(https:\/\/10\.0\.0\.7:8200\) did not join: did not join within 90 s: no answer\. vault-2 joined and is unsealed; vault-1 is initialized and unsealed, and every unseal share is saved in \/root\/ceremony: none is lost\. Bring vault-3 up/);
    expect(e.message).toContain('--resume then unseals it with 3 shares');
    expect(e.exitCode).toBe(1);
  });
});
