// `npm run dev` (`ops dev`): the local development setup in one command. Deploys dev-server and
// dev-config, seeds every catalog secret with dev values, puts each service's AppRole credentials
// into a folder of its own (for the service to mount read-only) and prints each service's
// environment lines. Every step is safe to repeat: Terraform converges, the seed creates only what
// is missing, live credentials are kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { ServiceDefinition } from '../../services/service-definition';
import { workloadServices } from '../../services/catalog';
import { DEFAULT_RSA_BITS } from '../../secrets-catalog/rsa-keypair';
import { LAYOUT } from '../../stacks/layout';
import { configStackName, serverStackName } from '../../stacks/environment';
import { DEV } from '../../stacks/environments';
import { CliIo, indentedIo } from '../io';
import { Progress } from '../progress';
import { FileOwner } from '../secret-files';
import { runSeed } from '../secrets/seed';
import { readMountLeaseTtls, readRoleSettings } from '../credentials/approle-api';
import { effectiveTokenLifetime, renderServiceEnv } from '../credentials/service-env';
import { cdktfDeploy } from './cdktf-deploy';
import { requireDevServer, waitForServer } from './dev-server';
import { CredentialsOutcome, ensureServiceCredentials, proveLogin } from './service-credentials';

export interface DevSetupOptions {
  readonly projectRoot: string;
  /** The dev server's address: the dev environment's unless --address (with --config-applied). */
  readonly address: string;
  /** The dev server's root token. */
  readonly token: string;
  /** The folder that gets one sub-folder per service. */
  readonly outDir: string;
  /** A dev server already listens at the address: do not deploy dev-server. */
  readonly serverRunning: boolean;
  /** dev-config is applied already: do not deploy it. */
  readonly configApplied: boolean;
  readonly skipProviderLock: boolean;
  readonly owner?: FileOwner;
  /** The services that get credentials. @default the workload services of the registry */
  readonly services?: readonly ServiceDefinition[];
}

export interface DevServiceResult {
  readonly service: ServiceDefinition;
  readonly dir: string;
  readonly credentials: CredentialsOutcome;
  readonly envFile: string;
  readonly envLines: readonly string[];
}

export interface DevSetupResult {
  readonly seeded: readonly string[];
  readonly kept: readonly string[];
  readonly services: readonly DevServiceResult[];
}

export async function runDevSetup(io: CliIo, opts: DevSetupOptions): Promise<DevSetupResult> {
  const progress = new Progress(io, 6);
  // Each stack in a run of its own (the server must answer before dev-config can be applied), so
  // dev-config's dependency on dev-server is never part of its run.
  const deploy = (stack: string, token?: string) =>
    cdktfDeploy(io, { projectRoot: opts.projectRoot, stack, token, ignoreMissingStackDependencies: token !== undefined, skipProviderLock: opts.skipProviderLock });

  progress.next(`dev-server: the dev-mode server container on ${opts.address}`);
  if (opts.serverRunning) progress.detail('not deployed (--server-running)');
  else await deploy(serverStackName(DEV.name));

  progress.next(`Checking that ${opts.address} is a dev-mode server`);
  const client = new VaultClient({ address: opts.address }).withToken(opts.token);
  await waitForServer(client, io, opts.address);
  await requireDevServer(client, opts.address);

  progress.next(`dev-config: policies, AppRoles, KV, transit and the audit device`);
  if (opts.configApplied) progress.detail('not deployed (--config-applied)');
  else await deploy(configStackName(DEV.name), opts.token);

  progress.next(`Seeding every catalog secret with dev values under ${LAYOUT.kvMount}/ (only what is missing)`);
  const seed = await runSeed(client, indentedIo(io), { env: 'dev', mount: LAYOUT.kvMount, force: false, rsaBits: DEFAULT_RSA_BITS });

  const services = opts.services ?? workloadServices();
  progress.next(`AppRole credentials per service under ${opts.outDir}`);
  fs.mkdirSync(opts.outDir, { recursive: true, mode: 0o700 });
  const outcomes: Array<{ service: ServiceDefinition; dir: string; credentials: CredentialsOutcome }> = [];
  for (const service of services) {
    const dir = path.join(opts.outDir, service.id);
    const credentials = await ensureServiceCredentials(client, io, { service, dir, owner: opts.owner });
    await proveLogin(client, dir);
    progress.detail(`${service.roleName}: ${credentials === 'kept' ? 'kept (still logs in)' : credentials === 'replaced' ? 'replaced stale credentials (a previous dev server\'s, or a dead secret ID)' : 'issued'}; logs in`);
    outcomes.push({ service, dir, credentials });
  }

  progress.next('Environment lines per service');
  const mountTtl = (await readMountLeaseTtls(client)).defaultLeaseTtl;
  const results: DevServiceResult[] = [];
  for (const o of outcomes) {
    const tokenLifetime = effectiveTokenLifetime(await readRoleSettings(client, o.service.roleName), mountTtl);
    const envLines = renderServiceEnv({ service: o.service, address: opts.address, credentialsDir: o.dir, tokenLifetime });
    const envFile = path.join(opts.outDir, `${o.service.id}.env`);
    fs.writeFileSync(envFile, `${envLines.join('\n')}\n`, { mode: 0o644 });
    progress.detail(`wrote ${envFile}`);
    results.push({ ...o, envFile, envLines });
  }
  return { seeded: seed.written, kept: seed.plan.kept, services: results };
}

/** The summary on stdout: each service's environment lines, then what was seeded and kept. */
export function printDevSetup(io: CliIo, result: DevSetupResult): void {
  for (const s of result.services) io.out(`${s.envLines.join('\n')}\n`);
  io.out(`secrets: ${result.seeded.length} written, ${result.kept.length} kept`);
  io.out(`credentials: ${result.services.map((s) => `${s.service.id} ${s.credentials}`).join(', ')}`);
}
