import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSynthOutput, parseStack, ReviewInputError } from '../../review/stack-loader';
import { identify } from '../../review/resource-identity';
import { cleanup, tempDir } from './support/synth-fixture';

describe('stack loader', () => {
  const dirs: string[] = [];
  afterAll(() => cleanup(...dirs));
  const dir = (files: Record<string, string>) => {
    const d = tempDir('loader');
    dirs.push(d);
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
      fs.writeFileSync(path.join(d, f), text);
    }
    return d;
  };

  test.each([
    ['a manifest that is not JSON', { 'manifest.json': '{nope' }, 'manifest.json is not valid JSON'],
    ['a manifest without stacks', { 'manifest.json': '{"version":"0.21.0","stacks":{}}' }, 'manifest.json lists no stacks'],
    ['a manifest naming a missing stack file', { 'manifest.json': '{"stacks":{"dev-config":{"synthesizedStackPath":"stacks/dev-config/cdk.tf.json"}}}' }, 'manifest.json lists stack "dev-config" but stacks/dev-config/cdk.tf.json is missing (re-run the synth)'],
    ['a stack file that is not JSON', { 'manifest.json': '{"stacks":{"dev-config":{}}}', 'stacks/dev-config/cdk.tf.json': '[' }, 'stack "dev-config" is not valid JSON'],
    ['a stack file that is a list', { 'manifest.json': '{"stacks":{"dev-config":{}}}', 'stacks/dev-config/cdk.tf.json': '[]' }, 'stack "dev-config"'],
  ])('GIVEN %s WHEN loaded THEN a ReviewInputError says what is wrong and what was expected', (_label, files, message) => {
    const d = dir(files);
    expect(() => loadSynthOutput(d, '--head')).toThrow(ReviewInputError);
    expect(() => loadSynthOutput(d, '--head')).toThrow(message);
  });

  test('GIVEN a file instead of a directory WHEN loaded THEN the error says it is not a directory', () => {
    const d = dir({ 'x.json': '{}' });
    expect(() => loadSynthOutput(path.join(d, 'x.json'), '--base')).toThrow(`--base ${JSON.stringify(path.join(d, 'x.json'))}: not a directory`);
  });

  test('GIVEN references between resources, lifecycle and an import block WHEN parsed THEN literal references resolve, computed ones stay, and the identity uses key attributes', () => {
    const stack = parseStack('dev-config', 'f', {
      resource: {
        vault_mount: { m1: { path: 'transit', type: 'transit', lifecycle: { prevent_destroy: true }, depends_on: ['${vault_audit.a}'] } },
        vault_transit_secret_backend_key: { k1: { backend: '${vault_mount.m1.path}', name: 'hoodcloud-masterkey' } },
        vault_approle_auth_backend_role: { r1: { backend: '${vault_auth_backend.b.path}', role_name: 'x', token_policies: ['${vault_policy.p.name}', '${vault_policy.p.id}'] } },
        vault_auth_backend: { b: { type: 'approle' } },
        vault_policy: { p: { name: 'x', policy: 'path "a" { capabilities = ["read"] }' } },
      },
      import: [{ to: 'vault_mount.m1', id: 'transit' }],
    });
    const byAddress = new Map(stack.resources.map((r) => [r.address, r]));
    expect(byAddress.get('vault_mount.m1')).toEqual(expect.objectContaining({ preventDestroy: true, importId: 'transit', attributes: { path: 'transit', type: 'transit' } }));
    expect(identify(byAddress.get('vault_transit_secret_backend_key.k1')!).id).toBe('vault_transit_secret_backend_key transit/hoodcloud-masterkey');
    const role = byAddress.get('vault_approle_auth_backend_role.r1')!;
    expect(role.attributes.token_policies).toEqual(['x', '${vault_policy.p.id}']);
    // the auth backend has no path: it defaults to its type, for itself and for references to it
    expect(identify(byAddress.get('vault_auth_backend.b')!).key).toBe('approle');
    expect(identify(role).id).toBe('vault_approle_auth_backend_role approle/x');
  });

  test('GIVEN the same stack text in two outputs WHEN loaded THEN it is parsed once (the same resources), each stack keeps its own file, and an edited text is parsed anew', () => {
    const stackText = (policy: string) => JSON.stringify({ resource: { vault_policy: { p: { name: 'x', policy } } } });
    const output = (policy: string) => dir({ 'manifest.json': '{"stacks":{"dev-config":{}}}', 'stacks/dev-config/cdk.tf.json': stackText(policy) });
    const a = loadSynthOutput(output('path "a" { capabilities = ["read"] }'), '--base').stacks.get('dev-config')!;
    const b = loadSynthOutput(output('path "a" { capabilities = ["read"] }'), '--head').stacks.get('dev-config')!;
    const edited = loadSynthOutput(output('path "a" { capabilities = ["list"] }'), '--head').stacks.get('dev-config')!;
    expect(b.resources).toBe(a.resources);
    expect(b.file).not.toBe(a.file);
    expect(edited.resources).not.toBe(a.resources);
    expect(edited.resources[0].attributes.policy).toBe('path "a" { capabilities = ["list"] }');
  });
});
