// One line of a file audit device's JSON log, as OpenBao 2.7.2 writes it: a `request` entry when
// the request arrives and a `response` entry when it is answered, both carrying the request (with
// the same `request.id`). Only the fields the audit command reads are typed; values under
// request.data and response.data are HMAC'd by the device and are never printed.

/** The token that made the request (on a login's response entry: the token it issued). */
export interface AuditAuth {
  readonly display_name?: string;
  readonly policies?: readonly string[];
  readonly metadata?: Readonly<Record<string, unknown>> | null;
  readonly policy_results?: { readonly allowed?: boolean } | null;
}

export interface AuditRequest {
  readonly id: string;
  readonly operation?: string;
  readonly path?: string;
  readonly mount_type?: string;
  readonly remote_address?: string;
  readonly data?: unknown;
}

export interface AuditResponse {
  readonly data?: unknown;
}

export interface AuditEntry {
  readonly type: 'request' | 'response';
  readonly time?: string;
  readonly auth?: AuditAuth | null;
  readonly request: AuditRequest;
  readonly response?: AuditResponse | null;
  /** The server's error text (plaintext), e.g. "1 error occurred:\n\t* permission denied\n\n". */
  readonly error?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses one non-empty line. Returns a reason instead of throwing, and never includes the line's
 * text in it: with `log_raw` a log line can hold secret values.
 */
export function parseAuditLine(line: string): { entry: AuditEntry } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'is not JSON' };
  }
  if (!isObject(value)) return { problem: 'is JSON but not an object' };
  if (value.type !== 'request' && value.type !== 'response') return { problem: 'has no "type" of "request" or "response"' };
  if (!isObject(value.request) || typeof value.request.id !== 'string') return { problem: 'has no "request" object with an "id"' };
  return { entry: value as unknown as AuditEntry };
}

/** The AppRole role name of the token (`auth.metadata.role_name`), if it is an AppRole token. */
export function roleNameOf(auth: AuditAuth | null | undefined): string | undefined {
  const name = auth?.metadata?.role_name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}
