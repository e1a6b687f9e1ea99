import { encodedBytes, MAX_FIELD_BYTES, MAX_SECRET_BYTES, sizeProblems } from '../../../secrets-catalog/value-limits';

/** A string whose JSON encoding is exactly `bytes` long (the quotes count). */
const ofBytes = (bytes: number) => 'v'.repeat(bytes - 2);

describe('value size limits', () => {
  test('GIVEN the limits WHEN read THEN they are 64 KiB per field and 128 KiB per secret, far under the server\'s 32 MiB request limit', () => {
    expect([MAX_FIELD_BYTES, MAX_SECRET_BYTES]).toEqual([65_536, 131_072]);
  });

  test('GIVEN a field of exactly 64 KiB encoded WHEN checked THEN it passes; one byte more is a problem naming path, field, size and limit, never the value', () => {
    expect(sizeProblems('hoodcloud/x/y', { a: ofBytes(MAX_FIELD_BYTES) })).toEqual([]);
    const problems = sizeProblems('hoodcloud/x/y', { a: ofBytes(MAX_FIELD_BYTES + 1) });
    expect(problems).toEqual(['hoodcloud/x/y a: 65537 bytes (JSON-encoded), over the limit of 65536 bytes (64 KiB) per field']);
    expect(problems.join()).not.toContain('vvvv');
  });

  test('GIVEN two fields each at the field limit WHEN checked THEN together they exceed the secret limit', () => {
    expect(sizeProblems('hoodcloud/x/y', { a: ofBytes(MAX_FIELD_BYTES), b: ofBytes(MAX_FIELD_BYTES) })).toEqual([
      `hoodcloud/x/y: ${2 * MAX_FIELD_BYTES + encodedBytes({ a: '', b: '' }) - 4} bytes (JSON-encoded, all fields), over the limit of 131072 bytes (128 KiB) per secret`,
    ]);
  });

  test('GIVEN multi-byte characters and objects WHEN measured THEN UTF-8 bytes of the JSON encoding count', () => {
    expect(encodedBytes('é')).toBe(4);
    expect(encodedBytes({ A: 'b' })).toBe(9);
  });
});
