import { SECRET_CATALOG } from '../../../services/catalog';
import { ROTATION_MANAGED_KINDS, SecretEntry } from '../../../secrets-catalog/secret-entry';
import { checkEntry, FieldFinding } from '../../../secrets-catalog/entry-check';
import { fillEntry } from '../../../secrets-catalog/field-generators';
import { createUser } from '@nats-io/nkeys';
import { generateAccountSeed } from '../../../secrets-catalog/nkeys';
import { rsaTestPair, rsaTestSource } from './support/rsa-test-keys';
import { generateX25519KeyPair } from '../../../secrets-catalog/x25519';

const entry = (path: string): SecretEntry => {
  const e = SECRET_CATALOG.find((x) => x.path === path);
  if (!e) throw new Error(`catalog has no ${path}`);
  return e;
};
const finding = (findings: FieldFinding[], field: string) => findings.find((f) => f.field === field);
const ORCH = 'hoodcloud/control-plane/orchestrator';
const JWT = 'hoodcloud/auth-server/jwt';
const SEALED = 'hoodcloud/control-plane/sealed-box';
const NATS = 'hoodcloud/payment-service/nats';

describe('checkEntry: one test per malformed kind', () => {
  test('GIVEN terraform_env_vars stored as a JSON string WHEN checked THEN it is malformed as a JSON string where an object is required', () => {
    const f = checkEntry(entry(ORCH), { terraform_env_vars: '{"TF_INPUT":"0"}', provider_env_vars: { A: 'b' } });
    expect(finding(f, 'terraform_env_vars')).toMatchObject({ status: 'malformed', problem: expect.stringContaining('a JSON string where a JSON object of strings is required') });
    expect(finding(f, 'provider_env_vars')).toMatchObject({ status: 'ok' });
  });

  test('GIVEN provider_env_vars with a non-string value WHEN checked THEN the key is named, not the value', () => {
    const f = checkEntry(entry(ORCH), { terraform_env_vars: {}, provider_env_vars: { PORT: 8080 } });
    expect(finding(f, 'provider_env_vars')).toMatchObject({ status: 'malformed', problem: 'every value must be a string; not strings: PORT (a number)' });
  });

  test('GIVEN an RSA public key of another keypair WHEN checked THEN it does not match the private key', async () => {
    const a = rsaTestPair(0);
    const b = rsaTestPair(1);
    const f = checkEntry(entry(JWT), { private_key_pem: a.privateKeyPem, public_key_pem: b.publicKeyPem });
    expect(finding(f, 'private_key_pem')).toMatchObject({ status: 'ok' });
    expect(finding(f, 'public_key_pem')).toMatchObject({ status: 'malformed', problem: 'public key does not match private_key_pem' });
  });

  test('GIVEN an X25519 public key of another keypair WHEN checked THEN it does not match the private key', () => {
    const a = generateX25519KeyPair();
    const b = generateX25519KeyPair();
    const f = checkEntry(entry(SEALED), { private_key: a.privateKey, public_key: b.publicKey });
    expect(finding(f, 'public_key')).toMatchObject({ status: 'malformed', problem: 'public key does not match private_key' });
  });

  test('GIVEN a user seed where an account seed is required WHEN checked THEN it is not a valid account seed', () => {
    const f = checkEntry(entry(NATS), { account_signing_seed: new TextDecoder().decode(createUser().getSeed()) });
    expect(finding(f, 'account_signing_seed')).toMatchObject({ status: 'malformed', problem: expect.stringContaining('not a valid NKEYS account seed') });
  });

  test('GIVEN a PEM that does not parse WHEN checked THEN the private key is malformed', async () => {
    const a = rsaTestPair(0);
    const f = checkEntry(entry(JWT), { private_key_pem: a.privateKeyPem.replace(/[A-Za-z]{10}/, '!!!!!!!!!!'), public_key_pem: a.publicKeyPem });
    expect(finding(f, 'private_key_pem')).toMatchObject({ status: 'malformed', problem: 'PEM does not parse as a private key' });
  });

  test('GIVEN a required field absent WHEN checked THEN it is missing', () => {
    const f = checkEntry(entry('hoodcloud/auth-server/database'), { username: 'auth' });
    expect(finding(f, 'password')).toMatchObject({ status: 'missing', problem: 'field not set' });
  });

  test('GIVEN a required secret that does not exist WHEN checked THEN every field is missing', () => {
    const f = checkEntry(entry(NATS), undefined);
    expect(f).toEqual([expect.objectContaining({ field: 'account_signing_seed', status: 'missing', problem: 'secret does not exist' })]);
  });

  test('GIVEN the optional incident-notification secret absent WHEN checked THEN it is not a problem', () => {
    const f = checkEntry(entry('hoodcloud/control-plane/incident-notification'), undefined);
    expect(f.every((x) => x.status === 'not-set-optional')).toBe(true);
  });

  test('GIVEN a short password WHEN checked THEN its length is reported', () => {
    const f = checkEntry(entry('hoodcloud/auth-server/database'), { username: 'auth', password: 'hunter2' });
    expect(finding(f, 'password')).toMatchObject({ status: 'malformed', problem: 'too short: 7 characters, at least 16 required' });
  });

  test('GIVEN generated values for every secret WHEN checked THEN all are ok (the previous-key fields, written by rotations only, not set)', async () => {
    for (const e of SECRET_CATALOG) {
      const data = await fillEntry(e, {}, { env: 'dev', rsaBits: 2048, rsaKeyPairs: rsaTestSource() });
      const findings = checkEntry(e, data);
      expect(findings.filter((x) => x.status !== 'ok' && !ROTATION_MANAGED_KINDS.has(x.kind))).toEqual([]);
      expect(findings.filter((x) => ROTATION_MANAGED_KINDS.has(x.kind)).every((x) => x.status === 'not-set-optional')).toBe(true);
    }
  });

  test('GIVEN any malformed finding WHEN reported THEN the problem never contains the value', async () => {
    const seed = generateAccountSeed();
    const f = checkEntry(entry(NATS), { account_signing_seed: seed.slice(0, 57) + (seed[57] === 'A' ? 'B' : 'A') });
    expect(JSON.stringify(f)).not.toContain(seed.slice(0, 20));
  });
});

