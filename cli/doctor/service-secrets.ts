// Every secret of every service present and well-formed: the findings of `secrets check`
// (cli/secrets/check.ts over secrets-catalog/entry-check.ts), one row per secret. Field names and
// reasons only; values are never read into a row.
import { workloadServices } from '../../services/catalog';
import { FieldFinding, isProblem } from '../../secrets-catalog/entry-check';
import { LAYOUT } from '../../stacks/layout';
import { checkSecrets } from '../secrets/check';
import { CheckRow, DoctorCheck, OPS, row, ServerContext } from './check';

const CHECK = 'secrets';

/** One row per catalog path that has findings, in catalog order. */
export function evaluateSecrets(findings: readonly FieldFinding[], mount: string = LAYOUT.kvMount): CheckRow[] {
  const paths = [...new Set(findings.map((f) => f.path))];
  return paths.map((p) => {
    const of = findings.filter((f) => f.path === p);
    const problems = of.filter(isProblem);
    if (problems.length === 0) {
      const unset = of.filter((f) => f.status === 'not-set-optional').map((f) => f.field);
      const set = of.length - unset.length;
      return row.ok(CHECK, p, unset.length === of.length ? 'optional, not set' : `${set} field(s) well-formed${unset.length ? `; optional, not set: ${unset.join(', ')}` : ''}`);
    }
    // A secret that does not exist: one reason for every field, said once.
    const [first] = problems;
    const oneReason = problems.length === of.length && problems.every((f) => f.status === 'missing' && f.problem === first.problem);
    const detail = oneReason && first.problem
      ? `${first.problem} (${problems.map((f) => f.field).join(', ')})`
      : problems.map((f) => `${f.field} ${f.status}${f.problem ? ` (${f.problem})` : ''}`).join('; ');
    const malformed = problems.filter((f) => f.status === 'malformed').map((f) => f.field);
    const fix = malformed.length > 0
      // `secrets seed --force` replaces (and regenerates) every secret it writes: one secret is rewritten on its own.
      ? `write well-formed ${malformed.join(', ')} as the admin: bao kv patch -mount=${mount} ${p} @fields.json (then ${OPS} secrets check)`
      : `${OPS} secrets seed --env prod --values <file.json> (creates what is missing, keeps what exists)`;
    return row.fail(CHECK, p, detail, fix);
  });
}

export const serviceSecretsCheck: DoctorCheck = {
  id: CHECK,
  title: 'service secrets present and well-formed',
  needs: 'token',
  async run(ctx: ServerContext) {
    const result = await checkSecrets(ctx.client, { mount: LAYOUT.kvMount, services: workloadServices().map((s) => s.id) });
    return evaluateSecrets(result.findings); // in catalog order
  },
};
