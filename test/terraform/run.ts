// `npm run test:terraform`: the synthesized stacks judged by real Terraform and the real providers,
// against real OpenBao servers run from the server stacks' own container declarations.
//
//  1. synthesizes in a scratch copy of the project (state and cdktf.out never touch the checkout);
//  2. `terraform init` finds the providers wherever Terraform finds them (the registry, or a
//     filesystem mirror named by TF_CLI_CONFIG_FILE); without them it says so and exits 2;
//  3. checks every synthesized resource against `terraform providers schema -json`;
//  4. dev and e2e: runs the server stack's container, `cdktf deploy <env>-config` as README shows
//     it for a running server, requires 0 provider warnings and `plan -detailed-exitcode` = 0;
//     On dev, `npm run dev -- --server-running` then runs twice (deploy, seed, credentials; then
//     everything kept) and dev-config re-plans 0;
//     e2e also: what Terraform replaces, from the real providers: every settable attribute of every
//     e2e-config resource (and its address) changed alone and planned against the applied state,
//     and prod-server's the same against a synthetic state, each compared with the review's
//     classification (replacement-step.ts); the review's --plan fed real plans;
//  5. runs the e2e suite against the terraform-applied e2e server;
//  6. compares the (operation, path) requests of the real provider with the apply fixture's, both
//     read from the server's audit log, for every config stack;
//  7. the production path: prod-server's container (TLS, raft), the bootstrap ceremony, prod-config
//     deployed as hoodcloud-admin, re-plan 0, `secrets seed` and `check`, `credentials issue` and a
//     login per role.
// Figures are printed; the exit code is 0 only when every check held.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { bootstrapService, SECRET_CATALOG, workloadServices } from '../../services/catalog';
import { applyConfig } from '../e2e/support/apply-config';
import { makeTestTls } from '../cli/support/tls';
import { findServerBinary, serverBinaryVersion } from '../support/vault-server';
import { findTerraform } from '../support/terraform';
import { auditRequests, compareRequests, type AuditRequest } from './audit-requests';
import { checkNamespaceSupport, containerSpec, runContainer, type ContainerServer } from './container-server';
import { copyProject } from './scratch-project';
import { PROJECT_ROOT } from '../support/project';
import { checkStackAgainstSchema, type ProvidersSchema } from './schema-check';
import { countWarnings, planDetailed, run, type CommandResult } from './terraform-runs';
import { dockerReplacements, vaultReplacements, type StepContext } from './replacement-step';

type Json = Record<string, unknown>;

const DEV_TOKEN = 'dev-token';
const BOOTSTRAP_ADMIN_ROLE = bootstrapService().roleName;
/** Production on a loopback address of its own, so its API and cluster ports never meet dev's (8200) and e2e's (8201). */
const PROD_IP = '127.0.0.3';
const OPENBAO_API_AUDIT = { 'zz-openbao-api-audit.hcl': 'unsafe_allow_api_audit_creation = true\n' };

const failures: string[] = [];
const figures: string[] = [];
const knownSecrets = new Set<string>([DEV_TOKEN]);
const running: ContainerServer[] = [];

function check(ok: boolean, message: string): void {
  if (!ok) failures.push(message);
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
}
function section(title: string): void {
  console.log(`\n== ${title}`);
}

/** The environment of every child process: the user's PATH and Terraform CLI config, no Vault client settings. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', FORCE_COLOR: '0', NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (/^(VAULT|BAO|HOODCLOUD)_/.test(k)) delete env[k];
  return env;
}

/** A filesystem mirror cannot answer `terraform providers lock`, which `cdktf deploy` runs unless told to skip it. */
function cliConfigHasFilesystemMirror(): boolean {
  const file = process.env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), '.terraformrc');
  return fs.existsSync(file) && /filesystem_mirror/.test(fs.readFileSync(file, 'utf8'));
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

