// Issue 11, item 3: a Vault Agent per service, proved with the real `bao agent`. The e2e config is
// applied to a real dev server (token TTLs shortened so renewal and re-login show within the test), the catalog is seeded, `credentials issue` writes each service's credentials
// (the control plane's response-wrapped), `agent config` writes each agent's config, and one
// agent process per service logs in, renders that service's secrets and keeps its token alive.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentSecretField, renderAgentConfig, serializeAgentConfig } from '../../cli/agent/agent-config';
import { SECRET_CATALOG, secretsOf } from '../../services/catalog';
import { cliRunner, CliRunner } from '../cli/support/run-cli';
import { startAgent, waitUntil, RunningAgent } from './support/agent-process';
import { DEV_ROOT_TOKEN, openE2eTarget, type E2eTarget } from './support/e2e-target';
import { randomSecretValue, seedCatalog, type SeededSecret } from './support/seed';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// Payment service: 8 s tokens, renewable for 10 min (renewal shows). Control plane: renewable for
// 20 s only, so its agent must log in again, with the secret ID it unwrapped from the spent token.
const SHORT_TTL_SECONDS = 8;
const TOKEN_TTLS: Record<string, { token_ttl: number; token_max_ttl: number }> = {
  'hoodcloud-payment-service': { token_ttl: SHORT_TTL_SECONDS, token_max_ttl: 600 },
  'hoodcloud-control-plane': { token_ttl: 5, token_max_ttl: 20 },
};
const INCIDENT = 'hoodcloud/control-plane/incident-notification';
const ORCHESTRATOR = 'hoodcloud/control-plane/orchestrator';

interface ServiceRun {
  readonly service: string;
  readonly role: string;
  readonly credentialsDir: string;
  readonly outDir: string;
  /** The control plane's secret ID is response-wrapped, and its optional secret rendered too. */
  readonly wrapped: boolean;
  /** What `credentials issue` wrote into secret_id (a wrapping token when wrapped). */
  secretIdFileContent?: string;
  agent?: RunningAgent;
  token?: string;
}

function shortenTokens(json: Record<string, unknown>): void {
  const roles = Object.values((json.resource as Record<string, Record<string, Record<string, unknown>>>).vault_approle_auth_backend_role);
  for (const [name, ttls] of Object.entries(TOKEN_TTLS)) {
    const role = roles.find((r) => r.role_name === name);
    if (!role) throw new Error(`no vault_approle_auth_backend_role named ${name} in the e2e config`);
    Object.assign(role, ttls);
  }
}

let target: E2eTarget;
let dir: string;
let cli: CliRunner;
let seeded: Map<string, Record<string, unknown>>;
const sensitive: string[] = [];
const runs: Record<'auth-server' | 'payment-service' | 'control-plane', ServiceRun> = {} as never;
const extraAgents: RunningAgent[] = [];

const read = (file: string) => fs.readFileSync(file, 'utf8');
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
const secretFile = (r: ServiceRun, logicalPath: string) => path.join(r.outDir, 'secrets', `${path.basename(logicalPath)}.json`);
const lookupSelf = (token: string) => target.root.raw<{ data?: Record<string, unknown> }>('GET', 'auth/token/lookup-self', { token });
const rendered = (r: ServiceRun) => secretsOf(r.service).filter((e) => e.required !== false || r.wrapped);

/** What the service's file for a secret must hold: every catalog field, optional ones absent as null. */
function expectedFile(logicalPath: string): Record<string, unknown> {
  const entry = SECRET_CATALOG.find((e) => e.path === logicalPath)!;
  const data = seeded.get(logicalPath)!;
  return Object.fromEntries(entry.fields.map((f) => [f.name, data[f.name] ?? null]));
}

