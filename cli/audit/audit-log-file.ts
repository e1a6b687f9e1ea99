// Reads a file audit device's log line by line (it can be gigabytes; rotated copies may be
// gzipped) into request records. Problems name --file, the path and the line, never a line's text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CliError } from '../errors';
import { parseAuditLine } from './audit-entry';
import { AuditFilter } from './audit-filter';
import { AuditRecord, AuditRecordCollector } from './audit-records';

const FLAG = '--file';
const EXPECTED = 'expected the JSON log of a file audit device (format=json): one JSON object per line with "type" "request" or "response"';

export interface AuditLogContent {
  /** The requests `keep` accepted (default: those the filter matches), in log order. */
  readonly records: AuditRecord[];
  /** Non-empty lines read. */
  readonly entries: number;
  /** Things the operator should know that did not stop the read (e.g. a last line being written). */
  readonly warnings: string[];
}

/**
 * Reads `file` into the records that match `filter` (and, when given, `keep`); `hashes` are HMACs
 * to note in each record's matchedFields.
 */
export async function readAuditLog(file: string, filter: AuditFilter, hashes?: ReadonlySet<string>, keep?: (r: AuditRecord) => boolean): Promise<AuditLogContent> {
  const fd = openAuditLogFile(file);
  const collector = new AuditRecordCollector(hashes, (r) => filter.matches(r) && (keep?.(r) ?? true));
  const warnings: string[] = [];
  let entries = 0;
  let lineNo = 0;
  let pending: { line: number; problem: string } | undefined;
  const lines = readline.createInterface({ input: decodedStream(fd), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '') continue;
      if (pending) throw notAnAuditLog(file, pending.line, pending.problem);
      const parsed = parseAuditLine(line);
      if ('problem' in parsed) {
        pending = { line: lineNo, problem: parsed.problem };
        continue;
      }
      entries += 1;
      if (filter.entryMayMatch(parsed.entry)) collector.add(parsed.entry, lineNo);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' ? 'is a damaged gzip file' : `could not be read (${err.code ?? err.message})`;
    throw new CliError(`${FLAG}: "${file}" ${reason} after line ${lineNo}`, 1);
  } finally {
    lines.close();
  }
  if (pending) {
    // The server appends while we read: a last line cut short is expected, anything else is not.
    if (entries === 0 || pending.problem !== 'is not JSON') throw notAnAuditLog(file, pending.line, pending.problem);
    warnings.push(`${FLAG}: line ${pending.line} (the last) is incomplete, probably still being written; skipped`);
  }
  return { records: collector.records(), entries, warnings };
}

function notAnAuditLog(file: string, line: number, problem: string): CliError {
  return new CliError(`${FLAG}: "${file}" is not a JSON audit log: line ${line} ${problem}; ${EXPECTED}`, 2);
}

/** The file's text, gunzipped when it starts with the gzip magic bytes (a rotated log). */
function decodedStream(fd: number): Readable {
  const stat = fs.fstatSync(fd);
  const raw = fs.createReadStream('', { fd, autoClose: true });
  if (!stat.isFile() || stat.size < 2) return raw;
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  return magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
}

/** Opens the log for reading; every failure becomes a CliError that says what to do. */
export function openAuditLogFile(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliError(`${FLAG}: "${file}" does not exist; expected the audit device's log file (on the server: /vault/logs/audit.log)`, 2);
    }
    if (code === 'EACCES') {
      throw new CliError(`${FLAG}: "${file}" cannot be reached: a directory on its path is not searchable by ${describeUser(currentUid())}; run as a user who may enter it (e.g. with sudo)`, 2);
    }
    throw e;
  }
  if (stat.isDirectory()) {
    throw new CliError(`${FLAG}: "${file}" is a directory; expected the log file itself (e.g. ${path.join(file, 'audit.log')})`, 2);
  }
  try {
    return fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    throw new CliError(
      `${FLAG}: "${file}" is not readable by ${describeUser(currentUid())}: mode ${mode}, owned by ${describeUser(stat.uid)} ` +
        '(the audit device writes its log owner-only); run the command as the owner (e.g. sudo), or copy the log out of the ' +
        'server container first: docker exec <container> cat /vault/logs/audit.log > audit.log',
      2,
    );
  }
}

function currentUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

/** `uid 0 (root)`; the name from /etc/passwd when it is there. */
function describeUser(uid: number): string {
  let name: string | undefined;
  try {
    name = fs.readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[2] === String(uid))?.[0];
  } catch {
    name = uid === currentUid() ? os.userInfo().username : undefined;
  }
  return name ? `uid ${uid} (${name})` : `uid ${uid}`;
}