async function main(): Promise<number> {
  const terraform = findTerraform();
  const bao = findServerBinary();
  checkNamespaceSupport();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-test-terraform-'));
  console.log(`terraform ${terraform.version}; server ${serverBinaryVersion(bao)}; scratch ${scratch}`);
  const project = copyProject(path.join(scratch, 'project'));
  const stackDir = (stack: string) => path.join(project, 'cdktf.out', 'stacks', stack);
  const stackJson = (stack: string) => readJson(path.join(stackDir(stack), 'cdk.tf.json'));
  const tls = makeTestTls(path.join(scratch, 'tls'), [PROD_IP]);
  const synthEnv = { HOODCLOUD_VAULT_ADDR: `https://${PROD_IP}:8200`, HOODCLOUD_VAULT_NODES: `hoodcloud-vault-1=${PROD_IP}`, VAULT_TLS_CERT_FILE: tls.certFile, VAULT_TLS_KEY_FILE: tls.keyFile };
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...baseEnv(), ...synthEnv, ...extra });
  const skipLock = cliConfigHasFilesystemMirror() ? ['--skip-provider-lock'] : [];

  section('synth');
  const synth = await run('npx', ['tsx', 'main.ts'], { cwd: project, env: env() });
  if (synth.exitCode !== 0) throw new Error(`synth failed:\n${synth.output}`);
  const stacks = fs.readdirSync(path.join(project, 'cdktf.out', 'stacks')).sort();
  console.log(`  ${stacks.length} stacks: ${stacks.join(', ')} (${synth.ms} ms)`);

  section('providers and their schemas (terraform init, terraform providers schema -json)');
  const schema = await providerSchemas(terraform.path, scratch, stacks.map((s) => path.join(stackDir(s), 'cdk.tf.json')));
  for (const s of stacks) {
    const problems = checkStackAgainstSchema(stackJson(s), schema);
    const count = Object.values((stackJson(s).resource ?? {}) as Record<string, Json>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    check(problems.length === 0, `${s}: ${count} resources against the provider schema${problems.length ? `:\n      ${problems.join('\n      ')}` : ''}`);
  }

  const replacements: StepContext = { terraform: terraform.path, dir: path.join(scratch, 'replacements'), schema, env: baseEnv(), check, figures };
  section('what Terraform replaces (docker provider): single changes of prod-server planned against a synthetic state, compared with the review');
  await dockerReplacements(replacements, 'prod-server', stackJson('prod-server'));

  // dev and e2e: a dev-mode server from each server stack, then the config stack deployed onto it.
  const configSets = new Map<string, Set<AuditRequest>>();
  let e2eServer: ContainerServer | undefined;
  for (const envName of ['dev', 'e2e']) {
    section(`${envName}: ${envName}-server's container, then cdktf deploy ${envName}-config`);
    const address = String(((stackJson(`${envName}-config`).provider as Json).vault as Json[])[0].address);
    const server = await startContainer(stackJson(`${envName}-server`), path.join(scratch, `${envName}-server`), address);
    const auditLog = server.hostPathOf(declaredAuditPath(stackJson(`${envName}-config`)));
    const deployed = await deploy(project, `${envName}-config`, env({ VAULT_TOKEN: DEV_TOKEN }), skipLock);
    const plan = await planDetailed(terraform.path, stackDir(`${envName}-config`), env({ VAULT_TOKEN: DEV_TOKEN }));
    check(plan.exitCode === 0, `${envName}-config: re-plan exit ${plan.exitCode} (0 = no changes)${plan.changes.length ? `; planned: ${plan.changes.join(', ')}` : ''}`);
    check(plan.warnings.length === 0, `${envName}-config: ${plan.warnings.length} provider warning(s) on re-plan${plan.warnings.length ? `: ${plan.warnings.join('; ')}` : ''}`);
    checkStateHoldsNoSecret(path.join(project, `terraform.${envName}-config.tfstate`));
    configSets.set(`${envName}-config`, auditRequests(fs.readFileSync(auditLog, 'utf8')));
    figures.push(`${envName}-config: ${deployed.summary}; ${deployed.warnings} warning(s); re-plan exit ${plan.exitCode}; deploy ${deployed.ms} ms`);
    if (envName === 'dev') await devCommand(project, scratch, terraform.path, stackDir('dev-config'), env, skipLock);
    if (envName === 'e2e') {
      section('what Terraform replaces (vault provider): single changes of e2e-config planned against its applied state, compared with the review');
      await vaultReplacements({ ...replacements, env: env({ VAULT_TOKEN: DEV_TOKEN }) }, 'e2e-config', stackJson('e2e-config'), path.join(project, 'terraform.e2e-config.tfstate'));
    }
    if (envName === 'e2e') e2eServer = server;
    else await stopContainer(server);
  }

  section('e2e suite against the terraform-applied e2e server');
  const e2eAudit = e2eServer!.hostPathOf(declaredAuditPath(stackJson('e2e-config')));
  // One file at a time against the one server: 11 to 12 minutes on 2 cores, so well past run()'s 10-minute default.
  const suite = await run('npx', ['vitest', 'run', '--project', 'e2e', '--no-file-parallelism'], {
    cwd: PROJECT_ROOT,
    timeoutMs: 40 * 60_000,
    env: {
      ...baseEnv(),
      HOODCLOUD_E2E_TARGET: 'terraform-applied',
      VAULT_ADDR: 'http://127.0.0.1:8201',
      VAULT_TOKEN: DEV_TOKEN,
      HOODCLOUD_E2E_AUDIT_LOG: e2eAudit,
      HOODCLOUD_E2E_CONFIG_JSON: path.join(stackDir('e2e-config'), 'cdk.tf.json'),
    },
  });
  const tests = suite.output.split('\n').find((l) => /^\s*Tests\s/.test(l))?.trim().replace(/\s+/g, ' ') ?? '(no summary)';
  const stopped = suite.timedOutAfterMs ? `; stopped after ${suite.timedOutAfterMs / 60_000} min` : '';
  const why = suite.exitCode ? `\n${suite.output.split('\n').filter((l) => /FAIL|×|Unhandled|Error:/.test(l)).slice(0, 20).join('\n')}` : '';
  check(suite.exitCode === 0, `e2e suite (HOODCLOUD_E2E_TARGET=terraform-applied): ${tests}, exit ${suite.exitCode}${stopped}${why}`);
  figures.push(`e2e suite on the terraform-applied server: ${tests} (${suite.ms} ms)`);
  await stopContainer(e2eServer!);

  section('the apply fixture against the real provider: requests in the audit log');
  for (const envName of ['dev', 'e2e']) {
    const address = String(((stackJson(`${envName}-config`).provider as Json).vault as Json[])[0].address);
    const server = await startContainer(stackJson(`${envName}-server`), path.join(scratch, `${envName}-fixture`), address);
    const json = stackJson(`${envName}-config`);
    const first = await applyConfig(server.client(DEV_TOKEN), json);
    await applyConfig(server.client(DEV_TOKEN), json, { state: first.state });
    const fixture = auditRequests(fs.readFileSync(server.hostPathOf(declaredAuditPath(json)), 'utf8'));
    await stopContainer(server);
    reportComparison(`${envName}-config`, configSets.get(`${envName}-config`)!, fixture);
  }

  await productionPath({ terraform: terraform.path, project, scratch, stackDir, stackJson, env, skipLock, caPem: tls.caPem, caFile: tls.caFile });

  section('figures');
  for (const f of figures) console.log(`  ${f}`);
  section(failures.length === 0 ? 'all checks held' : `${failures.length} check(s) failed`);
  for (const f of failures) console.log(`  - ${f.split('\n')[0]}`);
  if (failures.length === 0) fs.rmSync(scratch, { recursive: true, force: true });
  else console.log(`  scratch kept for inspection: ${scratch} (test servers' shares and credentials only)`);
  return failures.length === 0 ? 0 : 1;
}

