import { policyRuleDifferences } from '../../../cli/drift/policy-rules';

const DECLARED = `# why
path "secret/data/a/*" {
  capabilities = ["read"]
}

# why not
path "transit/keys/k/config" {
  capabilities = ["update"]
  allowed_parameters = {
    "exportable" = [false]
  }
}
`;

describe('policies compared as parsed rules', () => {
  test('GIVEN the same rules without comments, reordered, respaced WHEN compared THEN there is no difference', () => {
    const live = 'path "transit/keys/k/config" { capabilities = ["update"]\n allowed_parameters = { exportable = [false] } }\npath "secret/data/a/*" {capabilities=["read"]}';
    expect(policyRuleDifferences('p', DECLARED, live)).toEqual([]);
  });

  test('GIVEN the same rules written as JSON WHEN compared THEN there is no difference', () => {
    const json = JSON.stringify({ path: { 'secret/data/a/*': { capabilities: ['read'] }, 'transit/keys/k/config': { capabilities: ['update'], allowed_parameters: { exportable: [false] } } } });
    expect(policyRuleDifferences('p', DECLARED, json)).toEqual([]);
  });

  test('GIVEN a widened path, an added path and a dropped constraint WHEN compared THEN each pattern is reported with both sides', () => {
    const live = `path "secret/data/a/*" { capabilities = ["read", "list"] }
path "transit/keys/k/config" { capabilities = ["update"] }
path "sys/*" { capabilities = ["sudo", "create"] }`;
    expect(policyRuleDifferences('p', DECLARED, live)).toEqual([
      { pattern: 'secret/data/a/*', declared: 'read', live: 'read, list' },
      { pattern: 'sys/*', declared: undefined, live: 'create, sudo' },
      { pattern: 'transit/keys/k/config', declared: 'update; allowed_parameters {"exportable":[false]}', live: 'update' },
    ]);
  });

  test('GIVEN one pattern written twice WHEN compared THEN the server\'s merge counts (capabilities united; deny wins)', () => {
    expect(policyRuleDifferences('p', 'path "a" { capabilities = ["read", "update"] }', 'path "a" { capabilities = ["read"] }\npath "a" { capabilities = ["update"] }')).toEqual([]);
    expect(policyRuleDifferences('p', 'path "a" { capabilities = ["deny"] }', 'path "a" { capabilities = ["read"] }\npath "a" { capabilities = ["deny"] }')).toEqual([]);
  });

  test('GIVEN a live text the parser cannot read WHEN compared THEN the text is reported as different (and equal texts are not)', () => {
    expect(policyRuleDifferences('p', DECLARED, 'path "a" { capabilities = ["fly"] }')).toEqual([{ pattern: '(text)', declared: 'as synthesized', live: expect.stringContaining('not readable as a policy (path "a": invalid capability "fly"') }]);
    expect(policyRuleDifferences('p', 'path "a" { x = 1 }', ' path "a" { x = 1 } ')).toEqual([]);
  });
});
