import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearPendingRotation, newPendingRotation, readPendingRotation, ROTATION_STATE_FILE, writePendingRotation } from '../../../cli/credentials/rotation-state';

describe('the pending-rotation record', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-rotation-state-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a new record WHEN written and read back THEN it is the same, owner-only, and gone after clearing', () => {
    const state = newPendingRotation('hoodcloud-auth-server', ['acc-old'], new Date('2026-12-01T12:00:00Z'));
    expect(state).toMatchObject({ version: 1, role: 'hoodcloud-auth-server', startedAt: '2026-12-01T12:00:00.000Z', retire: ['acc-old'] });
    expect(state.rotationId).toMatch(/^[0-9a-f-]{36}$/);
    writePendingRotation('--out-dir', dir, { ...state, newAccessor: 'acc-new' });
    expect(readPendingRotation('--out-dir', dir)).toEqual({ ...state, newAccessor: 'acc-new' });
    expect(fs.statSync(path.join(dir, ROTATION_STATE_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([ROTATION_STATE_FILE]);
    clearPendingRotation(dir);
    expect(readPendingRotation('--out-dir', dir)).toBeUndefined();
  });

  test('GIVEN two rotations WHEN records are made THEN their ids differ (each tags its own secret IDs)', () => {
    expect(newPendingRotation('r', []).rotationId).not.toBe(newPendingRotation('r', []).rotationId);
  });

  test.each([['not json'], ['{"version":2,"role":"r"}'], ['{"version":1,"role":"r","rotationId":"x","startedAt":"t","retire":[1]}']])('GIVEN a file that is no record (%s) WHEN read THEN the error names the file and the way out', (text) => {
    fs.writeFileSync(path.join(dir, ROTATION_STATE_FILE), text);
    expect(() => readPendingRotation('--out-dir', dir)).toThrow(`--out-dir: "${path.join(dir, ROTATION_STATE_FILE)}" is not a pending-rotation record written by \`credentials rotate\`; inspect it, then delete it to start a new rotation`);
  });
});