async function startContainer(serverStack: Json, dir: string, address: string, caPem?: string): Promise<ContainerServer> {
  const spec = containerSpec(serverStack);
  // OpenBao only: the hashicorp/vault image the stacks pin creates audit devices through the API without it.
  const extra = findServerBinary().flavour === 'openbao' ? OPENBAO_API_AUDIT : {};
  const server = await runContainer(spec, { dir, address, caPem, extraConfigFiles: extra });
  running.push(server);
  console.log(`  container ${spec.name}: ${spec.command.join(' ')} (${spec.networkMode} network) answering on ${address}`);
  return server;
}

async function stopContainer(server: ContainerServer): Promise<void> {
  await server.stop();
  running.splice(running.indexOf(server), 1);
}

function declaredAuditPath(configStack: Json): string {
  const audits = Object.values(((configStack.resource as Json).vault_audit ?? {}) as Record<string, Json>);
  return String((audits[0].options as Json).file_path);
}

async function providerSchemas(terraform: string, scratch: string, stackFiles: readonly string[]): Promise<ProvidersSchema> {
  const merged: Record<string, unknown> = {};
  const bySources = new Map<string, string>();
  for (const file of stackFiles) {
    const required = JSON.stringify(((readJson(file).terraform as Json).required_providers ?? {}));
    if (!bySources.has(required)) bySources.set(required, file);
  }
  for (const [required, file] of bySources) {
    const dir = fs.mkdtempSync(path.join(scratch, 'init-'));
    fs.copyFileSync(file, path.join(dir, 'cdk.tf.json'));
    const init = await run(terraform, ['init', '-input=false', '-no-color'], { cwd: dir, env: baseEnv() });
    if (init.exitCode !== 0) {
      throw new NoProviderError(
        `terraform init could not install the providers ${required}:\n${init.output.trim()}\n\n` +
          'With registry access Terraform downloads them itself. Without it, name a filesystem mirror that holds them in the Terraform CLI config (TF_CLI_CONFIG_FILE):\n' +
          '  provider_installation { filesystem_mirror { path = "<dir>" include = ["registry.terraform.io/hashicorp/vault", "registry.terraform.io/kreuzwerker/docker"] } }',
      );
    }
    const schema = await run(terraform, ['providers', 'schema', '-json'], { cwd: dir, env: baseEnv() });
    if (schema.exitCode !== 0) throw new Error(`terraform providers schema -json failed:\n${schema.output}`);
    Object.assign(merged, (JSON.parse(schema.output) as ProvidersSchema).provider_schemas);
    console.log(`  ${Object.keys((JSON.parse(schema.output) as ProvidersSchema).provider_schemas).join(', ')}: installed and read`);
  }
  return { provider_schemas: merged as ProvidersSchema['provider_schemas'] };
}

