// The review command as a real process: its exit code reaches the shell (the pull-request workflow
// fails on exit code 1).
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXIT_BLOCKING } from '../../review/cli';
import { LAYOUT } from '../../stacks/layout';
import { cleanup, copySynth, editStack, findResource, synthToTemp } from './support/synth-fixture';

describe('review/cli.ts as a process', () => {
  let base: string;
  beforeAll(() => { base = synthToTemp('process-base', undefined, { onDisk: true }); });
  afterAll(() => cleanup(path.dirname(base)));

  test('GIVEN a blocking change WHEN the real CLI process runs THEN its exit code is 1 and stdout carries the report', () => {
    const head = copySynth(base, 'process-head', { onDisk: true });
    try {
      editStack(head, 'prod-config', (j) => {
        findResource(j, 'vault_transit_secret_backend_key', 'name', LAYOUT.masterKey)[1].deletion_allowed = true;
      });
      const res = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '..', '..', 'review', 'cli.ts'), '--base', base, '--head', head], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      expect(res.status).toBe(EXIT_BLOCKING);
      expect(res.stdout).toContain('transit-key-deletion-or-export-enabled');
    } finally {
      cleanup(path.dirname(head));
    }
  });
});
