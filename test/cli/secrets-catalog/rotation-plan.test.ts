import { SECRET_CATALOG } from '../../../services/catalog';
import { planRollback, planRotation, RotationPlanOptions } from '../../../secrets-catalog/rotation-plan';
import { generateAccountSeed } from '../../../secrets-catalog/nkeys';
import { rsaKeysMatch, parseRsaPrivateKeyPem, parseRsaPublicKeyPem } from '../../../secrets-catalog/rsa-keypair';
import { generateX25519KeyPair, x25519PublicKeyOf } from '../../../secrets-catalog/x25519';
import { MAX_FIELD_BYTES } from '../../../secrets-catalog/value-limits';
import { rsaTestPair, rsaTestSource } from './support/rsa-test-keys';

const entry = (p: string) => SECRET_CATALOG.find((e) => e.path === p)!;
const NOW = new Date('2026-12-01T12:00:00Z');
// Pair 0 is the current key; rotations get pairs 1, 2, 3 (never the current one).
const base = { now: NOW, graceSeconds: 3600, rsaBits: 2048, rsaKeyPairs: rsaTestSource(1) };
const plan = (path: string, current: Record<string, unknown>, supplied?: Record<string, unknown>, extra: Partial<RotationPlanOptions> = {}) =>
  planRotation({ ...base, entry: entry(path), current, supplied, ...extra });

let rsa: { privateKeyPem: string; publicKeyPem: string };
let otherPublicKeyPem: string;
beforeAll(() => {
  rsa = rsaTestPair(0);
  otherPublicKeyPem = rsaTestPair(1).publicKeyPem;
});

