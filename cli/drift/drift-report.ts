// The drift report: one table (KIND, NAME, WHAT, DECLARED, LIVE) and a summary line; or, when the
// server matches, one line saying what was compared.
import { renderTable } from '../table';
import { ComparedCounts, DriftFinding } from './compare';

export const DRIFT_HEADER = ['KIND', 'NAME', 'WHAT', 'DECLARED', 'LIVE'] as const;

/** The lines drift prints on stdout. */
export function renderDriftReport(findings: readonly DriftFinding[], counts: ComparedCounts, address: string, file: string): string {
  if (findings.length === 0) {
    const compared = Object.entries(counts).filter(([kind, n]) => n > 0 && kind !== 'mount tune').map(([kind, n]) => `${n} ${n === 1 || kind.endsWith('s') ? kind : kind.replace(/y$/, 'ie') + 's'}`);
    return `no drift: ${address} matches ${file} (compared ${compared.join(', ')}, their tune settings, and every object the server lists)`;
  }
  const table = renderTable(DRIFT_HEADER, findings.map((f) => [f.kind, f.name, f.what, f.declared, f.live]));
  const objects = new Set(findings.map((f) => `${f.kind} ${f.name}`)).size;
  return `${table}\n\n${findings.length} difference(s) in ${objects} object(s) between ${address} and ${file}`;
}
