import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../../cli/errors';
import { CliIo } from '../../../cli/io';
import { readValuesFile } from '../../../cli/secrets/values-file';
import { MAX_VALUES_FILE_BYTES } from '../../../secrets-catalog/value-limits';

const EXPECTED = 'expected a JSON file {"<path>": {"<field>": value}}';
let dir: string;
const warnings: string[] = [];
const io = { err: (t: string) => warnings.push(t) } as unknown as CliIo;

function errorOf(file: string): CliError {
  try {
    readValuesFile(io, file);
  } catch (e) {
    return e as CliError;
  }
  throw new Error(`${file} was read`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-values-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  warnings.length = 0;
});

describe('readValuesFile', () => {
  test('GIVEN a private JSON object WHEN read THEN it is returned without a warning', () => {
    const file = path.join(dir, 'ok.json');
    fs.writeFileSync(file, JSON.stringify({ 'hoodcloud/auth-server/database': { username: 'auth' } }), { mode: 0o600 });
    expect(readValuesFile(io, file)).toEqual({ 'hoodcloud/auth-server/database': { username: 'auth' } });
    expect(warnings).toEqual([]);
  });

  test('GIVEN a file others may read WHEN read THEN a warning names the file and the mode to keep', () => {
    const file = path.join(dir, 'open.json');
    fs.writeFileSync(file, '{}', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    readValuesFile(io, file);
    expect(warnings).toEqual([`warning: --values ${file} is readable by group or others; keep it mode 0600 and delete it afterwards`]);
  });

  test('GIVEN a directory WHEN read THEN it says so (no raw EISDIR), usage exit 2', () => {
    const e = errorOf(dir);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(`--values: "${dir}" is a directory; ${EXPECTED}`);
  });

  test('GIVEN a missing file, or a path through a file WHEN read THEN it does not exist (no raw ENOENT or ENOTDIR)', () => {
    expect(errorOf(path.join(dir, 'nope.json')).message).toBe(`--values: cannot read "${path.join(dir, 'nope.json')}": it does not exist; ${EXPECTED}`);
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, '{}');
    expect(errorOf(path.join(file, 'child.json')).message).toBe(`--values: cannot read "${path.join(file, 'child.json')}": a part of the path is a file, not a directory; ${EXPECTED}`);
  });

  test('GIVEN invalid JSON holding a secret WHEN read THEN the parser\'s message (which quotes the text) is not repeated', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{"hoodcloud/auth-server/database": {"password": "CANARY-hunter2-CANARY"', { mode: 0o600 });
    const e = errorOf(file);
    expect(e.message).toBe(`--values: "${file}" is not valid JSON (it ends early); ${EXPECTED}`);
    expect(e.message).not.toContain('CANARY');
  });

  test('GIVEN a JSON array WHEN read THEN an object is asked for', () => {
    const file = path.join(dir, 'array.json');
    fs.writeFileSync(file, '[]', { mode: 0o600 });
    expect(errorOf(file).message).toBe(`--values: "${file}" must hold a JSON object; ${EXPECTED}`);
  });

  test('GIVEN a file over 8 MiB WHEN read THEN it is refused with the limit, without reading it all', () => {
    const file = path.join(dir, 'large.json');
    fs.writeFileSync(file, Buffer.alloc(MAX_VALUES_FILE_BYTES + 1, 0x20), { mode: 0o600 });
    expect(errorOf(file).message).toBe(`--values: "${file}" holds more than 8 MiB, the limit of a values file; ${EXPECTED}`);
  });
});
