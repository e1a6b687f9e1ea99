// Durations: one parser for every notation the project meets: bare seconds (`3600`), Go duration
// strings as Vault accepts and returns them (`300s`, `1h30m`, `768h0m0s`, `250ms`), and operators'
// days (`7d`). Callers bound the result for their own use (a grace period, a TTL).

/** Why a text is not a duration; the message quotes the text (durations are never secret). */
export class DurationError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a duration; expected seconds or a number with a unit ns, us, ms, s, m, h or d (e.g. 30s, 5m, 1h30m, 7d)`);
    this.name = 'DurationError';
  }
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a duration (fractions kept: `250ms` is 0.25). Throws {@link DurationError}. */
export function parseDurationSeconds(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new DurationError(String(value));
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const unit = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = unit.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    consumed = unit.lastIndex;
  }
  if (text === '' || consumed !== text.length || !Number.isFinite(total)) throw new DurationError(value);
  return total;
}

/** Seconds as a short human string: 90 -> 1m30s, 604800 -> 7d (the two largest units). */
export function formatSeconds(total: number): string {
  if (total <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.floor(total);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join('');
}

/**
 * Whole seconds as Go's `time.Duration.String()` writes them (`10s`, `1m30s`, `1h0m0s`): the form
 * Vault returns durations in, so a value declared this way reads back unchanged (no plan diff).
 */
export function goDurationString(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new DurationError(String(seconds));
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}
