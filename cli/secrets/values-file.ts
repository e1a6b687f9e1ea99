// The --values file of `secrets seed` and `secrets rotate`: a JSON object
// {"<path>": {"<field>": value}}. Every failure names the flag and the file and says what is
// expected; the content is never echoed (not even by the JSON parser's message, which quotes it).
import * as fs from 'node:fs';
import { MAX_VALUES_FILE_BYTES, formatLimit } from '../../secrets-catalog/value-limits';
import { SuppliedValues } from '../../secrets-catalog/supplied-values';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { jsonSyntaxProblem } from '../json-problem';
import { fsReason } from '../errno-reasons';

const FLAG = '--values';
const EXPECTED = 'expected a JSON file {"<path>": {"<field>": value}}';


/** Reads at most `limit` + 1 bytes: a larger file (or an endless stream) is refused, not read on. */
function readCapped(file: string, limit: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > limit) break;
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads the supplied-values file; warns when others can read it. A pipe works too
 * (`--values <(gpg -d values.json.gpg)`), so the values need not lie on a disk in the clear.
 */
export function readValuesFile(io: CliIo, file: string): SuppliedValues {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new CliError(`${FLAG}: cannot read "${file}": ${fsReason(e)}; ${EXPECTED}`, 2);
  }
  if (stat.isDirectory()) throw new CliError(`${FLAG}: "${file}" is a directory; ${EXPECTED}`, 2);
  if (stat.isFile() && (stat.mode & 0o077) !== 0) io.err(`warning: ${FLAG} ${file} is readable by group or others; keep it mode 0600 and delete it afterwards`);
  let bytes: Buffer;
  try {
    bytes = readCapped(file, MAX_VALUES_FILE_BYTES);
  } catch (e) {
    throw new CliError(`${FLAG}: cannot read "${file}": ${fsReason(e)}; ${EXPECTED}`, 2);
  }
  if (bytes.length > MAX_VALUES_FILE_BYTES) throw new CliError(`${FLAG}: "${file}" holds more than ${formatLimit(MAX_VALUES_FILE_BYTES)}, the limit of a values file; ${EXPECTED}`, 2);
  const text = bytes.toString('utf8');
  const problem = jsonSyntaxProblem(text);
  if (problem) throw new CliError(`${FLAG}: "${file}" is not valid JSON (${problem}); ${EXPECTED}`, 2);
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(`${FLAG}: "${file}" must hold a JSON object; ${EXPECTED}`, 2);
  }
  return parsed as SuppliedValues;
}
