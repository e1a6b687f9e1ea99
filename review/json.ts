// The machine-readable form of a review (`--json`): the ReviewResult as stable, pretty JSON.
import { ReviewResult } from './report-model';

export function renderJson(r: ReviewResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}