beforeAll(async () => {
  target = await openE2eTarget({ forceFixture: true, mutate: shortenTokens });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-agent-'));
  seeded = new Map((await seedCatalog(target.root)).map((s: SeededSecret) => [s.path, s.data]));
  // The optional field `channel` left out, to see it rendered as null.
  const incident = { webhook_url: seeded.get(INCIDENT)!.webhook_url };
  await target.root.post(`secret/data/${INCIDENT}`, { options: { cas: 1 }, data: incident });
  seeded.set(INCIDENT, incident);
  // Object-valued fields, as `secrets seed` stores them (seedCatalog writes strings everywhere).
  const orchestrator = { terraform_env_vars: { TF_IN_AUTOMATION: 'true', TF_TOKEN: randomSecretValue('tf') }, provider_env_vars: { PROVIDER_KEY: randomSecretValue('provider') } };
  await target.root.post(`secret/data/${ORCHESTRATOR}`, { options: { cas: 1 }, data: orchestrator });
  seeded.set(ORCHESTRATOR, orchestrator);
  for (const data of seeded.values()) sensitive.push(...Object.values(data).flatMap((v) => (typeof v === 'object' && v ? Object.values(v) : [v])).map(String));

  cli = cliRunner({ VAULT_ADDR: target.address, VAULT_TOKEN: DEV_ROOT_TOKEN });
  for (const service of ['auth-server', 'payment-service', 'control-plane'] as const) {
    const wrapped = service === 'control-plane';
    const r: ServiceRun = { service, role: `hoodcloud-${service}`, credentialsDir: path.join(dir, service, 'credentials'), outDir: path.join(dir, service, 'agent'), wrapped };
    runs[service] = r;
    const issue = await cli.run(['credentials', 'issue', '--role', r.role, '--out-dir', r.credentialsDir, ...(wrapped ? ['--wrap-ttl', '5m'] : [])]);
    expect(issue.code).toBe(0);
    r.secretIdFileContent = read(path.join(r.credentialsDir, 'secret_id')).trim();
    sensitive.push(read(path.join(r.credentialsDir, 'role_id')).trim(), r.secretIdFileContent);
    const config = await cli.run([
      'agent', 'config', '--service', service, '--credentials-dir', r.credentialsDir, '--out-dir', r.outDir, '--render-interval', '2s',
      ...(wrapped ? ['--wrapped', '--include-optional'] : []),
    ]);
    expect({ service, code: config.code, stderr: config.stderr }).toEqual({ service, code: 0, stderr: expect.not.stringContaining('warning') });
  }
  for (const r of Object.values(runs)) r.agent = startAgent(path.join(r.outDir, 'agent.json'), path.join(dir, `${r.service}-agent.log`));
  for (const r of Object.values(runs)) {
    await waitUntil(`the ${r.service} agent rendered every secret`, () => rendered(r).every((e) => fs.existsSync(secretFile(r, e.path))), 30_000, r.agent);
    r.token = read(path.join(r.outDir, 'token')).trim();
    sensitive.push(r.token);
  }
});