class NoProviderError extends Error {}

interface Deployed extends CommandResult {
  readonly summary: string;
  readonly warnings: number;
}

/** `cdktf deploy <stack>` exactly as README shows it for a server that already runs, approved non-interactively. */
async function deploy(project: string, stack: string, env: NodeJS.ProcessEnv, skipLock: readonly string[]): Promise<Deployed> {
  const args = ['cdktf', 'deploy', stack, '--ignore-missing-stack-dependencies', '--auto-approve', ...skipLock];
  const result = await run('npx', args, { cwd: project, env });
  const summary = /Apply complete! Resources: ([^.]+)\./.exec(result.output)?.[1] ?? 'no apply summary';
  const warnings = countWarnings(result.output);
  check(result.exitCode === 0, `npx ${args.join(' ')}: exit ${result.exitCode}; ${summary}${result.exitCode ? `\n${result.output.split('\n').slice(-30).join('\n')}` : ''}`);
  const shown = result.output.split('\n').flatMap((l, i, all) => (l.includes('Warning: ') && !l.includes('Incomplete lock file information') ? [all.slice(i, i + 4).map((x) => x.trim()).filter((x) => x).join(' ')] : []));
  check(warnings === 0, `${stack}: ${warnings} provider warning(s) during deploy${shown.length ? `:\n      ${shown.join('\n      ')}` : ''}`);
  return { ...result, summary, warnings };
}

/**
 * `npm run dev` on the server dev-server's container runs (--server-running: no Docker here), twice:
 * the first run deploys dev-config (no changes), seeds and issues; the second keeps everything.
 */
