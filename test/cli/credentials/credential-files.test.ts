import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspectCredentialsDir, requireCredentialsDir, writeCredentialFiles } from '../../../cli/credentials/credential-files';

describe('credentials directories', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-credential-files-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN written credentials WHEN inspected THEN role_id and accessor are read, the secret only noticed', () => {
    const files = writeCredentialFiles(dir, { roleId: 'role-1', secretId: 'secret-1', accessor: 'acc-1' }, { mode: 0o440 });
    expect(files.map((f) => path.basename(f))).toEqual(['role_id', 'secret_id', 'secret_id_accessor']);
    for (const f of files) expect(fs.statSync(f).mode & 0o777).toBe(0o440);
    expect(inspectCredentialsDir('--out-dir', dir)).toEqual({ dir, roleId: 'role-1', accessor: 'acc-1', hasSecretId: true });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('GIVEN a missing directory WHEN inspected THEN undefined; WHEN required THEN the error says what is expected', () => {
    expect(inspectCredentialsDir('--out-dir', path.join(dir, 'none'))).toBeUndefined();
    expect(() => requireCredentialsDir('--out-dir', path.join(dir, 'none'))).toThrow(`--out-dir: "${path.join(dir, 'none')}" does not exist; expected a directory written by \`credentials issue\``);
  });

  test('GIVEN a file, a path under a file, or a credential name that is a directory WHEN inspected THEN each is refused in words', () => {
    const file = path.join(dir, 'f');
    fs.writeFileSync(file, '');
    expect(() => inspectCredentialsDir('--out-dir', file)).toThrow(`--out-dir: "${file}" is a file; expected a directory`);
    expect(() => inspectCredentialsDir('--out-dir', path.join(file, 'x'))).toThrow(`--out-dir: cannot open "${path.join(file, 'x')}": a part of the path is a file, not a directory`);
    fs.mkdirSync(path.join(dir, 'secret_id_accessor'));
    expect(() => inspectCredentialsDir('--out-dir', dir)).toThrow(`--out-dir: "${path.join(dir, 'secret_id_accessor')}" is not a file; expected the secret_id_accessor file or nothing at that path`);
  });
});
