// Issue 3, "done means": a broken policy makes the matrix fail with a message naming role, path
// and capability. A copy of the e2e config in which the payment service's policy also grants
// read on the control plane's secrets is applied to a separate real server (fixture always), and
// the matrix checker must report exactly those role/path/capability cells, and nothing else.
import { SECRET_CATALOG } from '../../services/catalog';
import { accessMatrix } from './access-matrix';
import { runAccessMatrix, type MatrixRun } from './support/matrix-checker';
import { openE2eTarget, type E2eTarget } from './support/e2e-target';

const BROKEN_ROLE = 'hoodcloud-payment-service';
const BROKEN_RULE = '\npath "secret/data/hoodcloud/control-plane/*" {\n  capabilities = ["read"]\n}\n';

function grantPaymentServiceControlPlaneRead(json: Record<string, unknown>): void {
  const policies = (json.resource as Record<string, Record<string, Record<string, unknown>>>).vault_policy;
  const target = Object.values(policies).find((p) => p.name === BROKEN_ROLE);
  if (!target) throw new Error(`no vault_policy named ${BROKEN_ROLE} in the e2e config`);
  target.policy = `${String(target.policy)}${BROKEN_RULE}`;
}

let target: E2eTarget;
let run: MatrixRun;
beforeAll(async () => {
  target = await openE2eTarget({ forceFixture: true, mutate: grantPaymentServiceControlPlaneRead });
  const matrix = accessMatrix(target.configJson);
  run = await runAccessMatrix(target.root, matrix.rows, matrix.roles);
});
afterAll(async () => { await target?.close(); });

describe('GIVEN the e2e config with the payment service also granted read on the control plane secrets', () => {
  test('WHEN the policy is read back THEN the server really holds the broken rule', async () => {
    const p = (await target.root.get(`sys/policies/acl/${BROKEN_ROLE}`)).data as Record<string, unknown>;
    expect(String(p.policy)).toContain('secret/data/hoodcloud/control-plane/*');
  });

  test('WHEN the matrix is checked THEN it fails on exactly those cells, naming role, path and capability', () => {
    const expected = SECRET_CATALOG.filter((e) => e.owner === 'control-plane').map((e) => `${BROKEN_ROLE} read secret/data/${e.path}`).sort();
    const reported = run.mismatches.map((m) => `${m.role} ${m.row.capabilities.join('+')} ${m.row.path}`).sort();
    expect(reported).toEqual(expected);
    for (const m of run.mismatches) {
      expect(m.message).toMatch(new RegExp(`^role ${BROKEN_ROLE} is ALLOWED read on secret/data/hoodcloud/control-plane/[a-z-]+ .*meant to be denied`));
      expect(m.capabilitiesSelf).toContain('read');
      expect(m.status).toBe(200);
    }
    console.log(`broken policy detected:\n${run.mismatches.map((m) => `  ${m.message}`).join('\n')}`);
  });
});
