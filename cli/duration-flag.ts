// Durations as operators write them: 30s, 5m, 48h, 7d (or a bare number of seconds).
import { CliError } from './errors';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses a duration into seconds; `field` names the option in the error. */
export function parseDurationSeconds(field: string, text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new CliError(`${field}: "${text}" is not a duration; expected a number with an optional unit s, m, h or d (e.g. 30s, 5m, 48h, 7d)`, 2);
  return Number(m[1]) * UNITS[m[2] || 's'];
}

/** Seconds as a short human string: 90 -> 1m30s, 604800 -> 7d. */
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
