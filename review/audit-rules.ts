// Blocking rules on what reaches the audit log: HMACing weakened on any mount or auth method
// (request or response keys exempted from HMACing, top level or in a `tune` block) or on an audit
// device (`hmac_accessor` off), an audit device that logs raw values (`log_raw`), and one that
// discards its log (`file_path` `discard` or `/dev/null`). Each blocks when the pull request
// introduces it, on an existing or a new resource.
import * as posixPath from 'node:path/posix';
import { goParseBool } from '../model/go-bool';
import { isJsonObject } from '../terraform-json/json-object';
import { terraformString } from '../terraform-json/terraform-values';
import { Finding } from './report-model';
import { indexResources } from './resource-diff';
import { IdentifiedResource } from './resource-identity';
import { SynthStack } from './stack-loader';

const NON_HMAC_FIELDS = ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys'] as const;

/** Every non-HMAC key list of a resource, by where it is written (`audit_non_hmac_request_keys`, `tune[0].audit_non_hmac_response_keys`). */
function nonHmacLists(r: IdentifiedResource | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!r) return out;
  const add = (where: string, v: unknown) => {
    if (Array.isArray(v)) out.set(where, v.map(String));
  };
  for (const f of NON_HMAC_FIELDS) add(f, r.resource.attributes[f]);
  const tune = r.resource.attributes.tune;
  (Array.isArray(tune) ? tune : tune === undefined ? [] : [tune]).forEach((t, i) => {
    if (isJsonObject(t)) for (const f of NON_HMAC_FIELDS) add(`tune[${i}].${f}`, t[f]);
  });
  return out;
}

/** An audit device option as the server reads it (a string; Terraform converts booleans and numbers). */
function option(r: IdentifiedResource | undefined, name: string): string | undefined {
  const options = r?.resource.attributes.options;
  return isJsonObject(options) ? terraformString(options[name]) : undefined;
}

/** The file audit device writes nothing: `discard` (any case, as the server compares it) or the null device. */
export function discardingFilePath(path: string): boolean {
  return path.toLowerCase() === 'discard' || (path.startsWith('/') && posixPath.normalize(path) === '/dev/null');
}

function discards(r: IdentifiedResource | undefined): string | undefined {
  if (!r || String(r.resource.attributes.type ?? '') !== 'file') return undefined;
  const p = option(r, 'file_path');
  return p !== undefined && discardingFilePath(p) ? p : undefined;
}

export function auditFindings(env: string, stack: string, base: SynthStack | undefined, head: SynthStack | undefined): Finding[] {
  const before = indexResources(base);
  const out: Finding[] = [];
  const f = (rule: Finding['rule'], message: string) => out.push({ environment: env, rule, message });
  for (const [id, h] of [...indexResources(head)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const b = before.get(id);
    const what = `${h.resource.type} "${h.key}"${b ? '' : ' (new)'}`;
    const was = nonHmacLists(b);
    for (const [where, keys] of nonHmacLists(h)) {
      const gained = keys.filter((k) => !(was.get(where) ?? []).includes(k));
      if (gained.length) {
        f('audit-hmac-weakened', `${stack}: ${what} ${where} gains ${gained.map((k) => JSON.stringify(k)).join(', ')}: these request or response fields would be written to the audit log in clear`);
      }
    }
    if (h.kind !== 'audit') continue;
    const device = `audit device "${h.key}"${b ? '' : ' (new)'}`;
    const accessor = option(h, 'hmac_accessor');
    if (accessor !== undefined && goParseBool(accessor) === false && !(b && goParseBool(option(b, 'hmac_accessor') ?? '') === false)) {
      f('audit-hmac-weakened', `${stack}: ${device} options.hmac_accessor = ${JSON.stringify(accessor)}: token accessors would be written in clear (a log reader could look up or revoke tokens)`);
    }
    const raw = option(h, 'log_raw');
    if (raw !== undefined && goParseBool(raw) === true && !(b && goParseBool(option(b, 'log_raw') ?? '') === true)) {
      f('audit-log-raw', `${stack}: ${device} options.log_raw = ${JSON.stringify(raw)}: secrets, tokens and request values would be written to the audit log in clear`);
    }
    const discarded = discards(h);
    if (discarded !== undefined && discards(b) === undefined) {
      f('audit-log-discarded', `${stack}: ${device} options.file_path = ${JSON.stringify(discarded)}: the device discards every entry, so requests would go unaudited`);
    }
  }
  return out;
}
