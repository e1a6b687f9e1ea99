// The CLI as a process of another user: the message for an audit log it may not read.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE_LOG } from './support/fixture';
import { PROJECT_ROOT } from '../../support/project';

const fixture = fs.readFileSync(FIXTURE_LOG, 'utf8');

describe('reading an audit log the CLI may not read', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-audit-file-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };

  test('GIVEN a log mode 0600 owned by another user WHEN read THEN the message names the mode, the owner and what to do', () => {
    const file = write('audit.log', fixture);
    fs.chmodSync(file, 0o600);
    fs.chmodSync(dir, 0o755);
    // As root (who may read anything) the CLI runs as nobody; otherwise the file is made unreadable to its owner.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) fs.chmodSync(file, 0o000);
    const run = spawnSync(
      asRoot ? 'setpriv' : process.execPath,
      [...(asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : []), path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(PROJECT_ROOT, 'cli', 'main.ts'), 'audit', '--file', file],
      { encoding: 'utf8', cwd: os.tmpdir(), env: { PATH: process.env.PATH, HOME: os.tmpdir() } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`error: --file: "${file}" is not readable by uid \\d+[^:]*: mode 0(600|000), owned by uid \\d+`));
    expect(run.stderr).toContain('run the command as the owner (e.g. sudo), or copy the log out of the server container first');
    expect(run.stderr).not.toMatch(/EACCES/);
  });});
