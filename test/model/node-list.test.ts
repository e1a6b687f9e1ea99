import { nodeIdProblem, parseAddressPort, parseNodeList, splitEntries } from '../../model/node-list';

describe('node list (node_id=address[:port], comma-separated)', () => {
  test('GIVEN IPv4, IPv4 with port, bare IPv6 and bracketed IPv6 with port WHEN parsed THEN each gives its address and port', () => {
    expect(parseNodeList('a=10.0.0.5, b=10.0.0.6:8300,c=fd00::7,d=[fd00::8]:8400').nodes).toEqual([
      { id: 'a', address: '10.0.0.5' },
      { id: 'b', address: '10.0.0.6', port: 8300 },
      { id: 'c', address: 'fd00::7' },
      { id: 'd', address: 'fd00::8', port: 8400 },
    ]);
  });

  test('GIVEN good and bad entries WHEN parsed THEN the good ones are kept and every bad one is reported with its position', () => {
    const { nodes, problems } = parseNodeList('a=10.0.0.5,b=vault.local,=10.0.0.7,d=10.0.0.8:0');
    expect(nodes).toEqual([{ id: 'a', address: '10.0.0.5' }]);
    expect(problems).toEqual([
      { index: 1, text: 'b=vault.local', problem: expect.stringContaining('has the address "vault.local"') },
      { index: 2, text: '=10.0.0.7', problem: 'is not of the form node_id=value' },
      { index: 3, text: 'd=10.0.0.8:0', problem: expect.stringContaining('has the port "0"') },
    ]);
  });

  test.each(['10.0.0.5/32', '[10.0.0.5]x', '10.0.0.5:80a'])('GIVEN the address %j WHEN parsed THEN it is refused', (text) => {
    expect(parseAddressPort(text)).toEqual({ problem: expect.any(String) });
  });

  test.each(['hoodcloud-vault-1', 'a', 'node_2.eu'])('GIVEN the node id %j WHEN checked THEN it is accepted', (id) => {
    expect(nodeIdProblem(id)).toBeUndefined();
  });

  test.each(['-a', 'a b', '', 'x'.repeat(64), 'vault/1'])('GIVEN the node id %j WHEN checked THEN it is refused (near miss of the Docker name rule)', (id) => {
    expect(nodeIdProblem(id)).toMatch(/is not a node id/);
  });

  test('GIVEN a value holding `=` (a URL with a query) WHEN split THEN only the first `=` separates key and value', () => {
    expect(splitEntries('a=tcp://h:1?x=y').entries).toEqual([{ index: 0, text: 'a=tcp://h:1?x=y', key: 'a', value: 'tcp://h:1?x=y' }]);
  });
});
