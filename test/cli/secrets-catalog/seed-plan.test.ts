import { SECRET_CATALOG } from '../../../services/catalog';
import { planSeed } from '../../../secrets-catalog/seed-plan';
import { generateX25519KeyPair } from '../../../secrets-catalog/x25519';
import { rsaTestSource } from './support/rsa-test-keys';

// Test keypairs instead of fresh RSA generation (which rsa-keypair.integration.test.ts covers).
const rsaKeyPairs = rsaTestSource();

const allPaths = SECRET_CATALOG.map((e) => e.path);
/** The catalog without the JWT keypair: plans that need no RSA generation stay fast. */
const WITHOUT_JWT = SECRET_CATALOG.filter((e) => e.path !== 'hoodcloud/auth-server/jwt');

describe('planSeed', () => {
  test('GIVEN dev and an empty server WHEN planned THEN every secret is written, none kept, nothing to supply', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'dev', existing: new Set(), rsaBits: 2048, rsaKeyPairs });
    expect(plan.problems).toEqual([]);
    expect(plan.toSupply).toEqual([]);
    expect(plan.writes.map((w) => w.entry.path).sort()).toEqual([...allPaths].sort());
  });

  test('GIVEN prod and nothing supplied WHEN planned THEN only the keypairs, the NATS seed and the internal API key are written and the rest must be supplied', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'prod', existing: new Set(), rsaBits: 2048, rsaKeyPairs });
    expect(plan.problems).toEqual([]);
    expect(plan.writes.map((w) => w.entry.path).sort()).toEqual([
      'hoodcloud/auth-server/jwt', 'hoodcloud/control-plane/api-keys', 'hoodcloud/control-plane/sealed-box', 'hoodcloud/payment-service/nats',
    ]);
    expect(plan.toSupply.map((s) => s.path)).toContain('hoodcloud/payment-service/provider');
    expect(plan.toSupply).toContainEqual({ path: 'hoodcloud/auth-server/database', fields: ['username', 'password'], optional: false });
    expect(plan.toSupply).toContainEqual(expect.objectContaining({ path: 'hoodcloud/control-plane/incident-notification', optional: true }));
  });

  test('GIVEN existing secrets WHEN planned without force THEN they are kept, not written', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'e2e', existing: new Set(['hoodcloud/payment-service/nats']), rsaBits: 2048, rsaKeyPairs });
    expect(plan.kept).toEqual(['hoodcloud/payment-service/nats']);
    expect(plan.writes.some((w) => w.entry.path === 'hoodcloud/payment-service/nats')).toBe(false);
  });

  test('GIVEN existing secrets WHEN planned with force THEN they are written as overwrites', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'e2e', existing: new Set(['hoodcloud/payment-service/nats']), force: true, rsaBits: 2048, rsaKeyPairs });
    expect(plan.writes.find((w) => w.entry.path === 'hoodcloud/payment-service/nats')?.overwrite).toBe(true);
  });

  test('GIVEN a supplied value of a malformed kind WHEN planned THEN it is a problem that names path and field, not the value', async () => {
    const plan = await planSeed({
      catalog: SECRET_CATALOG, env: 'prod', existing: new Set(), rsaBits: 2048, rsaKeyPairs,
      supplied: { 'hoodcloud/control-plane/orchestrator': { terraform_env_vars: '{"SECRET_TOKEN":"abc"}', provider_env_vars: {} } },
    });
    expect(plan.problems).toEqual([expect.stringMatching(/^hoodcloud\/control-plane\/orchestrator terraform_env_vars: a JSON string where/)]);
    expect(plan.problems.join()).not.toContain('SECRET_TOKEN');
  });

  test('GIVEN a supplied path outside the catalog WHEN planned THEN it is a problem', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'dev', existing: new Set(), rsaBits: 2048, rsaKeyPairs, supplied: { 'hoodcloud/typo/database': { username: 'x' } } });
    expect(plan.problems[0]).toMatch(/^hoodcloud\/typo\/database: not a path of the secrets catalog/);
  });

  test('GIVEN a supplied field outside the entry WHEN planned THEN it is a problem naming the fields', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'dev', existing: new Set(), rsaBits: 2048, rsaKeyPairs, supplied: { 'hoodcloud/auth-server/database': { user: 'x' } } });
    expect(plan.problems).toContain('hoodcloud/auth-server/database user: not a field of this secret (fields: username, password)');
  });

  test('GIVEN prod with a database secret half supplied WHEN planned THEN the missing field is a problem', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'prod', existing: new Set(), rsaBits: 2048, rsaKeyPairs, supplied: { 'hoodcloud/auth-server/database': { username: 'auth' } } });
    expect(plan.problems).toContain('hoodcloud/auth-server/database: fields not supplied and not generatable in prod: password');
  });

  test('GIVEN only the X25519 private key supplied WHEN planned THEN the public key is derived from it', async () => {
    const pair = generateX25519KeyPair();
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'prod', existing: new Set(), rsaBits: 2048, rsaKeyPairs, supplied: { 'hoodcloud/control-plane/sealed-box': { private_key: pair.privateKey } } });
    expect(plan.writes.find((w) => w.entry.path === 'hoodcloud/control-plane/sealed-box')?.data.public_key).toBe(pair.publicKey);
  });

  test('GIVEN values supplied for an existing secret without force (a re-run of the same seed) WHEN planned THEN it is kept, not written, and named as such', async () => {
    const plan = await planSeed({ catalog: SECRET_CATALOG, env: 'prod', existing: new Set(['hoodcloud/auth-server/database']), rsaBits: 2048, rsaKeyPairs, supplied: { 'hoodcloud/auth-server/database': { username: 'a', password: 'p'.repeat(20) } } });
    expect(plan.problems).toEqual([]);
    expect(plan.kept).toEqual(['hoodcloud/auth-server/database']);
    expect(plan.suppliedButKept).toEqual(['hoodcloud/auth-server/database']);
    expect(plan.writes.some((w) => w.entry.path === 'hoodcloud/auth-server/database')).toBe(false);
  });

  test('GIVEN a catalog partly seeded WHEN the same seed is planned again THEN only the missing secrets are written (create only) and the rest kept', async () => {
    const existing = new Set(WITHOUT_JWT.slice(0, 5).map((e) => e.path));
    const plan = await planSeed({ catalog: WITHOUT_JWT, env: 'dev', existing });
    expect(plan.problems).toEqual([]);
    expect(plan.kept).toEqual([...existing]);
    expect(plan.writes.map((w) => w.entry.path)).toEqual(WITHOUT_JWT.slice(5).map((e) => e.path));
    expect(plan.writes.every((w) => !w.overwrite)).toBe(true);
  });

  test('GIVEN a supplied field over 64 KiB WHEN planned THEN it is a problem naming path, field and limit, never the value, and nothing is planned for it', async () => {
    const plan = await planSeed({ catalog: WITHOUT_JWT, env: 'dev', existing: new Set(), supplied: { 'hoodcloud/payment-service/provider': { api_key: 'CANARY'.repeat(11_000) } } });
    expect(plan.problems).toEqual(['hoodcloud/payment-service/provider api_key: 66002 bytes (JSON-encoded), over the limit of 65536 bytes (64 KiB) per field']);
    expect(plan.writes.some((w) => w.entry.path === 'hoodcloud/payment-service/provider')).toBe(false);
  });

  test('GIVEN two env-var objects each under the field limit but together over 128 KiB WHEN planned THEN the secret limit is the problem', async () => {
    const big = (k: string) => ({ [k]: 'x'.repeat(65_520) }); // 65528 bytes encoded: under the field limit
    const plan = await planSeed({ catalog: WITHOUT_JWT, env: 'dev', existing: new Set(), supplied: { 'hoodcloud/control-plane/orchestrator': { terraform_env_vars: big('A'), provider_env_vars: big('B') } } });
    expect(plan.problems).toEqual([expect.stringMatching(/^hoodcloud\/control-plane\/orchestrator: 13\d{4} bytes \(JSON-encoded, all fields\), over the limit of 131072 bytes \(128 KiB\) per secret$/)]);
  });

  test('GIVEN a previous-key field supplied WHEN planned THEN it is refused: only rotations write it', async () => {
    const plan = await planSeed({ catalog: WITHOUT_JWT, env: 'dev', existing: new Set(), supplied: { 'hoodcloud/auth-server/jwt': { previous_public_key_pem: 'x' } } });
    expect(plan.problems).toContain('hoodcloud/auth-server/jwt: not a path of the secrets catalog (known: ' + WITHOUT_JWT.map((e) => e.path).join(', ') + ')');
    const full = await planSeed({ catalog: SECRET_CATALOG, env: 'prod', existing: new Set(['hoodcloud/auth-server/jwt']), supplied: { 'hoodcloud/auth-server/jwt': { previous_public_key_pem: 'x' } } });
    expect(full.problems).toContain('hoodcloud/auth-server/jwt previous_public_key_pem: written by `secrets rotate` (the grace period of the replaced key), never supplied');
  });
});
