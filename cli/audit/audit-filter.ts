// The audit command's filters. Values of one flag are alternatives (repeat the flag or separate
// them with commas); different flags must all match.
import { CliError } from '../errors';
import { AuditEntry } from './audit-entry';
import { AuditRecord, OUTCOMES, Outcome } from './audit-records';
import { AuditTime, compareTimes, formatMillis, parseTimeBound } from './audit-time';

export interface AuditFilterFlags {
  readonly role: readonly string[];
  readonly path: readonly string[];
  readonly operation: readonly string[];
  readonly outcome: readonly string[];
  readonly since?: string;
  readonly until?: string;
}

/** Operations a client request is logged with (a KV write is `create` for a new secret, `update` otherwise). */
export const OPERATIONS = ['read', 'create', 'update', 'patch', 'delete', 'list', 'scan'] as const;

export interface AuditFilter {
  /** Cheap check on one entry (path and operation are the same in both entries of a request). */
  entryMayMatch(entry: AuditEntry): boolean;
  matches(record: AuditRecord): boolean;
}

/** Validates the flags (usage errors name the flag and value) and builds the filter. */
export function buildFilter(flags: AuditFilterFlags, now: Date): AuditFilter {
  const roles = new Set(values('--role', flags.role));
  const paths = values('--path', flags.path).map((p) => pathMatcher(p));
  const operations = new Set<string>(values('--operation', flags.operation).map((op) => checkOne('--operation', op.toLowerCase(), OPERATIONS, ' (a KV write is create for a new secret, update otherwise)')));
  const outcomes = new Set<Outcome>(values('--outcome', flags.outcome).map((o) => checkOne('--outcome', o.toLowerCase(), OUTCOMES, '')));
  const since = flags.since === undefined ? undefined : parseTimeBound('--since', flags.since, now);
  const until = flags.until === undefined ? undefined : parseTimeBound('--until', flags.until, now);
  if (since && until && compareTimes(since, until) > 0) {
    throw new CliError(`--since ${flags.since} (${formatMillis(since)}) is after --until ${flags.until} (${formatMillis(until)}); expected an earlier --since`, 2);
  }
  const inWindow = (at: AuditTime | undefined) =>
    (!since && !until) || (at !== undefined && (!since || compareTimes(at, since) >= 0) && (!until || compareTimes(at, until) <= 0));
  const pathOk = (p: string) => paths.length === 0 || paths.some((m) => m(p));
  const operationOk = (op: string) => operations.size === 0 || operations.has(op);
  return {
    entryMayMatch: (entry) => pathOk(entry.request.path ?? '') && operationOk(entry.request.operation ?? ''),
    matches: (r) =>
      pathOk(r.path) &&
      operationOk(r.operation) &&
      (roles.size === 0 || (r.role !== undefined && roles.has(r.role)) || (r.displayName !== undefined && roles.has(r.displayName))) &&
      (outcomes.size === 0 || outcomes.has(r.outcome)) &&
      inWindow(r.at),
  };
}

function values(flag: string, given: readonly string[]): string[] {
  const out = given.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (out.some((v) => v === '')) throw new CliError(`${flag}: empty value; expected e.g. ${flag} ${example(flag)}`, 2);
  return out;
}

function example(flag: string): string {
  return { '--role': 'hoodcloud-control-plane', '--path': 'secret/data/hoodcloud/*', '--operation': 'read', '--outcome': 'denied' }[flag] ?? 'x';
}

function checkOne<T extends string>(flag: string, value: string, allowed: readonly T[], hint: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${flag}: "${value}" is not one of ${allowed.join(', ')}${hint}`, 2);
  return value as T;
}

/**
 * A path prefix (`secret/data/hoodcloud/`) or a glob where `*` stands for any characters,
 * slashes included (`secret/data/hoodcloud/*` or `*database`); a leading `/` or `/v1/` is ignored.
 */
export function pathMatcher(pattern: string): (path: string) => boolean {
  const p = pattern.replace(/^\/+/, '').replace(/^v1\//, '');
  if (!p.includes('*')) return (path) => path.startsWith(p);
  const re = new RegExp(`^${p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (path) => re.test(path);
}
