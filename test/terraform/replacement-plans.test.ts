// The pure parts of the replacement step of `npm run test:terraform`: value generation, batching,
// the verdicts read from a plan and from the review, the synthetic state, the fixture check.
import { ADDRESS, applyChanges, batches, changedValue, disagreements, MOVED, planVerdicts, reviewVerdicts, settableAttributes } from './replacement-plans';
import { fillUnknown, mergeKnown } from './synthetic-state';
import { compareFixture } from './fixture-replacements';

const stack = {
  resource: {
    vault_mount: { m: { path: 'kv', type: 'kv-v2' } },
    vault_kv_secret_backend_v2: { c: { mount: '${vault_mount.m.path}', max_versions: 10 } },
    vault_policy: { p: { name: 'p', policy: 'path "kv/*" {}' } },
  },
};

describe('changedValue', () => {
  test.each([
    ['string', 'a', 'a-changed'],
    ['string', undefined, 'changed'],
    ['number', 3, 4],
    ['bool', false, true],
    [['set', 'string'], ['x'], ['x', 'changed']],
    [['map', 'string'], { a: '1' }, { a: '1', changed: 'changed' }],
  ])('GIVEN schema type %j and current %j WHEN changed THEN %j', (type, current, expected) => {
    expect(changedValue('vault_mount', 'description', type, current)).toEqual(expected);
  });

  test('GIVEN attributes the provider validates WHEN changed THEN a valid value is used (namespace, token_type, a CIDR)', () => {
    expect(changedValue('vault_policy', 'namespace', 'string', undefined)).toBe('hoodcloud-review-ns');
    expect(changedValue('vault_approle_auth_backend_role', 'token_type', 'string', 'service')).toBe('batch');
    expect(changedValue('vault_approle_auth_backend_role', 'token_bound_cidrs', ['set', 'string'], ['127.0.0.1/32'])).toEqual(['127.0.0.1/32', '127.0.0.2/32']);
  });

  test('GIVEN a list of objects (tune) WHEN changed THEN every field is present, unset ones null, one changed', () => {
    expect(changedValue('vault_auth_backend', 'tune', ['list', ['object', { a: ['list', 'string'], b: 'string' }]], [{ a: [], b: '' }])).toEqual([{ a: ['changed'], b: null }]);
  });

  test('GIVEN a type it cannot make a value of WHEN changed THEN undefined', () => {
    expect(changedValue('x', 'y', ['tuple', []], undefined)).toBeUndefined();
  });
});

describe('settableAttributes', () => {
  test('GIVEN a schema WHEN read THEN optional and required attributes and blocks, not computed-only ones or id', () => {
    expect(settableAttributes({ attributes: { id: { optional: true, computed: true }, a: { required: true }, b: { optional: true, computed: true }, c: { computed: true } }, block_types: { t: { nesting_mode: 'list', block: {} } } })).toEqual(['a', 'b', 't']);
  });
});

describe('batches and applyChanges', () => {
  const cases = [
    { type: 'vault_mount', logicalId: 'm', attribute: 'description', value: 'x' },
    { type: 'vault_kv_secret_backend_v2', logicalId: 'c', attribute: 'max_versions', value: 11 },
    { type: 'vault_policy', logicalId: 'p', attribute: ADDRESS },
    { type: 'vault_policy', logicalId: 'p', attribute: MOVED },
  ];

  test('GIVEN changes of resources that refer to each other WHEN batched THEN they go to different plans, one change per resource per plan', () => {
    expect(batches(stack, cases).map((b) => b.map((c) => `${c.logicalId}:${c.attribute}`))).toEqual([['m:description', 'p:(address)'], ['c:max_versions', 'p:(address, with a moved block)']]);
  });

  test('GIVEN an address change with a moved block WHEN applied THEN the resource is renamed, references follow and the moved block is written', () => {
    const out = applyChanges({ ...stack, resource: { ...stack.resource, vault_policy: { p: { name: 'p', policy: 'x', depends_on: ['vault_mount.m'] } } } }, [{ type: 'vault_mount', logicalId: 'm', attribute: MOVED }]);
    expect(Object.keys(out.resource.vault_mount)).toEqual(['m_renamed']);
    expect(out.resource.vault_kv_secret_backend_v2.c.mount).toBe('${vault_mount.m_renamed.path}');
    expect(out.resource.vault_policy.p.depends_on).toEqual(['vault_mount.m_renamed']);
    expect(out.moved).toEqual([{ from: 'vault_mount.m', to: 'vault_mount.m_renamed' }]);
  });
});

