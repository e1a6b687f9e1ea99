import { evaluateSecrets } from '../../../cli/doctor/service-secrets';
import { FieldFinding } from '../../../secrets-catalog/entry-check';

const f = (path: string, field: string, status: FieldFinding['status'], problem?: string): FieldFinding => ({ path, owner: 'control-plane', field, kind: 'string', status, ...(problem ? { problem } : {}) });

describe('doctor: service secrets', () => {
  test('GIVEN well-formed, optional and missing secrets WHEN evaluated THEN one row per secret in order, the missing one with secrets seed', () => {
    const rows = evaluateSecrets([
      f('hoodcloud/control-plane/database', 'username', 'ok'), f('hoodcloud/control-plane/database', 'password', 'ok'),
      f('hoodcloud/control-plane/incident-notification', 'webhook_url', 'not-set-optional'), f('hoodcloud/control-plane/incident-notification', 'channel', 'not-set-optional'),
      f('hoodcloud/control-plane/api-keys', 'internal_api_key', 'missing', 'secret does not exist'),
    ]);
    expect(rows.map((r) => [r.subject, r.status, r.detail])).toEqual([
      ['hoodcloud/control-plane/database', 'ok', '2 field(s) well-formed'],
      ['hoodcloud/control-plane/incident-notification', 'ok', 'optional, not set'],
      ['hoodcloud/control-plane/api-keys', 'FAIL', 'secret does not exist (internal_api_key)'],
    ]);
    expect(rows[2].fix).toBe('npm run ops -- secrets seed --env prod --values <file.json> (creates what is missing, keeps what exists)');
  });

  test('GIVEN a JSON string where an object is expected WHEN evaluated THEN FAIL naming the field and reason, fixed by rewriting that secret alone', () => {
    const [r] = evaluateSecrets([
      f('hoodcloud/control-plane/orchestrator', 'terraform_env_vars', 'malformed', 'a JSON string where a JSON object of strings is required (store the object itself, not its text)'),
      f('hoodcloud/control-plane/orchestrator', 'provider_env_vars', 'ok'),
    ]);
    expect(r).toMatchObject({ status: 'FAIL', detail: 'terraform_env_vars malformed (a JSON string where a JSON object of strings is required (store the object itself, not its text))' });
    expect(r.fix).toBe('write well-formed terraform_env_vars as the admin: bao kv patch -mount=secret hoodcloud/control-plane/orchestrator @fields.json (then npm run ops -- secrets check)');
  });

  test('GIVEN an optional field unset beside set ones WHEN evaluated THEN ok and the optional field named', () => {
    const [r] = evaluateSecrets([f('p', 'webhook_url', 'ok'), f('p', 'channel', 'not-set-optional')]);
    expect(r.detail).toBe('1 field(s) well-formed; optional, not set: channel');
  });
});
