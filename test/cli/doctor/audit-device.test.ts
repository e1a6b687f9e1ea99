import { evaluateAuditDevice } from '../../../cli/doctor/audit-device';
import { DeclaredAuditDevice } from '../../../cli/doctor/declared-audit';

const OPTIONS = { file_path: '/vault/logs/audit.log', mode: '0600', format: 'json', log_raw: 'false', hmac_accessor: 'true' };
const DECLARED: DeclaredAuditDevice = { path: 'file', type: 'file', options: OPTIONS, source: 'cdk.tf.json', complete: true };

describe('doctor: audit device', () => {
  test('GIVEN the declared device with the declared options WHEN evaluated THEN ok listing them', () => {
    expect(evaluateAuditDevice(DECLARED, { 'file/': { type: 'file', options: OPTIONS } })).toEqual([{
      check: 'audit-device', subject: 'sys/audit/file', status: 'ok',
      detail: 'enabled as declared (cdk.tf.json): type file, file_path /vault/logs/audit.log, mode 0600, format json, log_raw false, hmac_accessor true',
    }]);
  });

  test('GIVEN no device WHEN evaluated THEN FAIL: unaudited, re-apply (admin may enable, never disable)', () => {
    const [r] = evaluateAuditDevice(DECLARED, {});
    expect(r).toMatchObject({ status: 'FAIL', detail: 'not enabled: requests are not audited by the declared device; no audit device at all' });
    expect(r.fix).toBe('re-apply: npx cdktf deploy prod-config (as hoodcloud-admin); hoodcloud-admin may enable it, never disable it');
    expect(evaluateAuditDevice(DECLARED, { 'syslog/': { type: 'syslog' } })[0].detail).toContain('also enabled: syslog/');
  });

  test('GIVEN a device with another file_path or mode WHEN evaluated THEN FAIL listing each difference', () => {
    const [r] = evaluateAuditDevice(DECLARED, { 'file/': { type: 'file', options: { ...OPTIONS, file_path: '/tmp/a.log', mode: '0644' } } });
    expect(r).toMatchObject({ status: 'FAIL', detail: 'differs from cdk.tf.json: file_path /tmp/a.log (declared /vault/logs/audit.log), mode 0644 (declared 0600)' });
    expect(r.fix).toContain('root token');
  });

  test.each(['1', 't', 'T', 'TRUE', 'True'])('GIVEN log_raw %j (true for strconv.ParseBool) WHEN evaluated THEN FAIL naming the value', (value) => {
    expect(evaluateAuditDevice(DECLARED, { 'file/': { type: 'file', options: { ...OPTIONS, log_raw: value } } })[0]).toMatchObject({
      status: 'FAIL', detail: `log_raw is ${value} (true as the server reads it): secret values are written to the log in clear text`,
    });
  });

  test('GIVEN log_raw true WHEN evaluated THEN FAIL whatever was declared', () => {
    const declared = { ...DECLARED, options: { file_path: '/vault/logs/audit.log' }, complete: false };
    expect(evaluateAuditDevice(declared, { 'file/': { type: 'file', options: { ...OPTIONS, log_raw: 'true' } } })[0]).toMatchObject({ status: 'FAIL', detail: 'log_raw is true: secret values are written to the log in clear text' });
  });

  test('GIVEN only the layout (no synthesized stack) WHEN the device matches THEN ok plus a warning that only file_path was compared', () => {
    const rows = evaluateAuditDevice({ ...DECLARED, options: { file_path: '/vault/logs/audit.log' }, source: 'stacks/layout.ts', complete: false }, { 'file/': { type: 'file', options: OPTIONS } });
    expect(rows.map((r) => r.status)).toEqual(['ok', 'warn']);
    expect(rows[1].fix).toContain('npm run synth');
  });
});