describe('verdicts', () => {
  test('GIVEN a plan WHEN read THEN each managed address gets its action', () => {
    const show = {
      resource_changes: [
        { address: 'a.x', mode: 'managed', change: { actions: ['no-op'] } },
        { address: 'a.y', mode: 'managed', change: { actions: ['update'] } },
        { address: 'a.z', mode: 'managed', change: { actions: ['create', 'delete'] } },
        { address: 'a.w', mode: 'managed', change: { actions: ['delete'] } },
        { address: 'data.d', mode: 'data', change: { actions: ['read'] } },
      ],
    };
    expect(Object.fromEntries(planVerdicts(show))).toEqual({ 'a.x': 'no-op', 'a.y': 'update', 'a.z': 'replace', 'a.w': 'delete' });
  });

  test('GIVEN the review of an update, a replacement, a remount and an address change WHEN read per address THEN update, replace, update and delete + create', () => {
    const head = applyChanges(stack, [{ type: 'vault_mount', logicalId: 'm', attribute: 'path', value: 'kv2' }]);
    // the remount changes the KV config's mount (ForceNew): replaced
    expect(Object.fromEntries(reviewVerdicts('s', stack, head))).toEqual({ 'vault_mount.m': 'update', 'vault_kv_secret_backend_v2.c': 'replace' });
    const moved = applyChanges(stack, [{ type: 'vault_policy', logicalId: 'p', attribute: ADDRESS }]);
    expect(Object.fromEntries(reviewVerdicts('s', stack, moved))).toEqual({ 'vault_policy.p': 'delete', 'vault_policy.p_renamed': 'create' });
    expect(reviewVerdicts('s', stack, applyChanges(stack, [{ type: 'vault_policy', logicalId: 'p', attribute: MOVED }])).size).toBe(0);
    expect(Object.fromEntries(reviewVerdicts('s', stack, applyChanges(stack, [{ type: 'vault_mount', logicalId: 'm', attribute: 'namespace', value: 'n' }])))).toEqual({ 'vault_mount.m': 'replace' });
  });

  test('GIVEN plan and review verdicts WHEN compared THEN only the addresses where they differ are listed, a missing verdict being no-op', () => {
    expect(disagreements(stack, stack, new Map([['vault_mount.m', 'replace']]), new Map([['vault_mount.m', 'update'], ['vault_policy.p', 'no-op']]))).toEqual([{ address: 'vault_mount.m', plan: 'replace', review: 'update' }]);
  });
});

describe('synthetic state', () => {
  test('GIVEN a create plan\'s values with unknowns WHEN filled THEN unknown leaves get placeholders of their type', () => {
    const block = { attributes: { id: { type: 'string' }, n: { type: 'number' }, l: { type: ['list', 'string'] } }, block_types: { b: { block: { attributes: { x: { type: 'bool' } } } } } };
    expect(fillUnknown({ name: 'v', b: [{}] }, { id: true, n: true, l: true, b: [{ x: true }] }, block)).toEqual({ name: 'v', id: 'synthetic-id', n: 0, l: [], b: [{ x: false }] });
  });

  test('GIVEN a later plan WHEN merged into the state THEN known values are taken and unknown ones kept', () => {
    expect(mergeKnown({ image: 'old', id: 'i' }, { image: 'sha', id: null }, { id: true })).toEqual({ image: 'sha', id: 'i' });
  });
});

describe('compareFixture', () => {
  test('GIVEN plans that replace on namespace and key attributes WHEN compared with the fixture THEN it agrees, and its refusal of a remount is listed as stricter', () => {
    const planned = new Map([
      ['vault_mount', { replace: new Set(['namespace', 'type']), update: new Set(['path', 'description']) }],
      ['vault_transit_secret_backend_key', { replace: new Set(['name']), update: new Set(['key_size', 'exportable']) }],
    ]);
    expect(compareFixture(planned)).toEqual({ disagreements: [], stricter: ['vault_mount.path'] });
  });

  test('GIVEN a plan replacing on an attribute the fixture updates WHEN compared THEN it is a disagreement (the check can fail)', () => {
    expect(compareFixture(new Map([['vault_policy', { replace: new Set(['policy']), update: new Set<string>() }]])).disagreements).toEqual([
      'vault_policy.policy: the provider replaces the resource, the fixture\'s schema updates it in place',
    ]);
  });
});
