import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { resolveConnection } from '../../cli/connection';
import { CliIo } from '../../cli/io';
import { PUBLIC_TEST_CA_FILE } from './support/tls';

const io = (env: Record<string, string>): CliIo => ({ env, out: () => undefined, err: () => undefined, stdin: new PassThrough(), sleep: async () => undefined });

describe('the CLI config loader (flags over VAULT_ADDR / VAULT_CACERT / VAULT_TOKEN)', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-conn-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN only environment variables WHEN resolved THEN address and token come from them', () => {
    const c = resolveConnection({}, io({ VAULT_ADDR: 'http://127.0.0.1:8201/', VAULT_TOKEN: 'env-token' }));
    expect(c).toEqual({ address: 'http://127.0.0.1:8201', caPem: undefined, auth: { kind: 'token', token: 'env-token', source: 'VAULT_TOKEN' } });
  });

  test('GIVEN a flag and a variable WHEN resolved THEN the flag wins', () => {
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, 'file-token\n');
    const c = resolveConnection({ address: 'http://127.0.0.1:9999', tokenFile }, io({ VAULT_ADDR: 'http://127.0.0.1:8201', VAULT_TOKEN: 'env-token' }));
    expect(c.address).toBe('http://127.0.0.1:9999');
    expect(c.auth).toEqual({ kind: 'token', token: 'file-token', source: '--token-file' });
  });

  test('GIVEN no address anywhere WHEN resolved THEN the error names both the flag and the variable', () => {
    expect(() => resolveConnection({}, io({}))).toThrow('no server address: pass --address https://<host>:<port> or set VAULT_ADDR');
  });

  test('GIVEN VAULT_ADDR that is not a URL WHEN resolved THEN the error names the variable, the value and an example', () => {
    expect(() => resolveConnection({}, io({ VAULT_ADDR: '127.0.0.1:8200' }))).toThrow('VAULT_ADDR: "127.0.0.1:8200" is not a URL; expected e.g. https://127.0.0.1:8200');
    expect(() => resolveConnection({}, io({ VAULT_ADDR: 'ftp://127.0.0.1:8200' }))).toThrow('VAULT_ADDR: "ftp://127.0.0.1:8200" uses ftp:; expected http: or https:');
    expect(() => resolveConnection({ address: 'not a url' }, io({}))).toThrow('--address: "not a url" is not a URL; expected e.g. https://127.0.0.1:8200');
  });

  test('GIVEN a CA file that does not exist WHEN resolved THEN the error names VAULT_CACERT and the path', () => {
    expect(() => resolveConnection({}, io({ VAULT_ADDR: 'https://127.0.0.1:8200', VAULT_CACERT: '/nope/ca.pem' }))).toThrow('VAULT_CACERT: "/nope/ca.pem" does not exist; expected a PEM CA certificate file');
  });

  test('GIVEN a CA file that is not a certificate WHEN resolved THEN it says so', () => {
    const bad = path.join(dir, 'bad.pem');
    fs.writeFileSync(bad, 'not a cert');
    expect(() => resolveConnection({ caCert: bad }, io({ VAULT_ADDR: 'https://127.0.0.1:8200' }))).toThrow(`--ca-cert: "${bad}" is not a PEM certificate`);
  });

  test('GIVEN a real CA certificate WHEN resolved for https THEN its PEM is used', () => {
    const c = resolveConnection({ caCert: PUBLIC_TEST_CA_FILE }, io({ VAULT_ADDR: 'https://127.0.0.1:8200' }));
    expect(c.caPem).toBe(fs.readFileSync(PUBLIC_TEST_CA_FILE, 'utf8'));
  });

  test('GIVEN both --token-file and --approle-dir WHEN resolved THEN it refuses the ambiguity', () => {
    const tokenFile = path.join(dir, 'token2');
    fs.writeFileSync(tokenFile, 't');
    expect(() => resolveConnection({ address: 'http://127.0.0.1:1', tokenFile, approleDir: dir }, io({}))).toThrow('pass either --token-file or --approle-dir, not both');
  });

  test('GIVEN an empty token file WHEN resolved THEN the error names the flag and the file, not its content', () => {
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '\n');
    expect(() => resolveConnection({ address: 'http://127.0.0.1:1', tokenFile: empty }, io({}))).toThrow(`--token-file: "${empty}" is empty`);
  });
});
