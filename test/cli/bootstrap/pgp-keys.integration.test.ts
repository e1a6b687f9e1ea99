import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPgpPublicKey } from '../../../cli/bootstrap/pgp-keys';
import { makeKeyring } from '../support/gpg';

describe('custodian PGP keys for sys/init', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-pgp-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a binary and an armored export of the same key WHEN read THEN both give the same base64 of the binary key', () => {
    const keyring = makeKeyring(dir);
    const binary = keyring.exportNewKey('alice');
    const armored = path.join(dir, 'alice.asc');
    fs.writeFileSync(armored, execFileSync('gpg', ['--homedir', keyring.home, '--armor', '--export', 'alice@hoodcloud.invalid']));
    expect(fs.readFileSync(armored, 'utf8')).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    expect(readPgpPublicKey(binary)).toBe(fs.readFileSync(binary).toString('base64'));
    expect(readPgpPublicKey(armored)).toBe(readPgpPublicKey(binary));
  });

  test('GIVEN a file that is not a public key WHEN read THEN the error names the file and the expected export', () => {
    const file = path.join(dir, 'not-a-key.txt');
    fs.writeFileSync(file, 'hello');
    expect(() => readPgpPublicKey(file)).toThrow(`--pgp-key ${file}: not an OpenPGP public key (expected the output of \`gpg --export <id>\``);
  });

  test('GIVEN a missing file WHEN read THEN it says so', () => {
    expect(() => readPgpPublicKey(path.join(dir, 'nope.gpg'))).toThrow('file does not exist');
  });
});