describe('checkEntry: the previous JWT public key of a rotation', () => {
  let pair: { privateKeyPem: string; publicKeyPem: string };
  let previous: string;
  beforeAll(() => {
    pair = rsaTestPair(0);
    previous = rsaTestPair(1).publicKeyPem;
  });

  test('GIVEN a previous public key of another keypair with its expiry WHEN checked THEN all is ok (it need not match the private key)', () => {
    const f = checkEntry(entry(JWT), { private_key_pem: pair.privateKeyPem, public_key_pem: pair.publicKeyPem, previous_public_key_pem: previous, previous_public_key_expires_at: '2026-12-02T13:00:00Z' });
    expect(f.map((x) => x.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  test('GIVEN a previous public key without its expiry, or an expiry that is not a UTC time WHEN checked THEN each is malformed', () => {
    const base = { private_key_pem: pair.privateKeyPem, public_key_pem: pair.publicKeyPem };
    expect(finding(checkEntry(entry(JWT), { ...base, previous_public_key_pem: previous }), 'previous_public_key_pem')).toMatchObject({ status: 'malformed', problem: 'set without previous_public_key_expires_at (a rotation writes both)' });
    const f = checkEntry(entry(JWT), { ...base, previous_public_key_pem: previous, previous_public_key_expires_at: '2026-12-02 13:00' });
    expect(finding(f, 'previous_public_key_expires_at')).toMatchObject({ status: 'malformed', problem: 'not an RFC 3339 UTC time (expected e.g. 2026-12-02T13:00:00Z)' });
  });
});
