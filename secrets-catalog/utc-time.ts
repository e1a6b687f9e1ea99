// RFC 3339 times in UTC as the catalog stores them (`2026-12-02T13:00:00Z`): what a verifier in any
// language parses without a time-zone database, and what sorts as text.

const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** The instant of an RFC 3339 UTC time; throws with a reason (times are not secret, but the text is not repeated). */
export function parseUtcTime(text: string): Date {
  const m = UTC_TIME.exec(text);
  if (!m) throw new Error('not an RFC 3339 UTC time (expected e.g. 2026-12-02T13:00:00Z)');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(Number(m[7] ?? 0) * 1000));
  // Date.UTC rolls 2026-02-30 over into March: a field that does not come back unchanged is not a date.
  const back = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (back.some((v, i) => v !== [year, month, day, hour, minute, second][i])) throw new Error('not a calendar date and time');
  return date;
}

/** The RFC 3339 UTC text of an instant, to the second (`2026-12-02T13:00:00Z`). */
export function formatUtcTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
