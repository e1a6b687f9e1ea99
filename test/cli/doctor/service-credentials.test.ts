import { CredentialFileState, evaluateCredentialFiles, evaluateSecretId } from '../../../cli/doctor/service-credentials';
import { SecretIdInfo } from '../../../cli/credentials/approle-api';

const DIR = '/etc/hoodcloud/hoodcloud-auth-server/vault';
const files = (modes: Record<string, number | undefined>): CredentialFileState[] =>
  ['role_id', 'secret_id', 'secret_id_accessor'].map((name) => (modes[name] === undefined ? { name, exists: false } : { name, exists: true, mode: 0o100000 | modes[name]! }));
const NOW = new Date('2026-12-01T12:00:00Z');
const secretId = (expirationTime: string): SecretIdInfo => ({ accessor: 'acc-1', creationTime: '2026-11-30T12:00:00Z', expirationTime, cidrList: [], numUses: 0, metadata: {} });

describe('doctor: service credentials', () => {
  test('GIVEN the three files 0400 (or 0440, 0600) WHEN evaluated THEN ok with their modes', () => {
    expect(evaluateCredentialFiles(DIR, files({ role_id: 0o400, secret_id: 0o440, secret_id_accessor: 0o600 }), 'hoodcloud-auth-server')).toEqual({
      check: 'credentials', subject: `hoodcloud-auth-server (${DIR})`, status: 'ok', detail: 'role_id 0400, secret_id 0440, secret_id_accessor 0600',
    });
  });

  test('GIVEN a missing file WHEN evaluated THEN FAIL naming it and credentials issue', () => {
    expect(evaluateCredentialFiles(DIR, files({ role_id: 0o400 }))).toMatchObject({
      status: 'FAIL', subject: DIR, detail: 'missing secret_id, secret_id_accessor', fix: `npm run ops -- credentials issue --role <role> --out-dir ${DIR}`,
    });
  });

  test('GIVEN a secret_id others can read or the group can write WHEN evaluated THEN FAIL with the chmod', () => {
    expect(evaluateCredentialFiles(DIR, files({ role_id: 0o400, secret_id: 0o644, secret_id_accessor: 0o460 }))).toMatchObject({
      status: 'FAIL', detail: 'secret_id is mode 0644, secret_id_accessor is mode 0460: others may read or change the credentials',
      fix: `chmod 0400 ${DIR}/secret_id ${DIR}/secret_id_accessor`,
    });
  });

  test('GIVEN a file doctor cannot read WHEN evaluated THEN FAIL saying so', () => {
    const state: CredentialFileState[] = [...files({ role_id: 0o400, secret_id_accessor: 0o400 }).filter((f) => f.exists), { name: 'secret_id', exists: true, mode: 0o400, readError: 'EACCES' }];
    expect(evaluateCredentialFiles(DIR, state)).toMatchObject({ status: 'FAIL', detail: 'cannot read secret_id (EACCES)' });
  });

  test('GIVEN a live secret ID with 6 days left WHEN evaluated THEN ok; within the window it warns with rotate', () => {
    const live = secretId('2026-12-07T12:00:00Z');
    expect(evaluateSecretId('hoodcloud-auth-server', DIR, 'acc-1', live, NOW, 48 * 3600)).toMatchObject({ status: 'ok', detail: 'secret ID accessor acc-1 live, expires 2026-12-07T12:00:00Z, in 6d' });
    expect(evaluateSecretId('hoodcloud-auth-server', DIR, 'acc-1', live, NOW, 8 * 86400)).toMatchObject({
      status: 'warn', detail: 'secret ID accessor acc-1 expires 2026-12-07T12:00:00Z, in 6d (warning window 8d)',
      fix: `npm run ops -- credentials rotate --role hoodcloud-auth-server --out-dir ${DIR}`,
    });
  });

  test('GIVEN a destroyed (unknown) or expired secret ID WHEN evaluated THEN FAIL with credentials issue', () => {
    expect(evaluateSecretId('hoodcloud-auth-server', DIR, 'acc-1', undefined, NOW, 0)).toMatchObject({
      status: 'FAIL', detail: 'secret ID accessor acc-1 is not live on the server (destroyed or expired): logins fail',
      fix: `npm run ops -- credentials issue --role hoodcloud-auth-server --out-dir ${DIR}`,
    });
    expect(evaluateSecretId('r', DIR, 'acc-1', secretId('2026-12-01T11:59:00Z'), NOW, 0)).toMatchObject({ status: 'FAIL', detail: 'secret ID accessor acc-1 expired 2026-12-01T11:59:00Z' });
  });

  test('GIVEN a secret ID that never expires WHEN evaluated THEN it warns as credentials status does', () => {
    expect(evaluateSecretId('r', DIR, 'acc-1', secretId('0001-01-01T00:00:00Z'), NOW, 0)).toMatchObject({ status: 'warn', detail: 'secret ID accessor acc-1 never expires (phase 1 expects a 7-day TTL)' });
  });
});
