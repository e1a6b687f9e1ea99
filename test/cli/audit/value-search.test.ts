import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { fieldsHolding } from '../../../cli/audit/data-fields';
import { auditDevicePath, readSearchValue, valueTouches, valueVariants } from '../../../cli/audit/value-search';
import { CliIo } from '../../../cli/io';
import { FIXTURE_LOG, fixtureManifest } from './support/fixture';
import { recordsOfLog, recordsOfSteps } from './support/steps';

const manifest = fixtureManifest();
const log = fs.readFileSync(FIXTURE_LOG, 'utf8');
const io = (stdinText?: string): CliIo => {
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  return { env: {}, out: () => undefined, err: () => undefined, stdin, sleep: async () => undefined };
};

describe('finding the requests that touched a value (by the HMAC the server computes)', () => {
  test('GIVEN the HMAC of the password written in the recording WHEN the log is searched THEN exactly the write and the read of it are found, with the fields that held it', async () => {
    const records = await recordsOfLog(log, new Set([manifest.hashes.dbPassword]));
    const { touching, lookups } = valueTouches(records);
    const steps = recordsOfSteps(records, manifest);
    expect(touching.map((r) => r.requestId).sort()).toEqual(manifest.touching.dbPassword.map((l) => steps.get(l)?.requestId).sort());
    expect(steps.get('write-db')?.matchedFields).toEqual(['request.data.data.password']);
    expect(steps.get('read-db')?.matchedFields).toEqual(['response.data.data.password']);
    // the recording hashed the value once: that request carries the HMAC as its input but did not use the value
    expect(lookups).toBe(1);
  });

  test('GIVEN the HMAC of the second version of a key WHEN searched THEN only the write of that version is found, not the write of the first', async () => {
    const records = await recordsOfLog(log, new Set([manifest.hashes.apiKeyV2]));
    const steps = recordsOfSteps(records, manifest);
    expect(valueTouches(records).touching.map((r) => r.requestId)).toEqual([steps.get('write-api-v2')?.requestId]);
  });

  test('GIVEN nested objects and arrays WHEN searched THEN every string leaf is compared and its dotted name reported', () => {
    const data = { a: { b: ['x', { c: 'h' }] }, d: 'h', e: 1 };
    expect(fieldsHolding(data, new Set(['h']), 'request.data')).toEqual(['request.data.a.b[].c', 'request.data.d']);
  });

  test('GIVEN a value with a final newline WHEN hashed THEN both the value as given and the trimmed value are searched (a PEM keeps its newline, echo adds one)', () => {
    expect(valueVariants('-----BEGIN KEY-----\nabc\n-----END KEY-----\n')).toEqual(['-----BEGIN KEY-----\nabc\n-----END KEY-----\n', '-----BEGIN KEY-----\nabc\n-----END KEY-----']);
    expect(valueVariants('plain')).toEqual(['plain']);
  });

  describe('reading the value', () => {
    let dir: string;
    beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-value-')); });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('GIVEN --value-file WHEN read THEN the content is returned exactly as the file holds it', async () => {
      const f = path.join(dir, 'v');
      fs.writeFileSync(f, 'secret-value\n');
      await expect(readSearchValue({ valueFile: f }, io())).resolves.toBe('secret-value\n');
    });

    test('GIVEN --value-stdin with piped input WHEN read THEN all of stdin is the value', async () => {
      await expect(readSearchValue({ valueStdin: true }, io('line one\nline two\n'))).resolves.toBe('line one\nline two\n');
    });

    test.each([
      ['a missing file', () => ({ valueFile: path.join(dir, 'nope') }), '--value-file: "DIR/nope" does not exist'],
      ['a directory', () => ({ valueFile: dir }), '--value-file: "DIR" is a directory; expected a file holding the value'],
      ['an empty file', () => { fs.writeFileSync(path.join(dir, 'empty'), '\n'); return { valueFile: path.join(dir, 'empty') }; }, '--value-file: "DIR/empty" is empty'],
      ['both flags', () => ({ valueFile: path.join(dir, 'v'), valueStdin: true }), 'pass either --value-file or --value-stdin, not both'],
    ])('GIVEN %s WHEN read THEN a usage error names the flag', async (_what, flags, message) => {
      await expect(readSearchValue(flags(), io(''))).rejects.toMatchObject({ exitCode: 2, message: message.replace(/DIR/g, dir) });
    });

    test('GIVEN --value-stdin with empty stdin WHEN read THEN a usage error names the flag', async () => {
      await expect(readSearchValue({ valueStdin: true }, io(''))).rejects.toMatchObject({ exitCode: 2, message: '--value-stdin: stdin is empty; expected the value to search for' });
    });
  });

  test('GIVEN --device values WHEN normalized THEN slashes around it are dropped and a bad path is a usage error', () => {
    expect(auditDevicePath('file/')).toBe('file');
    expect(() => auditDevicePath('a b')).toThrow('--device: "a b" is not an audit device path; expected e.g. file');
  });
});