async function devCommand(project: string, scratch: string, terraform: string, configDir: string, env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv, skipLock: readonly string[]): Promise<void> {
  const outDir = path.join(scratch, 'dev-credentials');
  const args = ['run', 'dev', '--', '--server-running', '--out-dir', outDir, ...skipLock];
  const services = workloadServices();
  for (const [i, expected] of [[1, `${SECRET_CATALOG.length} written, 0 kept`], [2, `0 written, ${SECRET_CATALOG.length} kept`]] as const) {
    const result = await run('npm', args, { cwd: project, env: env() });
    const summary = result.output.split('\n').find((l) => l.startsWith('secrets: ')) ?? '(no summary)';
    const creds = result.output.split('\n').find((l) => l.startsWith('credentials: ')) ?? '(no summary)';
    check(result.exitCode === 0 && summary === `secrets: ${expected}`, `npm ${args.join(' ')} (run ${i}): exit ${result.exitCode}; ${summary}; ${creds}${result.exitCode ? `\n${result.output.split('\n').slice(-30).join('\n')}` : ''}`);
    if (i === 2) check(creds === `credentials: ${services.map((s) => `${s.id} kept`).join(', ')}`, `npm run dev again keeps every service's credentials (${creds})`);
    for (const s of services) {
      const secretIdFile = path.join(outDir, s.id, 'secret_id');
      if (fs.existsSync(secretIdFile)) knownSecrets.add(fs.readFileSync(secretIdFile, 'utf8').trim());
    }
    figures.push(`npm run dev (run ${i}, dev-config via cdktf deploy): ${summary}; ${creds} (${result.ms} ms)`);
  }
  const plan = await planDetailed(terraform, configDir, env({ VAULT_TOKEN: DEV_TOKEN }));
  check(plan.exitCode === 0, `dev-config after npm run dev: re-plan exit ${plan.exitCode} (0 = no changes)`);
  checkStateHoldsNoSecret(path.join(project, 'terraform.dev-config.tfstate'));
}

/** No known secret (dev token, shares, tokens, secret IDs, secret values) in a Terraform state file. */
function checkStateHoldsNoSecret(stateFile: string): void {
  const text = fs.readFileSync(stateFile, 'utf8');
  const leaked = [...knownSecrets].filter((s) => s.length >= 8 ? text.includes(s) : text.includes(`"${s}"`));
  const patterns = [/"secret_id"\s*:/, /hvs\.|\bs\.[A-Za-z0-9]{24}/, /BEGIN [A-Z ]*PRIVATE KEY/];
  const matched = patterns.filter((p) => p.test(text)).map(String);
  check(leaked.length === 0 && matched.length === 0, `${path.basename(stateFile)} holds no token, secret ID, share or key${leaked.length + matched.length ? ` (found ${leaked.length} known secret(s), patterns ${matched.join(', ')})` : ''}`);
}

function reportComparison(stack: string, provider: ReadonlySet<AuditRequest>, fixture: ReadonlySet<AuditRequest>): void {
  const diff = compareRequests(provider, fixture);
  const same = diff.onlyProvider.length === 0 && diff.onlyFixture.length === 0;
  check(same, `${stack}: ${provider.size} distinct requests by the real provider, ${fixture.size} by the fixture${same ? ', the same set' : ''}`);
  for (const r of diff.onlyProvider) console.log(`        only the provider: ${r}`);
  for (const r of diff.onlyFixture) console.log(`        only the fixture:  ${r}`);
  figures.push(`${stack}: provider and fixture requests ${same ? 'match' : `differ (${diff.onlyProvider.length} only provider, ${diff.onlyFixture.length} only fixture)`} (${provider.size} distinct)`);
}

interface ProdContext {
  readonly terraform: string;
  readonly project: string;
  readonly scratch: string;
  readonly stackDir: (stack: string) => string;
  readonly stackJson: (stack: string) => Json;
  readonly env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  readonly skipLock: readonly string[];
  readonly caPem: string;
  readonly caFile: string;
}

const read = (f: string) => fs.readFileSync(f, 'utf8').trim();

