// Pairs the request and response entries of the audit log by request id into one record per
// request, with its outcome. Keeps only a compact summary of each entry, so large logs fit.
import { AuditAuth, AuditEntry, roleNameOf } from './audit-entry';
import { AuditTime, parseRfc3339 } from './audit-time';
import { fieldNames, fieldsHolding } from './data-fields';

/** What became of a request: refused by policy, failed, answered, or not (yet) answered in this log. */
export type Outcome = 'denied' | 'error' | 'ok' | 'no-response';
export const OUTCOMES: readonly Outcome[] = ['denied', 'error', 'ok', 'no-response'];

/** One request, from its request entry, its response entry, or both. Holds no data values. */
export interface AuditRecord {
  readonly requestId: string;
  /** The time as logged (the request entry's, else the response entry's). */
  readonly time: string;
  readonly at?: AuditTime;
  /** AppRole role name (auth.metadata.role_name); for a login, of the token it issued. */
  readonly role?: string;
  readonly displayName?: string;
  readonly policies: readonly string[];
  readonly remoteAddress?: string;
  readonly operation: string;
  readonly path: string;
  readonly mountType?: string;
  readonly outcome: Outcome;
  /** The server's error text (the log keeps it in plaintext), or a note that it is HMAC'd. */
  readonly error?: string;
  /** Names (never values) of the fields under request.data and response.data. */
  readonly requestFields: readonly string[];
  readonly responseFields: readonly string[];
  /** Where a searched HMAC was found, e.g. `request.data.data.password`. */
  readonly matchedFields: readonly string[];
  /** 1-based line of the first entry of this request. */
  readonly line: number;
}

interface EntrySummary {
  readonly line: number;
  readonly time: string;
  readonly auth: AuditAuth | null | undefined;
  readonly remoteAddress?: string;
  readonly operation: string;
  readonly path: string;
  readonly mountType?: string;
  readonly error?: string;
  /** A logical error response: its text is in response.data.error, HMAC'd. */
  readonly hmacdError: boolean;
  readonly requestFields: readonly string[];
  readonly responseFields: readonly string[];
  readonly matchedFields: readonly string[];
}

export const HMACD_ERROR_NOTE = "(error text HMAC'd in response.data.error)";

/**
 * Collects entries (in log order) and returns one record per request id. A request is decided
 * when its response arrives; records `keep` rejects are dropped then, so memory holds only the
 * records shown and the requests still waiting for their response.
 */
export class AuditRecordCollector {
  private readonly waiting = new Map<string, EntrySummary>();
  private readonly decided: AuditRecord[] = [];

  /**
   * @param hashes HMACs to look for in request and response data (value search)
   * @param keep which records to keep (default: all)
   */
  constructor(
    private readonly hashes?: ReadonlySet<string>,
    private readonly keep: (r: AuditRecord) => boolean = () => true,
  ) {}

  add(entry: AuditEntry, line: number): void {
    const responseData = entry.response?.data;
    const summary: EntrySummary = {
      line,
      time: typeof entry.time === 'string' ? entry.time : '',
      auth: entry.auth,
      remoteAddress: entry.request.remote_address,
      operation: entry.request.operation ?? '',
      path: entry.request.path ?? '',
      mountType: entry.request.mount_type,
      error: typeof entry.error === 'string' && entry.error.trim() !== '' ? entry.error : undefined,
      hmacdError: typeof responseData === 'object' && responseData !== null && 'error' in responseData,
      requestFields: fieldNames(entry.request.data),
      responseFields: fieldNames(responseData),
      matchedFields: this.hashes
        ? [...fieldsHolding(entry.request.data, this.hashes, 'request.data'), ...fieldsHolding(responseData, this.hashes, 'response.data')]
        : [],
    };
    const id = entry.request.id;
    if (entry.type === 'request') {
      // Request ids are unique; a repeated request entry keeps the first.
      if (!this.waiting.has(id)) this.waiting.set(id, summary);
      return;
    }
    // A response without a request entry is complete too: the device may have been enabled by this very request.
    const request = this.waiting.get(id);
    this.waiting.delete(id);
    this.decide(toRecord(id, request, summary));
  }

  /** Every kept record, in the order of its first entry in the log; requests never answered are no-response. */
  records(): AuditRecord[] {
    for (const [id, request] of this.waiting) this.decide(toRecord(id, request, undefined));
    this.waiting.clear();
    return this.decided.sort((a, b) => a.line - b.line);
  }

  private decide(record: AuditRecord): void {
    if (this.keep(record)) this.decided.push(record);
  }
}

function toRecord(requestId: string, req: EntrySummary | undefined, res: EntrySummary | undefined): AuditRecord {
  const first = (req ?? res) as EntrySummary;
  const errors = [res?.error, req?.error].filter((e): e is string => e !== undefined);
  const refusedByPolicy = req?.auth?.policy_results?.allowed === false || res?.auth?.policy_results?.allowed === false;
  const denied = refusedByPolicy || errors.some((e) => /permission denied/i.test(e));
  const outcome: Outcome = denied ? 'denied' : errors.length > 0 || res?.hmacdError ? 'error' : res ? 'ok' : 'no-response';
  const error = errors.length > 0 ? serverErrorText(errors[0]) : res?.hmacdError ? HMACD_ERROR_NOTE : denied ? 'permission denied' : undefined;
  // A login's response entry describes the token it issued: that is the role that logged in.
  const auth = res?.auth && (roleNameOf(res.auth) || res.auth.display_name) ? res.auth : req?.auth;
  return {
    requestId,
    time: first.time,
    at: parseRfc3339(first.time),
    role: roleNameOf(auth),
    displayName: auth?.display_name || undefined,
    policies: auth?.policies ?? [],
    remoteAddress: req?.remoteAddress ?? res?.remoteAddress,
    operation: first.operation,
    path: first.path,
    mountType: first.mountType,
    outcome,
    error,
    requestFields: req?.requestFields ?? res?.requestFields ?? [],
    responseFields: res?.responseFields ?? [],
    matchedFields: [...new Set([...(req?.matchedFields ?? []), ...(res?.matchedFields ?? [])])],
    line: first.line,
  };
}

/** "1 error occurred:\n\t* permission denied\n\n" -> "permission denied"; several bullets joined with "; ". */
export function serverErrorText(raw: string): string {
  const bullets = [...raw.matchAll(/^\s*\* (.+)$/gm)].map((m) => m[1].trim());
  const text = bullets.length > 0 ? bullets.join('; ') : raw.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