describe('planRotation: generated fields anew, supplied ones as given, the rest kept', () => {
  test('GIVEN the JWT keypair WHEN rotated THEN a new matching keypair is generated and the replaced public key verifies for the grace period', async () => {
    const p = await plan('hoodcloud/auth-server/jwt', { private_key_pem: rsa.privateKeyPem, public_key_pem: rsa.publicKeyPem });
    expect(p.problems).toEqual([]);
    expect([p.generated, p.supplied, p.kept]).toEqual([['private_key_pem', 'public_key_pem'], [], []]);
    expect(p.data.public_key_pem).not.toBe(rsa.publicKeyPem);
    expect(rsaKeysMatch(parseRsaPrivateKeyPem(String(p.data.private_key_pem)), parseRsaPublicKeyPem(String(p.data.public_key_pem)))).toBe(true);
    expect(parseRsaPrivateKeyPem(String(p.data.private_key_pem)).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(p.data.previous_public_key_pem).toBe(rsa.publicKeyPem);
    expect(p.data.previous_public_key_expires_at).toBe('2026-12-01T13:00:00Z');
  });

  test('GIVEN a JWT whose previous key is still in its grace period WHEN rotated THEN it is refused before a keypair is generated', async () => {
    const current = { private_key_pem: rsa.privateKeyPem, public_key_pem: rsa.publicKeyPem, previous_public_key_pem: otherPublicKeyPem, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const p = await plan('hoodcloud/auth-server/jwt', current);
    expect(p.problems).toEqual([expect.stringContaining('hoodcloud/auth-server/jwt previous_public_key_pem: still verifies tokens until 2026-12-01T20:00:00Z')]);
    expect(p.generated).toEqual([]);
  });

  test('GIVEN a supplied JWT private key WHEN rotated THEN its public key is derived, nothing else generated', async () => {
    const p = await plan('hoodcloud/auth-server/jwt', { private_key_pem: 'old', public_key_pem: otherPublicKeyPem }, { private_key_pem: rsa.privateKeyPem });
    expect(p.problems).toEqual([]);
    expect([p.generated, p.supplied]).toEqual([['public_key_pem'], ['private_key_pem']]);
    expect(p.data.previous_public_key_pem).toBe(otherPublicKeyPem);
    expect(p.data.public_key_pem).toBe(rsa.publicKeyPem);
  });

  test('GIVEN the sealed box WHEN rotated THEN a new X25519 pair is generated, public derived from private', async () => {
    const old = generateX25519KeyPair();
    const p = await plan('hoodcloud/control-plane/sealed-box', { private_key: old.privateKey, public_key: old.publicKey });
    expect(p.generated).toEqual(['private_key', 'public_key']);
    expect(p.data.private_key).not.toBe(old.privateKey);
    expect(x25519PublicKeyOf(String(p.data.private_key))).toBe(p.data.public_key);
    expect(p.data).not.toHaveProperty('previous_public_key_pem');
  });

  test('GIVEN the NATS seed and the internal API key WHEN rotated THEN each is generated anew', async () => {
    const seed = generateAccountSeed();
    const nats = await plan('hoodcloud/payment-service/nats', { account_signing_seed: seed });
    expect(nats.generated).toEqual(['account_signing_seed']);
    expect(nats.data.account_signing_seed).toMatch(/^SA/);
    expect(nats.data.account_signing_seed).not.toBe(seed);
    const keys = await plan('hoodcloud/control-plane/api-keys', { internal_api_key: 'k'.repeat(43) });
    expect(keys.generated).toEqual(['internal_api_key']);
    expect(keys.data.internal_api_key).not.toBe('k'.repeat(43));
  });

  test('GIVEN database credentials and a new password WHEN rotated THEN the password is the one given and the username kept (nothing invented)', async () => {
    const p = await plan('hoodcloud/auth-server/database', { username: 'auth', password: 'o'.repeat(20) }, { password: 'n'.repeat(24) });
    expect(p.problems).toEqual([]);
    expect([p.generated, p.supplied, p.kept]).toEqual([[], ['password'], ['username']]);
    expect(p.data).toEqual({ username: 'auth', password: 'n'.repeat(24) });
  });

  test('GIVEN a field the catalog does not declare WHEN rotated THEN it is kept, not dropped', async () => {
    const p = await plan('hoodcloud/payment-service/nats', { account_signing_seed: generateAccountSeed(), note: 'added by hand' });
    expect(p.kept).toEqual(['note']);
    expect(p.data.note).toBe('added by hand');
  });

  test('GIVEN a JWT whose current public key does not parse WHEN rotated THEN it is not kept as the previous key (it verifies nothing)', async () => {
    const p = await plan('hoodcloud/auth-server/jwt', { private_key_pem: 'broken', public_key_pem: '-----BEGIN PUBLIC KEY-----\nbroken\n-----END PUBLIC KEY-----\n' }, { private_key_pem: rsa.privateKeyPem });
    expect(p.problems).toEqual([]);
    expect(p.data).not.toHaveProperty('previous_public_key_pem');
  });

  test('GIVEN a secret with no generated field and no values WHEN rotated THEN there is nothing to rotate and --values is named', async () => {
    const p = await plan('hoodcloud/payment-service/provider', { api_key: 'a'.repeat(20), webhook_secret: 'w'.repeat(20) });
    expect(p.problems).toEqual(['hoodcloud/payment-service/provider: nothing to rotate: none of its fields is generated by the CLI (api_key, webhook_secret); pass the new values with --values <file>']);
  });

  test('GIVEN one env-var object supplied and the optional channel unset WHEN rotated THEN the other object is kept and the channel stays absent', async () => {
    const orch = await plan('hoodcloud/control-plane/orchestrator', { terraform_env_vars: { A: 'a' }, provider_env_vars: { B: 'b' } }, { provider_env_vars: { B: 'c' } });
    expect(orch.data).toEqual({ terraform_env_vars: { A: 'a' }, provider_env_vars: { B: 'c' } });
    const hook = await plan('hoodcloud/control-plane/incident-notification', { webhook_url: 'https://a.invalid/x' }, { webhook_url: 'https://b.invalid/y' });
    expect(hook.data).toEqual({ webhook_url: 'https://b.invalid/y' });
    expect(hook.kept).toEqual([]);
  });

  test('GIVEN a malformed, an unknown, a rotation-managed and an oversized value WHEN planned THEN each is a problem naming path and field, never the value', async () => {
    const db = 'hoodcloud/auth-server/database';
    expect((await plan(db, { username: 'u', password: 'p'.repeat(20) }, { password: 'CANARY' })).problems).toEqual([`${db} password: too short: 6 characters, at least 16 required`]);
    expect((await plan(db, { username: 'u', password: 'p'.repeat(20) }, { user: 'x' })).problems).toEqual([`${db} user: not a field of this secret (fields: username, password)`]);
    expect((await plan('hoodcloud/auth-server/jwt', {}, { previous_public_key_expires_at: '2030-01-01T00:00:00Z' })).problems).toEqual([
      'hoodcloud/auth-server/jwt previous_public_key_expires_at: written by `secrets rotate` (the grace period of the replaced key), never supplied',
    ]);
    const big = await plan(db, { username: 'u', password: 'p'.repeat(20) }, { password: 'CANARY'.repeat(MAX_FIELD_BYTES / 6 + 1) });
    expect(big.problems).toEqual([`${db} password: 65540 bytes (JSON-encoded), over the limit of 65536 bytes (64 KiB) per field`]);
    expect(big.problems.join()).not.toContain('CANARY');
  });
});

describe('planRollback: the data of an earlier version as the next version', () => {
  test('GIVEN the JWT rolled back to the keypair the last rotation replaced WHEN planned THEN the current public key becomes the previous one', () => {
    const current = { private_key_pem: 'x', public_key_pem: otherPublicKeyPem, previous_public_key_pem: rsa.publicKeyPem, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const p = planRollback({ entry: entry('hoodcloud/auth-server/jwt'), current, target: { private_key_pem: rsa.privateKeyPem, public_key_pem: rsa.publicKeyPem }, now: NOW, graceSeconds: 7200 });
    expect(p.problems).toEqual([]);
    expect(p.data).toEqual({ private_key_pem: rsa.privateKeyPem, public_key_pem: rsa.publicKeyPem, previous_public_key_pem: otherPublicKeyPem, previous_public_key_expires_at: '2026-12-01T14:00:00Z' });
    expect(p.restored).toEqual(['private_key_pem', 'public_key_pem']);
  });

  test('GIVEN an earlier version that no longer passes the checks WHEN rolled back to THEN it is refused', () => {
    const p = planRollback({ entry: entry('hoodcloud/auth-server/database'), current: undefined, target: { username: 'u', password: 'short' }, now: NOW, graceSeconds: 0 });
    expect(p.problems).toEqual(['hoodcloud/auth-server/database password: too short: 5 characters, at least 16 required']);
  });
});
