import { SECRET_CATALOG } from '../../../services/catalog';
import { PROD } from '../../../stacks/environments';
import {
  DEFAULT_PREVIOUS_KEY_GRACE_SECONDS, handOverKeys, MAX_PREVIOUS_KEY_GRACE_SECONDS, previousKeyFields, verificationKeys,
} from '../../../secrets-catalog/previous-key';
import { rsaTestPair } from './support/rsa-test-keys';

const JWT = SECRET_CATALOG.find((e) => e.path === 'hoodcloud/auth-server/jwt')!;
const NOW = new Date('2026-12-01T12:00:00Z');
const HOUR = 3600;

let A: string;
let B: string;
let C: string;
beforeAll(() => {
  [A, B, C] = [0, 1, 2].map((n) => rsaTestPair(n).publicKeyPem);
});

describe('the JWT keypair grace period', () => {
  test('GIVEN the catalog WHEN read THEN the JWT secret declares its previous-key fields, and no other secret does', () => {
    expect(previousKeyFields(JWT)).toEqual({ publicKey: 'public_key_pem', previousKey: 'previous_public_key_pem', expiresAt: 'previous_public_key_expires_at' });
    expect(SECRET_CATALOG.filter((e) => previousKeyFields(e)).map((e) => e.path)).toEqual(['hoodcloud/auth-server/jwt']);
  });

  test('GIVEN the production token max TTL WHEN compared THEN the grace bound covers it plus a margin, and is the default', () => {
    expect(MAX_PREVIOUS_KEY_GRACE_SECONDS).toBeGreaterThan(PROD.ttl.tokenMaxTtlSeconds);
    expect(MAX_PREVIOUS_KEY_GRACE_SECONDS - PROD.ttl.tokenMaxTtlSeconds).toBe(HOUR);
    expect(DEFAULT_PREVIOUS_KEY_GRACE_SECONDS).toBe(MAX_PREVIOUS_KEY_GRACE_SECONDS);
  });

  test('GIVEN a version with a previous key WHEN verified before and after its expiry THEN it counts until then only', () => {
    const data = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T13:00:00Z' };
    expect(verificationKeys(JWT, data, NOW)).toEqual([B, A]);
    expect(verificationKeys(JWT, data, new Date('2026-12-01T13:00:00Z'))).toEqual([B]);
    expect(verificationKeys(JWT, { ...data, previous_public_key_expires_at: 'tomorrow' }, NOW)).toEqual([B]);
  });

  test('GIVEN a new keypair WHEN handed over THEN the replaced public key verifies for the grace period, in the same version', () => {
    const h = handOverKeys(JWT, { public_key_pem: A }, { public_key_pem: B }, NOW, 25 * HOUR);
    expect(h.problem).toBeUndefined();
    expect(h.data).toEqual({ public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-02T13:00:00Z' });
    expect(h.previous).toEqual({ expiresAt: '2026-12-02T13:00:00Z', carried: false });
  });

  test('GIVEN an expired previous key WHEN the keypair changes again THEN it is simply replaced', () => {
    const before = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T11:00:00Z' };
    const h = handOverKeys(JWT, before, { public_key_pem: C }, NOW, HOUR);
    expect(h.data).toMatchObject({ public_key_pem: C, previous_public_key_pem: B, previous_public_key_expires_at: '2026-12-01T13:00:00Z' });
  });

  test('GIVEN a previous key still in its grace period WHEN the keypair changes again THEN it is refused (one previous key per version) and --grace 0 is named', () => {
    const before = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const h = handOverKeys(JWT, before, { public_key_pem: C }, NOW, HOUR);
    expect(h.problem).toBe(
      'hoodcloud/auth-server/jwt previous_public_key_pem: still verifies tokens until 2026-12-01T20:00:00Z, and a version holds one previous key: replacing the keypair now would stop verifying them early. Wait until then, or pass --grace 0 to stop verifying every earlier key at once (after a key compromise)',
    );
  });

  test('GIVEN a rollback to the key that is the previous one WHEN handed over THEN the current key becomes the previous one', () => {
    const before = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const h = handOverKeys(JWT, before, { public_key_pem: A, previous_public_key_pem: 'stale', previous_public_key_expires_at: '2020-01-01T00:00:00Z' }, NOW, HOUR);
    expect(h.data).toEqual({ public_key_pem: A, previous_public_key_pem: B, previous_public_key_expires_at: '2026-12-01T13:00:00Z' });
  });

  test('GIVEN an unchanged key with a previous one in its grace period WHEN handed over THEN the previous key is carried with its own expiry', () => {
    const before = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const h = handOverKeys(JWT, before, { public_key_pem: B }, NOW, 25 * HOUR);
    expect(h.data).toEqual(before);
    expect(h.previous).toEqual({ expiresAt: '2026-12-01T20:00:00Z', carried: true });
  });

  test('GIVEN --grace 0 (after a compromise) WHEN handed over THEN no previous key is written and every earlier key is counted as dropped', () => {
    const before = { public_key_pem: B, previous_public_key_pem: A, previous_public_key_expires_at: '2026-12-01T20:00:00Z' };
    const h = handOverKeys(JWT, before, { public_key_pem: C }, NOW, 0);
    expect(h.data).toEqual({ public_key_pem: C });
    expect(h.dropped).toBe(2);
  });

  test('GIVEN a secret without previous-key fields WHEN handed over THEN its data is unchanged', () => {
    const nats = SECRET_CATALOG.find((e) => e.path === 'hoodcloud/payment-service/nats')!;
    expect(handOverKeys(nats, { account_signing_seed: 'a' }, { account_signing_seed: 'b' }, NOW, HOUR)).toEqual({ data: { account_signing_seed: 'b' }, dropped: 0 });
  });
});
