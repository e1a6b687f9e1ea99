// The committed audit-log fixture: a log a real OpenBao dev server wrote while
// record-audit-log.ts ran its steps, and the manifest saying what each step did.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordingManifest } from './record-audit-log';

const DIR = path.join(__dirname, '..', 'fixtures');
export const FIXTURE_LOG = path.join(DIR, 'openbao-audit.log');
export const FIXTURE_MANIFEST = path.join(DIR, 'openbao-audit.manifest.json');

export function fixtureManifest(): RecordingManifest {
  return JSON.parse(fs.readFileSync(FIXTURE_MANIFEST, 'utf8')) as RecordingManifest;
}