afterAll(async () => {
  for (const a of [...Object.values(runs ?? {}).map((r) => r.agent), ...extraAgents]) await a?.stop();
  await target?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('GIVEN one real agent per service, configured by `agent config`', () => {
  test.each(['auth-server', 'payment-service', 'control-plane'] as const)('WHEN the %s agent has logged in THEN its sink (mode 0400) holds a live token of exactly its own policy', async (service) => {
    const r = runs[service];
    expect(mode(path.join(r.outDir, 'token'))).toBe('400');
    const self = await lookupSelf(r.token!);
    expect(self.status).toBe(200);
    expect(self.body.data?.policies).toEqual(['default', r.role]);
    expect(r.agent!.exitCode()).toBeUndefined();
  });

  test.each(['auth-server', 'payment-service', 'control-plane'] as const)('WHEN the %s agent has rendered THEN each owned secret is a 0400 JSON file in a 0700 directory with exactly the stored field values', (service) => {
    const r = runs[service];
    const secretsDir = path.join(r.outDir, 'secrets');
    expect(mode(secretsDir)).toBe('700');
    expect(fs.readdirSync(secretsDir).sort()).toEqual(rendered(r).map((e) => `${path.basename(e.path)}.json`).sort());
    for (const e of rendered(r)) {
      expect({ path: e.path, mode: mode(secretFile(r, e.path)) }).toEqual({ path: e.path, mode: '400' });
      expect(JSON.parse(read(secretFile(r, e.path)))).toEqual(expectedFile(e.path));
    }
  });

  test('WHEN the optional field of an optional secret is absent THEN it is rendered as null, not as "<no value>"', () => {
    expect(JSON.parse(read(secretFile(runs['control-plane'], INCIDENT)))).toEqual({ webhook_url: seeded.get(INCIDENT)!.webhook_url, channel: null });
  });

  test('WHEN a field holds a JSON object THEN it is rendered as that object, not as a string', () => {
    const file = JSON.parse(read(secretFile(runs['control-plane'], ORCHESTRATOR))) as Record<string, unknown>;
    expect(file.terraform_env_vars).toEqual(seeded.get(ORCHESTRATOR)!.terraform_env_vars);
    expect(typeof file.provider_env_vars).toBe('object');
  });

  test(`WHEN the payment service's ${SHORT_TTL_SECONDS}s token would have expired THEN the agent has renewed it: same token, same accessor, later expiry`, async () => {
    const r = runs['payment-service'];
    const first = (await lookupSelf(r.token!)).body.data!;
    expect(first.creation_ttl).toBe(SHORT_TTL_SECONDS);
    const originalExpiry = Date.parse(String(first.issue_time)) + SHORT_TTL_SECONDS * 1000;
    await new Promise((res) => setTimeout(res, Math.max(0, originalExpiry - Date.now()) + 4000));
    const later = await lookupSelf(r.token!);
    expect(later.status).toBe(200);
    expect(later.body.data!.accessor).toBe(first.accessor);
    expect(Date.parse(String(later.body.data!.expire_time))).toBeGreaterThan(originalExpiry);
    expect(later.body.data!.last_renewal_time).toBeTruthy();
    expect(read(path.join(r.outDir, 'token')).trim()).toBe(r.token);
    expect(r.agent!.log()).toContain('renewed auth token');
  });

  test('WHEN a service\'s token reads another service\'s secret THEN the server answers 403', async () => {
    const denied = await target.root.raw('GET', 'secret/data/hoodcloud/payment-service/nats', { token: runs['auth-server'].token! });
    expect(denied.status).toBe(403);
    const denied2 = await target.root.raw('GET', 'secret/data/hoodcloud/auth-server/jwt', { token: runs['payment-service'].token! });
    expect(denied2.status).toBe(403);
  });

  test('WHEN an agent logged in as the auth server is given a template for the payment service\'s secret THEN it renders nothing and exits 1 on the 403', async () => {
    const r = runs['auth-server'];
    const foreignDir = path.join(dir, 'foreign');
    fs.mkdirSync(foreignDir, { mode: 0o700 });
    const nats = secretsOf('payment-service').find((e) => e.path.endsWith('/nats'))!;
    const config = renderAgentConfig({
      service: 'auth-server',
      vault: { address: target.address, numRetries: 1 },
      approle: { mountPath: 'auth/approle', roleIdFile: path.join(r.credentialsDir, 'role_id'), secretIdFile: path.join(r.credentialsDir, 'secret_id') },
      sinkFile: path.join(foreignDir, 'token'),
      kvMount: 'secret',
      secrets: [{ path: nats.path, fields: nats.fields.map((f): AgentSecretField => ({ name: f.name, required: true })), destination: path.join(foreignDir, 'secrets', 'nats.json') }],
      fileMode: 0o400,
      staticSecretRenderIntervalSeconds: 2,
    });
    fs.writeFileSync(path.join(foreignDir, 'agent.json'), serializeAgentConfig(config));
    const agent = startAgent(path.join(foreignDir, 'agent.json'), path.join(dir, 'foreign-agent.log'));
    extraAgents.push(agent);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([agent.exited, new Promise<string>((res) => { timer = setTimeout(() => res('still running after 60s'), 60_000); })]);
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(fs.existsSync(path.join(foreignDir, 'secrets', 'nats.json'))).toBe(false);
    expect(agent.log()).toMatch(new RegExp(`vault\\.read\\(secret/data/${nats.path}\\)[\\s\\S]*Code: 403[\\s\\S]*permission denied`));
    sensitive.push(...(fs.existsSync(path.join(foreignDir, 'token')) ? [read(path.join(foreignDir, 'token')).trim()] : []));
  });

  test('WHEN a secret changes on the server THEN the agent re-renders the file within the render interval', async () => {
    const r = runs['auth-server'];
    const logical = 'hoodcloud/auth-server/database';
    const meta = await target.root.get(`secret/metadata/${logical}`);
    const next = { username: 'auth-rotated', password: `rotated-${Date.now()}-${Math.random().toString(36).slice(2)}` };
    sensitive.push(next.password);
    await target.root.post(`secret/data/${logical}`, { options: { cas: Number((meta.data as Record<string, unknown>).current_version) }, data: next });
    await waitUntil('database.json holds the new version', () => read(secretFile(r, logical)).includes(next.password), 20_000, r.agent);
    expect(JSON.parse(read(secretFile(r, logical)))).toEqual(next);
    expect(mode(secretFile(r, logical))).toBe('400');
  });

  test('WHEN the control plane agent started from a response-wrapped secret ID THEN it unwrapped it once, deleted the file and the wrapping token is spent', async () => {
    const r = runs['control-plane'];
    expect(fs.readdirSync(r.credentialsDir).sort()).toEqual(['role_id', 'secret_id_accessor']);
    const lookup = await target.root.raw('POST', 'sys/wrapping/lookup', { body: { token: r.secretIdFileContent } });
    expect(lookup.status).toBe(400);
    expect(r.agent!.log()).not.toContain('SECURITY: unable to validate wrapping token creation path');
  });

  test('WHEN the control plane token reaches its 20s max TTL THEN the agent logs in again with the secret ID it unwrapped (the file is gone) and sinks the new token', async () => {
    const r = runs['control-plane'];
    const sink = path.join(r.outDir, 'token');
    await waitUntil('the control plane agent wrote a new token', () => read(sink).trim() !== r.token, 40_000, r.agent);
    const fresh = read(sink).trim();
    sensitive.push(fresh);
    const self = await lookupSelf(fresh);
    expect(self.status).toBe(200);
    expect(self.body.data?.policies).toEqual(['default', r.role]);
    expect(fs.existsSync(path.join(r.credentialsDir, 'secret_id'))).toBe(false);
    expect(r.agent!.log()).not.toContain('error getting path or data from method');
    expect(r.agent!.exitCode()).toBeUndefined();
  });

  test('WHEN everything the CLI printed, the configs and the agent logs are read THEN no secret value, credential or token appears', () => {
    const configs = Object.values(runs).map((r) => read(path.join(r.outDir, 'agent.json')));
    const logs = [...Object.values(runs).map((r) => r.agent!.log()), ...extraAgents.map((a) => a.log())];
    const everything = [...cli.transcript, ...configs, ...logs].join('\n');
    expect(sensitive.length).toBeGreaterThan(20);
    for (const v of sensitive.filter((s) => s.length >= 8)) expect(everything).not.toContain(v);
  });
});
