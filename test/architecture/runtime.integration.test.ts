// The project runs on its own pinned Node.js (package.json's devDependency `node`, which npm puts
// first on every script's PATH), and that Node.js must run the platform team's tools: `cdktf deploy`
// loads cdktf-cli's terminal library, a native module built per Node.js ABI, and cdktf-cli 0.21 (its
// last release) ships builds for Node.js up to 22 only: on 24 the deploy stops at once.
import { spawnSync } from 'node:child_process';
import { PACKAGE_JSON, PROJECT_ROOT } from '../support/project';

const pinned = PACKAGE_JSON.devDependencies.node;

describe('the pinned Node.js', () => {
  test('GIVEN npm test WHEN it runs THEN it runs on the Node.js package.json pins (npm puts it first on PATH)', () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  test("GIVEN the pinned Node.js WHEN cdktf-cli's terminal library loads its native build THEN there is one for this Node.js", () => {
    const loaded = spawnSync(process.execPath, ['-e', "require('@cdktf/node-pty-prebuilt-multiarch/lib/prebuild-loader')"], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
  });
});
