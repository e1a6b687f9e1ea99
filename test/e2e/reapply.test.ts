// Issue 3, proof 7: re-applying the same configuration is a no-op, and everything holds again on
// a fresh server. Always uses the apply fixture (against terraform, the workflow proves the same
// with `terraform plan -detailed-exitcode` after deploy): apply, apply again with the first
// apply's state (plan-like read-back must find zero changes), then apply to a second, fresh
// server and run the least-privilege matrix on both.
import { accessMatrix } from './access-matrix';
import { applyConfig, describeReport, type ApplyReport } from './support/apply-config';
import { runAccessMatrix } from './support/matrix-checker';
import { openE2eTarget, type E2eTarget } from './support/e2e-target';

let first: E2eTarget;
let fresh: E2eTarget;
let second: ApplyReport;
beforeAll(async () => {
  first = await openE2eTarget({ forceFixture: true });
  second = await applyConfig(first.root, first.configJson, { state: first.applyReport!.state });
  fresh = await openE2eTarget({ forceFixture: true });
});
afterAll(async () => {
  await first?.close();
  await fresh?.close();
});

describe('GIVEN the e2e config applied once by the fixture', () => {
  test('WHEN the first apply ran THEN it created every object, imported the dev-mode secret/ mount and left no drift', () => {
    const report = first.applyReport!;
    console.log(`first apply:\n${describeReport(report)}`);
    expect(report.resources.filter((r) => r.action === 'import' || r.action === 'import+update').map((r) => r.id)).toEqual(['secret']);
    expect(report.resources.filter((r) => r.action === 'create')).toHaveLength(report.resources.length - 1);
    expect(report.resources.flatMap((r) => r.driftAfterApply.map((d) => `${r.address}.${d.attribute}: ${JSON.stringify(d.from)} != ${JSON.stringify(d.to)}`))).toEqual([]);
  });

  test('WHEN the same config is applied again THEN the plan finds zero changes and nothing is written', () => {
    console.log(`second apply:\n${describeReport(second)}`);
    expect(second.resources.filter((r) => r.action !== 'no-op').map((r) => `${r.action} ${r.address}: ${r.changes.map((c) => c.attribute).join(', ')}`)).toEqual([]);
    expect(second.changeCount).toBe(0);
    const writes = second.calls.filter((c) => !/^(GET|LIST) /.test(c) && c !== 'POST auth/token/create');
    expect(writes).toEqual([]);
  });

  test('WHEN the config is applied to a fresh server THEN it applies the same way and the access matrix passes on both servers', async () => {
    expect(fresh.applyReport!.resources.map((r) => `${r.action} ${r.address}`)).toEqual(first.applyReport!.resources.map((r) => `${r.action} ${r.address}`));
    const matrix = accessMatrix(first.configJson);
    const [a, b] = [await runAccessMatrix(first.root, matrix.rows, matrix.roles), await runAccessMatrix(fresh.root, matrix.rows, matrix.roles)];
    expect({ reapplied: a.mismatches.map((m) => m.message), fresh: b.mismatches.map((m) => m.message) }).toEqual({ reapplied: [], fresh: [] });
  });
});
