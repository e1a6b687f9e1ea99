import { evaluateAuditLog, LogFileState } from '../../../cli/doctor/audit-log';

const FILE = '/var/lib/hoodcloud-vault/logs/audit.log';
const file = (size: number): LogFileState => ({ kind: 'file', size, modified: new Date('2026-12-01T11:00:00Z') });

describe('doctor: audit log', () => {
  test('GIVEN a log that grew during the request WHEN evaluated THEN ok with the growth', () => {
    expect(evaluateAuditLog(FILE, file(1000), file(3400), '/vault/logs/audit.log')).toEqual({ check: 'audit-log', subject: FILE, status: 'ok', detail: 'written: grew by 2400 bytes during one request (3400 bytes)' });
    expect(evaluateAuditLog(FILE, { kind: 'absent' }, file(900), '/x').status).toBe('ok');
    expect(evaluateAuditLog(FILE, file(5000), file(900), '/x').detail).toContain('rotated');
  });

  test('GIVEN a log that did not grow WHEN evaluated THEN FAIL: not written, pointing at the device and the declared file_path', () => {
    const r = evaluateAuditLog(FILE, file(1000), file(1000), '/vault/logs/audit.log');
    expect(r).toMatchObject({ status: 'FAIL', detail: 'not written: still 1000 bytes after an audited request, last changed 2026-12-01T11:00:00.000Z' });
    expect(r.fix).toBe("see the audit-device row; pass the path where this machine sees the device's file_path (/vault/logs/audit.log)");
  });

  test('GIVEN no file or a directory WHEN evaluated THEN FAIL', () => {
    expect(evaluateAuditLog(FILE, { kind: 'absent' }, { kind: 'absent' }, '/x')).toMatchObject({ status: 'FAIL', detail: 'does not exist' });
    expect(evaluateAuditLog(FILE, { kind: 'not-a-file' }, { kind: 'not-a-file' }, '/x')).toMatchObject({ status: 'FAIL', detail: 'is not a regular file' });
  });
});
