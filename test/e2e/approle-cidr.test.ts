// Issue 3, proof 2: each AppRole logs in from an address inside its bound CIDRs; a login from an
// address outside them is rejected by the server with its CIDR error; a token used from outside
// token_bound_cidrs is rejected. Source addresses are real: the TCP connection is opened from
// 127.0.0.x (all of 127/8 is loopback), and the bindings are read from the server.
import { VaultClient } from '../../vault-api/client';
import { roleNames } from '../../services/catalog';
import { configuredRoles } from './access-matrix';
import { loopbackOutside } from './support/loopback-sources';
import { credentials, loginAs, roleBindings } from './support/approle-login';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
});
afterAll(async () => { await target?.close(); });

test('GIVEN the configuration WHEN its roles are read THEN they are the roles of the service registry (each tested below)', () => {
  expect(configuredRoles(target.configJson)).toEqual([...roleNames()].sort());
});

describe.each(roleNames())('GIVEN the AppRole %s as configured on the server', (role) => {
  test('WHEN it logs in from an address inside its bindings THEN it gets a working token with its policy', async () => {
    const session = await loginAs(target.root, role);
    const self = (await session.client.get('auth/token/lookup-self')).data as Record<string, unknown>;
    expect([...(self.policies as string[])].filter((p) => p !== 'default')).toEqual([role]);
    expect(self.bound_cidrs ?? []).toEqual(expect.arrayContaining([expect.stringMatching(/^127\./)]));
  });

  test('WHEN it logs in from an address outside secret_id_bound_cidrs THEN the server rejects the login with its CIDR error', async () => {
    const bindings = await roleBindings(target.root, role);
    const outside = loopbackOutside(bindings.secretIdBoundCidrs);
    if (!outside) throw new Error(`${role}: secret_id_bound_cidrs ${JSON.stringify(bindings.secretIdBoundCidrs)} cover every loopback test address; cannot test a login from outside`);
    const { roleId, secretId, mount } = await credentials(target.root, role);
    const res = await new VaultClient({ address: target.address, localAddress: outside })
      .raw('POST', `auth/${mount}/login`, { body: { role_id: roleId, secret_id: secretId }, token: null });
    expect(res.status).toBe(400);
    expect((res.body.errors ?? []).join(' ')).toContain(`source address "${outside}" unauthorized by CIDR restrictions on the role`);
    expect(res.body).not.toHaveProperty('auth.client_token');
  });

  test('WHEN its token is used from an address outside token_bound_cidrs THEN the server refuses it with 403', async () => {
    const session = await loginAs(target.root, role);
    const bindings = await roleBindings(target.root, role);
    const outside = loopbackOutside(bindings.tokenBoundCidrs);
    if (!outside) throw new Error(`${role}: token_bound_cidrs ${JSON.stringify(bindings.tokenBoundCidrs)} cover every loopback test address`);
    const fromInside = await session.client.raw('GET', 'auth/token/lookup-self');
    const fromOutside = await new VaultClient({ address: target.address, token: session.token, localAddress: outside }).raw('GET', 'auth/token/lookup-self');
    expect({ inside: fromInside.status, outside: fromOutside.status }).toEqual({ inside: 200, outside: 403 });
    expect((fromOutside.body.errors ?? []).join(' ')).toContain('permission denied');
  });
});
