// Least privilege. Every row of the matrix (test/e2e/access-matrix.ts: every secret path of the
// catalog, listings, every operation on the master key, a few system paths) is checked for every
// role of the applied configuration by an actual request AND sys/capabilities-self, from the
// role's own token. The roles come from the configuration; their intent from the service registry.
import { SECRET_CATALOG } from '../../services/catalog';
import { SERVICES } from '../../services/registry';
import { defineService } from '../../services/service-definition';
import { accessMatrix, configuredRoles, type AccessMatrix } from './access-matrix';
import { runAccessMatrix, type MatrixRun } from './support/matrix-checker';
import { openE2eTarget, describeTarget, type E2eTarget } from './support/e2e-target';

let target: E2eTarget;
let matrix: AccessMatrix;
let run: MatrixRun;
beforeAll(async () => {
  target = await openE2eTarget();
  console.log(`e2e target — ${describeTarget(target)}`);
  matrix = accessMatrix(target.configJson);
  run = await runAccessMatrix(target.root, matrix.rows, matrix.roles);
});
afterAll(async () => { await target?.close(); });

describe('GIVEN the least-privilege matrix and the e2e config applied to a real server', () => {
  test('WHEN the matrix is built THEN its roles are exactly the roles the configuration declares', () => {
    expect(matrix.roles).toEqual(configuredRoles(target.configJson));
    expect(matrix.roles.length).toBe(SERVICES.length);
  });

  test('WHEN the matrix is read THEN it covers every catalog path and grants and denies something to every role', () => {
    for (const entry of SECRET_CATALOG) expect(matrix.rows.some((r) => r.path === `secret/data/${entry.path}`)).toBe(true);
    for (const role of matrix.roles) {
      expect({ role, allowedSomewhere: matrix.rows.some((r) => r.allowed.includes(role)) }).toEqual({ role, allowedSomewhere: true });
      expect({ role, deniedSomewhere: matrix.rows.some((r) => !r.allowed.includes(role)) }).toEqual({ role, deniedSomewhere: true });
    }
  });

  test('WHEN every role tries every row THEN the server answers exactly as the matrix intends', () => {
    expect(run.checks).toBe(matrix.rows.length * matrix.roles.length);
    console.log(`access matrix: ${run.checks} role x operation checks, ${run.mismatches.length} mismatches`);
    expect(run.mismatches.map((m) => m.message)).toEqual([]);
  });

  test('WHEN the configuration declares a role the registry does not know THEN the matrix refuses to run (no declared intent)', () => {
    const json = structuredClone(target.configJson) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    json.resource.vault_approle_auth_backend_role.extra = { role_name: 'hoodcloud-unregistered' };
    expect(() => accessMatrix(json)).toThrow('the configuration declares role hoodcloud-unregistered, which has no entry in the service registry');
    // Near miss: the same role with a registry entry is covered.
    const registered = [...SERVICES, defineService({ id: 'unregistered', description: 'x', policy: SERVICES[1].policy, intent: { readsOwnSecrets: true, masterKeyOperations: [], operator: false } })];
    expect(accessMatrix(json, registered).roles).toContain('hoodcloud-unregistered');
  });
});
