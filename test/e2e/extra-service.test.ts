// "A new engineer adds a service by writing its registry entry and policy file and every tool
// picks it up, the matrix included." This file adds `billing-worker` to the service registry (the
// registry module is replaced by the real list plus one entry, and nothing else is touched), then
// runs it through synth, the settings variables, the catalog, the review, the CLI and the access
// matrix on a real server.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prodOverrides } from '../../stacks/settings';
import { roleNames, SECRET_CATALOG } from '../../services/catalog';
import { SERVICES } from '../../services/registry';
import { review } from '../../review/diff';
import { loadSynthOutput } from '../../review/stack-loader';
import { accessMatrix } from './access-matrix';
import { runAccessMatrix } from './support/matrix-checker';
import { openE2eTarget, type E2eTarget } from './support/e2e-target';
import { cliRunner } from '../cli/support/run-cli';
import { synthesizeApp } from '../../stacks/hoodcloud-app';
import { ENVIRONMENTS } from '../../stacks/environments';

vi.mock('../../services/registry', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../services/registry')>();
  const { defineService } = await import('../../services/service-definition');
  const { databaseSecret } = await import('../../secrets-catalog/secret-entry');
  const { billingWorkerPolicy } = await import('./support/extra-service/billing-worker-policy');
  const billing = defineService({
    id: 'billing-worker',
    description: 'the billing worker',
    policy: billingWorkerPolicy,
    intent: { readsOwnSecrets: true, masterKeyOperations: ['encrypt', 'decrypt'], operator: false },
    secrets: [databaseSecret('billing-worker'), { name: 'ledger', description: 'ledger API key', fields: [{ name: 'api_key', kind: 'random-string', description: 'ledger API key' }] }],
  });
  // Before the operators' entry, as a new engineer would add it.
  return { SERVICES: [...real.SERVICES.slice(0, -1), billing, ...real.SERVICES.slice(-1)] };
});

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ROLE = 'hoodcloud-billing-worker';
let target: E2eTarget;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-extra-service-'));
  target = await openE2eTarget({ forceFixture: true, synthesizeHere: true });
});
afterAll(async () => {
  await target?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('GIVEN a fifth service added through its registry entry and policy file only', () => {
  test('WHEN the registry is read THEN the role, its settings variable and its catalog entries are derived', () => {
    expect(SERVICES.map((s) => s.id)).toContain('billing-worker');
    expect(roleNames()).toContain(ROLE);
    expect(Object.keys(prodOverrides())).toContain('HOODCLOUD_BILLING_WORKER_CIDRS');
    expect(SECRET_CATALOG.filter((e) => e.owner === 'billing-worker').map((e) => e.path)).toEqual(['hoodcloud/billing-worker/database', 'hoodcloud/billing-worker/ledger']);
  });

  test('WHEN every environment is synthesized THEN each config stack has its role bound to CIDRs and its own policy', () => {
    const out = path.join(scratch, 'synth');
    synthesizeApp({ outdir: out, environments: ENVIRONMENTS });
    for (const env of ['dev', 'e2e', 'prod']) {
      const json = JSON.parse(fs.readFileSync(path.join(out, 'stacks', `${env}-config`, 'cdk.tf.json'), 'utf8'));
      const role = Object.values(json.resource.vault_approle_auth_backend_role as Record<string, Record<string, unknown>>).find((r) => r.role_name === ROLE);
      expect(role).toMatchObject({ secret_id_bound_cidrs: expect.arrayContaining([expect.stringMatching(/\/\d+$/)]) });
      const policy = Object.values(json.resource.vault_policy as Record<string, Record<string, unknown>>).find((p) => p.name === ROLE);
      expect(String(policy?.policy)).toContain('path "secret/data/hoodcloud/billing-worker/*"');
    }
  });

  test('WHEN a pull request widens the new role THEN the review reports its access change', () => {
    const base = path.join(scratch, 'base');
    const head = path.join(scratch, 'head');
    synthesizeApp({ outdir: base, environments: ENVIRONMENTS });
    fs.cpSync(base, head, { recursive: true });
    const file = path.join(head, 'stacks', 'prod-config', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const policy = Object.values(json.resource.vault_policy as Record<string, Record<string, unknown>>).find((p) => p.name === ROLE)!;
    policy.policy = `${String(policy.policy)}\npath "secret/data/hoodcloud/payment-service/*" {\n  capabilities = ["read"]\n}\n`;
    fs.writeFileSync(file, JSON.stringify(json));
    const result = review(loadSynthOutput(base, '--base'), loadSynthOutput(head, '--head'));
    const prod = result.environments.find((e) => e.environment === 'prod')!;
    const change = prod.access.find((a) => a.role === ROLE);
    expect(change?.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['secret/data/hoodcloud/payment-service/nats']));
  });

  test('WHEN the CLI seeds, checks and issues credentials THEN the new service is covered', async () => {
    const cli = cliRunner({ VAULT_ADDR: target.address, VAULT_TOKEN: 'dev-token' });
    const seed = await cli.run(['secrets', 'seed', '--env', 'e2e', '--rsa-bits', '2048', '--force']);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain('hoodcloud/billing-worker/ledger');
    const check = await cli.run(['secrets', 'check', '--service', 'billing-worker']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('billing-worker: ok');
    const issue = await cli.run(['credentials', 'issue', '--role', ROLE, '--out-dir', path.join(scratch, 'billing-creds')]);
    expect(issue.code).toBe(0);
  });

  test('WHEN the access matrix runs on the real server THEN it covers the new role, with its declared intent, and finds no mismatch', async () => {
    const matrix = accessMatrix(target.configJson);
    expect(matrix.roles).toContain(ROLE);
    expect(matrix.rows.find((r) => r.operation === 'encrypt with the master key')?.allowed).toContain(ROLE);
    expect(matrix.rows.find((r) => r.operation === 'generate a data key (plaintext copy)')?.allowed).not.toContain(ROLE);
    const run = await runAccessMatrix(target.root, matrix.rows, matrix.roles);
    expect(run.checks).toBe(matrix.rows.length * matrix.roles.length);
    expect(run.mismatches.map((m) => m.message)).toEqual([]);
  });
});
