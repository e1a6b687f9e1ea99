// The unit tests of `ops audit` read a committed audit log (test/cli/audit/fixtures/). This test
// records a fresh one with the same steps on a real server and holds the committed fixture to
// it: the same format (field names of every entry), and the same facts found by the parser.
// When the server version changes and this fails, rewrite the fixture:
//   npx tsx test/cli/audit/support/write-fixture.ts
import * as fs from 'node:fs';
import { FIXTURE_LOG, fixtureManifest } from '../cli/audit/support/fixture';
import { logShape, recordAuditLog, type Recording } from '../cli/audit/support/record-audit-log';
import { recordFacts, recordsOfLog, recordsOfSteps } from '../cli/audit/support/steps';
import { valueTouches } from '../../cli/audit/value-search';

let fresh: Recording;
beforeAll(async () => {
  fresh = await recordAuditLog();
  console.log(`recorded ${fresh.log.split('\n').length - 1} audit entries from ${fresh.manifest.server}`);
});

describe('GIVEN a fresh audit log recorded on the real server with the fixture\'s steps', () => {
  test('WHEN its format is compared with the committed fixture THEN every entry has the same type, operation, path and field names', () => {
    expect(logShape(fs.readFileSync(FIXTURE_LOG, 'utf8'))).toEqual(logShape(fresh.log));
    expect(fixtureManifest().server).toBe(fresh.manifest.server);
  });

  test('WHEN it is parsed THEN each step has a record with the step\'s role, operation, path and outcome', async () => {
    const found = recordsOfSteps(await recordsOfLog(fresh.log), fresh.manifest);
    for (const s of fresh.manifest.steps) {
      expect({ label: s.label, ...recordFacts(found.get(s.label)!) }).toEqual({ label: s.label, role: s.role, operation: s.operation, path: s.path, outcome: s.outcome });
    }
  });

  test('WHEN it is searched for the HMAC of each written value THEN exactly the steps that wrote or read it are found', async () => {
    for (const [value, labels] of Object.entries(fresh.manifest.touching)) {
      const hash = fresh.manifest.hashes[value as keyof typeof fresh.manifest.hashes];
      const records = await recordsOfLog(fresh.log, new Set([hash]));
      const steps = recordsOfSteps(records, fresh.manifest);
      expect({ value, found: valueTouches(records).touching.map((r) => r.requestId).sort() }).toEqual({ value, found: labels.map((l) => steps.get(l)?.requestId).sort() });
    }
  });

  test('WHEN the log is searched for the values the steps used THEN none is there in plaintext (the device HMACs them)', () => {
    expect(fresh.values.length).toBeGreaterThan(5);
    expect(fresh.values.filter((v) => fresh.log.includes(v))).toEqual([]);
  });
});
