// Issue 3, proof 3: least privilege. Every row of test/e2e/access-matrix.ts (every secret path of
// the layout, listings, every operation on hoodcloud-masterkey, a few system paths) is checked for
// every role by an actual request AND sys/capabilities-self, from the role's own token.
import { SECRET_CATALOG } from '../../secrets-catalog/catalog';
import { ACCESS_MATRIX, ROLES } from './access-matrix';
import { runAccessMatrix, type MatrixRun } from './support/matrix-checker';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
let run: MatrixRun;
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
  run = await runAccessMatrix(target.root, ACCESS_MATRIX, ROLES);
});
afterAll(async () => { await target?.close(); });

describe('GIVEN the least-privilege matrix and the e2e config applied to a real server', () => {
  test('WHEN the matrix is read THEN it covers every catalog path and grants and denies something to every role', () => {
    for (const entry of SECRET_CATALOG) expect(ACCESS_MATRIX.some((r) => r.path === `secret/data/${entry.path}`)).toBe(true);
    for (const role of ROLES) {
      expect({ role, allowedSomewhere: ACCESS_MATRIX.some((r) => (r.allowed as readonly string[]).includes(role)) }).toEqual({ role, allowedSomewhere: true });
      expect({ role, deniedSomewhere: ACCESS_MATRIX.some((r) => !(r.allowed as readonly string[]).includes(role)) }).toEqual({ role, deniedSomewhere: true });
    }
  });

  test('WHEN every role tries every row THEN the server answers exactly as the matrix intends', () => {
    expect(run.checks).toBe(ACCESS_MATRIX.length * ROLES.length);
    console.log(`access matrix: ${run.checks} role x operation checks, ${run.mismatches.length} mismatches`);
    expect(run.mismatches.map((m) => m.message)).toEqual([]);
  });
});
