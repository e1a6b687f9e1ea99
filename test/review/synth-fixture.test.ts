// The review fixture builds a synth output of some environments from the worker's shared synth of
// the committed ones, synthesizing only what differs. That is only right while an environment's
// stacks come out the same whichever environments are synthesized with it: these cases check it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEV, ENVIRONMENTS, PROD } from '../../stacks/environments';
import { synthesizeApp } from '../../stacks/hoodcloud-app';
import { cleanup, readStack, synthToTemp, tempDir } from './support/synth-fixture';

const manifestStacks = (outdir: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).stacks).sort();

describe('synthToTemp (review fixture)', () => {
  test('GIVEN dev synthesized alone WHEN compared with the fixture\'s dev (from the synth of every environment) THEN both stacks and their manifest entries are the same', () => {
    const alone = path.join(tempDir('dev-alone'), 'cdktf.out');
    const fixture = synthToTemp('dev-fixture', [DEV], { onDisk: true });
    try {
      synthesizeApp({ outdir: alone, environments: [DEV] });
      for (const stack of ['dev-server', 'dev-config']) expect(readStack(fixture, stack)).toEqual(readStack(alone, stack));
      expect(JSON.parse(fs.readFileSync(path.join(fixture, 'manifest.json'), 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(alone, 'manifest.json'), 'utf8')));
    } finally {
      cleanup(path.dirname(alone), path.dirname(fixture));
    }
  });

  test('GIVEN dev altered next to the committed prod WHEN built THEN dev is synthesized anew, prod is the committed one, and the manifest lists exactly their four stacks', () => {
    const altered = { ...DEV, kv: { ...DEV.kv, maxVersions: DEV.kv.maxVersions + 1 } };
    const committed = synthToTemp('all');
    const out = synthToTemp('altered-dev', [altered, PROD], { onDisk: true });
    try {
      expect(manifestStacks(out)).toEqual(['dev-config', 'dev-server', 'prod-config', 'prod-server']);
      const maxVersions = (outdir: string) => Object.values(readStack(outdir, 'dev-config').resource.vault_kv_secret_backend_v2).map((kv) => (kv as { max_versions: number }).max_versions);
      expect(maxVersions(out)).toEqual([altered.kv.maxVersions]);
      expect(maxVersions(committed)).toEqual([DEV.kv.maxVersions]);
      for (const stack of ['prod-server', 'prod-config']) expect(readStack(out, stack)).toEqual(readStack(committed, stack));
      expect(ENVIRONMENTS).toContain(PROD);
    } finally {
      cleanup(path.dirname(out), path.dirname(committed));
    }
  });
});