/** The ceremony on a fresh prod server; returns the admin token file and the ceremony directory. */
async function ceremony(ctx: ProdContext, server: ContainerServer, name: string): Promise<{ dir: string; tokenFile: string }> {
  const cliEnv = ctx.env({ VAULT_ADDR: `https://${PROD_IP}:8200`, VAULT_CACERT: ctx.caFile });
  const dir = path.join(ctx.scratch, name);
  const boot = await run('npx', ['tsx', 'cli/main.ts', 'bootstrap', '--out-dir', dir], { cwd: ctx.project, env: cliEnv });
  check(boot.exitCode === 0, `${name}: ops bootstrap exit ${boot.exitCode}${boot.exitCode ? `\n${boot.output}` : ''}`);
  for (let i = 1; i <= 5; i++) knownSecrets.add(read(path.join(dir, `unseal-share-${i}`)));
  knownSecrets.add(read(path.join(dir, 'admin', 'secret_id')));
  const tokenFile = path.join(ctx.scratch, `${name}.token`);
  const login = await run('npx', ['tsx', 'cli/main.ts', 'login', '--approle-dir', path.join(dir, 'admin'), '--token-out', tokenFile], { cwd: ctx.project, env: cliEnv });
  check(login.exitCode === 0, `${name}: ops login as ${BOOTSTRAP_ADMIN_ROLE} exit ${login.exitCode}${login.exitCode ? `\n${login.output}` : ''}`);
  knownSecrets.add(read(tokenFile));
  void server;
  return { dir, tokenFile };
}

