import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDeclaredNodes } from '../../../cli/cluster/declared-nodes';
import { renderOutcomes } from '../../../cli/unseal/unseal-command';

describe('the nodes of the synthesized server stack (--server-json)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-declared-nodes-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };
  const container = (name: string, config: unknown) => ({ name, command: ['server'], upload: [{ file: '/vault/config/server.json', content: JSON.stringify(config) }] });

  test('GIVEN a stack with two raft nodes WHEN read THEN each node id and api_addr (trailing slash dropped)', () => {
    const f = write('s.json', JSON.stringify({ resource: { docker_container: {
      a: container('a', { api_addr: 'https://10.0.0.5:8200/', storage: { raft: { path: '/vault/file', node_id: 'a' } } }),
      b: container('b', { api_addr: 'https://10.0.0.6:8200', storage: { raft: { path: '/vault/file', node_id: 'b' } } }),
    } } }));
    expect(readDeclaredNodes(f).nodes).toEqual([{ nodeId: 'a', apiAddr: 'https://10.0.0.5:8200' }, { nodeId: 'b', apiAddr: 'https://10.0.0.6:8200' }]);
  });

  test.each([
    ['missing', undefined, '--server-json: "<f>" does not exist; run `npm run synth` first'],
    ['not JSON', 'nope', '--server-json: "<f>" is not JSON'],
    ['a dev-mode stack', JSON.stringify({ resource: { docker_container: { d: { name: 'd', command: ['server', '-dev'] } } } }), 'declares no server node with raft storage and an api_addr'],
  ])('GIVEN %s WHEN read THEN a usage error names the flag and the file', (_label, content, message) => {
    const f = content === undefined ? path.join(dir, 'missing.json') : write('x.json', content);
    expect(() => readDeclaredNodes(f)).toThrow(message.replace('<f>', f));
  });
});

describe('unseal outcomes as printed', () => {
  const o = (label: string, result: 'unsealed' | 'already-unsealed' | 'sealed', extra = {}) => ({ label, address: `https://${label}:8200`, result, ...extra });

  test('GIVEN one node WHEN printed THEN the one word the single-server unseal always printed', () => {
    expect(renderOutcomes([o('a', 'unsealed', { state: 'active' })])).toBe('unsealed');
    expect(renderOutcomes([o('a', 'sealed', { progress: 1, threshold: 3 })])).toBe('sealed (1 of 3)');
  });

  test('GIVEN three nodes WHEN printed THEN one row per node with its state', () => {
    expect(renderOutcomes([o('a', 'unsealed', { state: 'active' }), o('b', 'already-unsealed'), o('c', 'sealed', { progress: 2, threshold: 3 })]).split('\n')).toEqual([
      'node  address         state',
      '----  --------------  ------------------',
      'a     https://a:8200  unsealed: active',
      'b     https://b:8200  unsealed (already)',
      'c     https://c:8200  sealed (2 of 3)',
    ]);
  });
});
