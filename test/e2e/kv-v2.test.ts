// Issue 3, proof 5: KV v2 behaviour as configured. Versions are kept up to max_versions (older
// ones are dropped) and check-and-set is enforced when cas_required is on. Expectations come from
// the declared vault_kv_secret_backend_v2, not from constants.
import { loginAs, type RoleSession } from './support/approle-login';
import { randomSecretValue } from './support/seed';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
let admin: RoleSession;
let kv: { mount: string; maxVersions: number; casRequired: boolean };
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
  admin = await loginAs(target.root, 'hoodcloud-admin');
  const declared = target.config.resources.find((r) => r.type === 'vault_kv_secret_backend_v2')!.attributes;
  const mountPath = target.config.resources.find((r) => r.type === 'vault_mount' && /^secret$/.test(String(r.attributes.path)))!.attributes.path;
  kv = { mount: String(mountPath), maxVersions: Number(declared.max_versions), casRequired: declared.cas_required === true };
  if (!(kv.maxVersions > 0)) throw new Error(`the e2e config declares no positive max_versions (${String(declared.max_versions)})`);
});
afterAll(async () => { await target?.close(); });

const path = (p: string) => `hoodcloud/control-plane/e2e-kv-${p}-${Date.now()}`;

describe('GIVEN the KV v2 engine configured by the e2e stack and the admin role', () => {
  test('WHEN a secret is written max_versions + 2 times THEN only the newest max_versions versions are kept', async () => {
    const p = path('versions');
    const writes = kv.maxVersions + 2;
    for (let v = 1; v <= writes; v++) {
      await admin.client.post(`${kv.mount}/data/${p}`, { options: { cas: v - 1 }, data: { value: randomSecretValue('kv') } });
    }
    const meta = (await admin.client.get(`${kv.mount}/metadata/${p}`)).data as Record<string, unknown>;
    expect(meta.current_version).toBe(writes);
    expect(Object.keys(meta.versions as object).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: kv.maxVersions }, (_, i) => writes - kv.maxVersions + 1 + i));
    expect(meta.oldest_version).toBe(writes - kv.maxVersions + 1);
    const dropped = await admin.client.raw('GET', `${kv.mount}/data/${p}`, { query: { version: '1' } });
    const kept = await admin.client.raw('GET', `${kv.mount}/data/${p}`, { query: { version: String(writes - kv.maxVersions + 1) } });
    expect({ dropped: dropped.status, kept: kept.status }).toEqual({ dropped: 404, kept: 200 });
  });

  test('WHEN a write omits or misstates the check-and-set version THEN the server refuses it exactly when cas_required is configured', async () => {
    const p = path('cas');
    await admin.client.post(`${kv.mount}/data/${p}`, { options: { cas: 0 }, data: { value: randomSecretValue('cas') } });
    const noCas = await admin.client.raw('POST', `${kv.mount}/data/${p}`, { body: { data: { value: randomSecretValue('cas') } } });
    const stale = await admin.client.raw('POST', `${kv.mount}/data/${p}`, { body: { options: { cas: 0 }, data: { value: randomSecretValue('cas') } } });
    if (kv.casRequired) {
      expect(noCas.status).toBe(400);
      expect((noCas.body.errors ?? []).join(' ')).toMatch(/check-and-set parameter required/);
    } else {
      expect(noCas.status).toBe(200);
    }
    expect(stale.status).toBe(400);
    expect((stale.body.errors ?? []).join(' ')).toMatch(/check-and-set parameter did not match/);
    const current = (await admin.client.get(`${kv.mount}/metadata/${p}`)).data as Record<string, unknown>;
    const good = await admin.client.raw('POST', `${kv.mount}/data/${p}`, { body: { options: { cas: current.current_version }, data: { value: randomSecretValue('cas') } } });
    expect(good.status).toBe(200);
  });
});
