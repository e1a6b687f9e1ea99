// Rewrites the committed audit-log fixture from a real server run:
//   npx tsx test/cli/audit/support/write-fixture.ts
// Run it when the server version changes (test/e2e/audit-log-fixture.test.ts says so). The log
// holds only HMACs of random test values; the script refuses to write one that holds a value.
import * as fs from 'node:fs';
import { FIXTURE_LOG, FIXTURE_MANIFEST } from './fixture';
import { recordAuditLog } from './record-audit-log';

async function main(): Promise<void> {
  const recording = await recordAuditLog();
  const leaked = recording.values.filter((v) => recording.log.includes(v));
  if (leaked.length > 0) throw new Error(`${leaked.length} test value(s) appear in plaintext in the audit log; not writing the fixture`);
  fs.writeFileSync(FIXTURE_LOG, recording.log);
  fs.writeFileSync(FIXTURE_MANIFEST, `${JSON.stringify(recording.manifest, null, 2)}\n`);
  console.log(`wrote ${FIXTURE_LOG} (${recording.log.split('\n').length - 1} entries) and ${FIXTURE_MANIFEST} from ${recording.manifest.server}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
