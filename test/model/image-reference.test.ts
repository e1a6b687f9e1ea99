import { parseImageReference, unpinnedBecause } from '../../model/image-reference';

describe('image references by the reference grammar', () => {
  test.each([
    ['hashicorp/vault:1.21.4', { repository: 'hashicorp/vault', tag: '1.21.4' }],
    ['registry.example.com:5000/team/vault:1.21.4', { registry: 'registry.example.com:5000', repository: 'team/vault', tag: '1.21.4' }],
    ['localhost/vault:1.2.3', { registry: 'localhost', repository: 'vault' }],
    [`openbao/openbao@sha256:${'a'.repeat(64)}`, { repository: 'openbao/openbao', digest: `sha256:${'a'.repeat(64)}` }],
    [`openbao/openbao:2.7.2@sha256:${'b'.repeat(64)}`, { tag: '2.7.2', digest: `sha256:${'b'.repeat(64)}` }],
  ])('GIVEN %j WHEN parsed THEN %j and it is pinned', (text, expected) => {
    const r = parseImageReference(text);
    expect(r.image).toMatchObject(expected);
    expect(unpinnedBecause(r.image!)).toBeUndefined();
  });

  test.each([
    ['hashicorp/vault', 'has no tag or digest'],
    ['hashicorp/vault:latest', 'floating tag "latest"'],
    ['hashicorp/vault:LATEST', 'floating tag "LATEST"'],
    ['hashicorp/vault:1', 'not a full release'],
    ['hashicorp/vault:1.21', 'not a full release'],
    ['hashicorp/vault:stable', 'not a full release'],
  ])('GIVEN %j WHEN checked THEN it is not pinned: %s', (text, why) => {
    expect(unpinnedBecause(parseImageReference(text).image!)).toContain(why);
  });

  test.each([
    ['Hashicorp/Vault:1.2.3', 'has repository'],
    ['vault@sha256:abc', 'has digest'],
    ['vault:-1', 'has tag'],
    ['reg:port:1/vault:1.2.3', 'has registry'],
    [' vault:1.2.3', 'surrounding spaces'],
  ])('GIVEN %j WHEN parsed THEN the problem says %j', (text, problem) => {
    expect(parseImageReference(text).problem).toContain(problem);
  });
});