async function productionPath(ctx: ProdContext): Promise<void> {
  section(`production: prod-server's container (TLS, raft) on ${PROD_IP}, bootstrap, cdktf deploy prod-config as ${BOOTSTRAP_ADMIN_ROLE}`);
  const address = `https://${PROD_IP}:8200`;
  const cliEnv = ctx.env({ VAULT_ADDR: address, VAULT_CACERT: ctx.caFile });
  const server = await startContainer(ctx.stackJson('prod-server'), path.join(ctx.scratch, 'prod-server'), address, ctx.caPem);
  const auditLog = server.hostPathOf(declaredAuditPath(ctx.stackJson('prod-config')));
  const { dir, tokenFile } = await ceremony(ctx, server, 'ceremony');
  const before = fs.statSync(auditLog).size;
  const tfEnv = ctx.env({ VAULT_TOKEN: read(tokenFile), VAULT_CACERT: ctx.caFile });
  const deployed = await deploy(ctx.project, 'prod-config', tfEnv, ctx.skipLock);
  const plan = await planDetailed(ctx.terraform, ctx.stackDir('prod-config'), tfEnv);
  check(plan.exitCode === 0, `prod-config: re-plan exit ${plan.exitCode} as ${BOOTSTRAP_ADMIN_ROLE}${plan.changes.length ? `; planned: ${plan.changes.join(', ')}` : ''}${plan.exitCode === 1 ? `\n${plan.output.slice(-2000)}` : ''}`);
  check(plan.warnings.length === 0, `prod-config: ${plan.warnings.length} provider warning(s) on re-plan`);
  const terraformSet = auditRequests(fs.readFileSync(auditLog, 'utf8'), before);
  figures.push(`prod-config: ${deployed.summary}; ${deployed.warnings} warning(s); re-plan exit ${plan.exitCode}; deploy ${deployed.ms} ms`);

  const admin = ['--approle-dir', path.join(dir, 'admin')];
  const seed = await run('npx', ['tsx', 'cli/main.ts', 'secrets', 'seed', '--env', 'prod', ...admin], { cwd: ctx.project, env: cliEnv });
  check(seed.exitCode === 0, `ops secrets seed --env prod (generated fields): exit ${seed.exitCode}`);
  const values: Record<string, Record<string, unknown>> = {};
  const toSupply = /must be supplied[^\n]*\n((?: {2}\S+: [^\n]+\n?)+)/.exec(seed.output)?.[1] ?? '';
  for (const line of toSupply.split('\n').filter((l) => l.trim() !== '')) {
    const [p, fields] = line.trim().split(': ');
    const entry = SECRET_CATALOG.find((e) => e.path === p);
    values[p] = Object.fromEntries(fields.replace(/ \(optional secret\)$/, '').split(', ').map((f) => {
      const kind = entry?.fields.find((x) => x.name === f)?.kind;
      const value = kind === 'json-object-of-strings' ? { EXAMPLE: `v-${Math.random().toString(36).slice(2)}` } : `prod-${f}-${Math.random().toString(36).slice(2, 12)}`;
      return [f, value];
    }));
  }
  const valuesFile = path.join(ctx.scratch, 'values.json');
  fs.writeFileSync(valuesFile, JSON.stringify(values), { mode: 0o600 });
  const seed2 = await run('npx', ['tsx', 'cli/main.ts', 'secrets', 'seed', '--env', 'prod', ...admin, '--values', valuesFile], { cwd: ctx.project, env: cliEnv });
  check(seed2.exitCode === 0, `ops secrets seed --env prod --values (${Object.keys(values).length} supplied secrets): exit ${seed2.exitCode}${seed2.exitCode ? `\n${seed2.output}` : ''}`);
  const secretsCheck = await run('npx', ['tsx', 'cli/main.ts', 'secrets', 'check', ...admin], { cwd: ctx.project, env: cliEnv });
  check(secretsCheck.exitCode === 0, `ops secrets check: exit ${secretsCheck.exitCode}${secretsCheck.exitCode ? `\n${secretsCheck.output}` : ''}`);

  const client = (token?: string) => new VaultClient({ address, caPem: ctx.caPem, token });
  for (const { roleName: role, id } of workloadServices()) {
    const out = path.join(ctx.scratch, 'services', role);
    const issue = await run('npx', ['tsx', 'cli/main.ts', 'credentials', 'issue', '--role', role, '--out-dir', out, ...admin], { cwd: ctx.project, env: cliEnv });
    check(issue.exitCode === 0, `ops credentials issue --role ${role}: exit ${issue.exitCode}${issue.exitCode ? `\n${issue.output}` : ''}`);
    if (issue.exitCode !== 0) continue;
    knownSecrets.add(read(path.join(out, 'secret_id')));
    const login = await client().raw<{ auth?: { client_token?: string; policies?: string[] } }>('POST', 'auth/approle/login', { body: { role_id: read(path.join(out, 'role_id')), secret_id: read(path.join(out, 'secret_id')) } });
    const own = SECRET_CATALOG.find((e) => e.owner === id && e.required !== false);
    const readOwn = login.body.auth?.client_token && own ? await client(login.body.auth.client_token).raw('GET', `secret/data/${own.path}`) : undefined;
    check(login.status === 200 && readOwn?.status === 200, `${role}: logs in from 127.0.0.1 (HTTP ${login.status}) and reads ${own?.path} (HTTP ${readOwn?.status})`);
  }
  checkStateHoldsNoSecret(path.join(ctx.project, 'terraform.prod-config.tfstate'));
  const transcript = [seed, seed2, secretsCheck].map((r) => r.output).join('\n');
  check(![...knownSecrets].some((s) => s.length >= 8 && transcript.includes(s)), 'no share, token or secret ID in the CLI output');
  await stopContainer(server);

  section('the apply fixture against the real provider: prod-config as hoodcloud-admin on a second fresh server');
  const second = await startContainer(ctx.stackJson('prod-server'), path.join(ctx.scratch, 'prod-fixture'), address, ctx.caPem);
  const again = await ceremony(ctx, second, 'ceremony-fixture');
  const secondAudit = second.hostPathOf(declaredAuditPath(ctx.stackJson('prod-config')));
  const offset = fs.statSync(secondAudit).size;
  const json = ctx.stackJson('prod-config');
  const token = read(again.tokenFile);
  const first = await applyConfig(client(token), json);
  await applyConfig(client(token), json, { state: first.state });
  const fixtureSet = auditRequests(fs.readFileSync(secondAudit, 'utf8'), offset);
  await stopContainer(second);
  reportComparison('prod-config', terraformSet, fixtureSet);
}

main()
  .catch((e: unknown) => {
    console.error(`\n${e instanceof NoProviderError ? 'no provider' : 'error'}: ${(e as Error).message}`);
    return e instanceof NoProviderError ? 2 : 1;
  })
  .then(async (code) => {
    for (const s of [...running]) await s.stop();
    process.exitCode = code;
  });
