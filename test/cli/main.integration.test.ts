// The entry point as a real process: exit codes reach the shell.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../support/project';

const run = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(PROJECT_ROOT, 'cli', 'main.ts'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('cli/main.ts as a process', () => {
  test('GIVEN --help WHEN run THEN usage goes to stdout and the exit code is 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: hoodcloud-ops');
  });

  test('GIVEN a usage error WHEN run THEN the message goes to stderr and the exit code is 2', () => {
    const r = run('secrets', 'check');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: no server address: pass --address https://<host>:<port> or set VAULT_ADDR');
  });
});
