// Instants as the audit log writes them (RFC 3339 with up to nanoseconds, e.g.
// 2026-12-01T11:12:08.92803892Z) and as operators pass them to --since / --until.
import { CliError } from '../errors';
import { durationFlag } from '../duration-flag';

/** An instant with nanosecond precision: milliseconds since the epoch plus the nanoseconds within that millisecond. */
export interface AuditTime {
  readonly epochMs: number;
  readonly subMsNanos: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time (fraction of up to 9 digits); undefined when the text is not one. */
export function parseRfc3339(text: string): AuditTime | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const fraction = (m[3] ?? '').padEnd(9, '0');
  const epochMs = Date.parse(`${m[1]}T${m[2]}.${fraction.slice(0, 3)}${m[4].toUpperCase()}`);
  if (Number.isNaN(epochMs)) return undefined;
  return { epochMs, subMsNanos: Number(fraction.slice(3)) };
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareTimes(a: AuditTime, b: AuditTime): number {
  return a.epochMs - b.epochMs || a.subMsNanos - b.subMsNanos;
}

/** The instant as RFC 3339 UTC with milliseconds, for tables (`--json` keeps the logged text). */
export function formatMillis(t: AuditTime): string {
  return new Date(t.epochMs).toISOString();
}

/**
 * A --since / --until bound: an RFC 3339 time (2026-12-01T11:00:00Z, or with an offset) or a
 * duration back from `now` (2h = two hours ago) as model/duration.ts reads it.
 */
export function parseTimeBound(flag: string, text: string, now: Date): AuditTime {
  const absolute = parseRfc3339(text);
  if (absolute) return absolute;
  try {
    const seconds = durationFlag(flag, text);
    return { epochMs: now.getTime() - seconds * 1000, subMsNanos: 0 };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    throw new CliError(
      `${flag}: "${text}" is neither a time nor a duration; expected an RFC 3339 time such as 2026-12-01T11:00:00Z ` +
        '(or with an offset, +02:00) or a duration back from now such as 30m, 2h or 7d',
      2,
    );
  }
}
