// The pairing and outcomes, judged against a log a real OpenBao server wrote (see
// support/record-audit-log.ts) and what each recorded step did.
import * as fs from 'node:fs';
import { HMACD_ERROR_NOTE, serverErrorText } from '../../../cli/audit/audit-records';
import { FIXTURE_LOG, fixtureManifest } from './support/fixture';
import { recordFacts, recordsOfLog, recordsOfSteps } from './support/steps';

const manifest = fixtureManifest();
const log = fs.readFileSync(FIXTURE_LOG, 'utf8');
const entries = log.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; request: { id: string } });

describe('audit records from a real OpenBao audit log', () => {
  test('GIVEN the fixture WHEN read THEN it is what a real server wrote (manifest) with request and response entries', () => {
    expect(manifest.server).toMatch(/^OpenBao v2\.7\.2 /);
    expect(new Set(entries.map((e) => e.type))).toEqual(new Set(['request', 'response']));
  });

  test('GIVEN every recorded step WHEN the log is read THEN each has one record with the role, operation, path and outcome the step had', async () => {
    const records = await recordsOfLog(log);
    const found = recordsOfSteps(records, manifest);
    for (const step of manifest.steps) {
      const { label, role, operation, path, outcome } = step;
      expect({ label, ...recordFacts(found.get(label)!) }).toEqual({ label, role, operation, path, outcome });
    }
  });

  test('GIVEN request and response entries WHEN paired THEN there is one record per request id, and a request without response is no-response', async () => {
    const records = await recordsOfLog(log);
    expect(records.map((r) => r.requestId)).toEqual([...new Set(entries.map((e) => e.request.id))]);
    // OpenBao writes a test entry through a new device (request only); enabling the device itself is logged by its response only.
    expect(records.find((r) => r.path === 'sys/audit/test')).toMatchObject({ outcome: 'no-response', remoteAddress: undefined });
    expect(records.find((r) => r.path === `sys/audit/${manifest.device}`)).toMatchObject({ outcome: 'ok', displayName: 'token', policies: ['root'] });
  });

  test('GIVEN an AppRole login WHEN paired THEN the role is the one the issued token belongs to, from 127.0.0.1', async () => {
    const logins = (await recordsOfLog(log)).filter((r) => r.path === 'auth/approle/login' && r.outcome === 'ok');
    expect(logins.map((r) => [r.role, r.displayName, r.remoteAddress])).toEqual([
      ['fixture-app', 'approle', '127.0.0.1'],
      ['fixture-ops', 'approle', '127.0.0.1'],
    ]);
  });

  test('GIVEN denied and failed requests WHEN read THEN the error column has the server\'s plaintext error, or says the text is HMAC\'d', async () => {
    const found = recordsOfSteps(await recordsOfLog(log), manifest);
    expect(found.get('read-other')?.error).toBe('permission denied');
    expect(found.get('login-bad-secret')?.error).toBe('invalid credentials');
    expect(found.get('cas-mismatch')?.error).toBe('invalid request');
    expect(found.get('write-db')?.error).toBeUndefined();
    expect(serverErrorText('2 errors occurred:\n\t* one\n\t* two\n\n')).toBe('one; two');
  });

  test('GIVEN a login refused for its source address WHEN read THEN the outcome is error and the note says the text is HMAC\'d (the server logs no plaintext error for it)', async () => {
    const found = recordsOfSteps(await recordsOfLog(log), manifest);
    expect(found.get('login-outside-cidr')).toMatchObject({ outcome: 'error', error: HMACD_ERROR_NOTE, remoteAddress: '127.0.0.2', responseFields: ['error'] });
  });

  test('GIVEN the written KV values WHEN records are built THEN they carry field names only, and the HMACs do not appear', async () => {
    const found = recordsOfSteps(await recordsOfLog(log), manifest);
    expect(found.get('write-db')?.requestFields).toEqual(['data.password']);
    expect(found.get('read-db')?.responseFields).toEqual(expect.arrayContaining(['data.password', 'metadata.version']));
    expect(JSON.stringify([...found.values()])).not.toMatch(/hmac-sha256:/);
  });
});
