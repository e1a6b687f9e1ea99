// Finding the requests that touched a value without the value ever being printed: the server
// hashes it with the audit device's own HMAC key (POST sys/audit-hash/<device>), and the log is
// searched for that HMAC. The value is only ever sent to the server, in a request body.
import * as fs from 'node:fs';
import { VaultApiError, VaultClient } from '../../vault-api/client';
import { AuditRecord } from './audit-records';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { SecretInput } from '../prompt';
import { readSecretFile } from '../secret-files';

/** Requests to this path prefix carry the HMAC of what they hash: searches, not uses of the value. */
export const AUDIT_HASH_PREFIX = 'sys/audit-hash/';

/** The value from --value-file (exactly as the file holds it) or from stdin (--value-stdin). */
export async function readSearchValue(flags: { valueFile?: string; valueStdin?: boolean }, io: CliIo): Promise<string> {
  if (flags.valueFile && flags.valueStdin) throw new CliError('pass either --value-file or --value-stdin, not both', 2);
  if (flags.valueFile) {
    const file = flags.valueFile;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new CliError(`--value-file: "${file}" is a directory; expected a file holding the value`, 2);
    readSecretFile('--value-file', file); // missing or blank: the same errors as every secret file
    return fs.readFileSync(file, 'utf8');
  }
  if (io.stdin.isTTY) {
    const input = new SecretInput(io);
    try {
      const typed = await input.read('value to search for (not echoed):');
      if (typed === undefined) throw new CliError('--value-stdin: no value was typed', 2);
      return typed;
    } finally {
      input.close();
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new CliError('--value-stdin: stdin is empty; expected the value to search for', 2);
  return text;
}

/**
 * The value as given and, when different, without surrounding whitespace: a file written with
 * `echo` ends in a newline the stored value lacks, while a stored PEM keeps its final newline.
 */
export function valueVariants(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === value || trimmed === '' ? [value] : [value, trimmed];
}

/** The --device value as a path under sys/audit-hash/ (`file`, no surrounding slashes). */
export function auditDevicePath(text: string): string {
  const device = text.replace(/^\/+|\/+$/g, '');
  if (!/^[\w.\-/]+$/.test(device)) throw new CliError(`--device: "${text}" is not an audit device path; expected e.g. file (see \`bao audit list\`)`, 2);
  return device;
}

/** The device's HMACs of the values. Refusals name the device and the capability needed. */
export async function auditHashes(client: VaultClient, device: string, values: readonly string[]): Promise<Set<string>> {
  const hashes = new Set<string>();
  for (const input of values) {
    let body: { hash?: unknown; data?: { hash?: unknown } };
    try {
      body = await client.post(`${AUDIT_HASH_PREFIX}${device}`, { input });
    } catch (e) {
      if (e instanceof VaultApiError && e.status === 403) {
        throw new CliError(
          `the token may not hash values with the audit device "${device}": POST ${AUDIT_HASH_PREFIX}${device} needs the update capability ` +
            'on that path (hoodcloud-admin has it for the stacks\' device "file"); check --device, and pass --approle-dir with the admin credentials or --token-file',
          1,
        );
      }
      if (e instanceof VaultApiError && e.status === 400 && e.errors.some((m) => /unknown audit backend/.test(m))) {
        throw new CliError(`--device: "${device}" is not an audit device on this server; expected the path the log's device is enabled at (see \`bao audit list\`; the stacks use "file")`, 2);
      }
      throw e;
    }
    const hash = body.data?.hash ?? body.hash;
    if (typeof hash !== 'string' || !hash.startsWith('hmac-')) throw new CliError(`POST ${AUDIT_HASH_PREFIX}${device} answered without an HMAC`);
    hashes.add(hash);
  }
  return hashes;
}

/**
 * The records whose data held a searched HMAC, without the sys/audit-hash requests: those carry
 * the HMAC because they hashed the value (this search among them), not because they used it.
 */
export function valueTouches(records: readonly AuditRecord[]): { touching: AuditRecord[]; lookups: number } {
  const holding = records.filter((r) => r.matchedFields.length > 0);
  const touching = holding.filter((r) => !r.path.startsWith(AUDIT_HASH_PREFIX));
  return { touching, lookups: holding.length - touching.length };
}
