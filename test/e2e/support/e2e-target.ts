// Where the e2e suite runs, chosen by ONE environment variable:
//
//   HOODCLOUD_E2E_TARGET unset or "fixture" (default): each test file synthesizes the e2e
//     environment (audit log redirected to a temp file), starts its own real dev server
//     (OpenBao `bao`, or `vault`) on a port the OS assigns, and applies the e2e config stack
//     with the apply fixture. The server is stopped in afterAll, also when tests fail.
//   HOODCLOUD_E2E_TARGET="terraform-applied": no fixture, no server start. The suite runs
//     against VAULT_ADDR, which real terraform already configured (`cdktf deploy e2e-server
//     e2e-config`). VAULT_TOKEN (default: the documented dev root token `dev-token`) is used for
//     setup calls only. The audit log is read from HOODCLOUD_E2E_AUDIT_LOG (a host path), or,
//     with HOODCLOUD_E2E_AUDIT_CONTAINER (e.g. hoodcloud-vault-e2e), with `docker exec <container>
//     cat <declared file_path>` (the file is the server's, mode 0600, inside a Docker volume).
//
//   HOODCLOUD_E2E_CONFIG_JSON (optional, both modes): a `cdk.tf.json` to use instead of
//     synthesizing (fixture mode) / instead of cdktf.out/stacks/e2e-config/cdk.tf.json.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../../vault-api/client';
import { configStackName } from '../../../stacks/environment';
import { E2E } from '../../../stacks/environments';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { startDevServer, type RunningServer } from '../../support/vault-server';
import { applyConfig, checkConfig, describeReport, loadConfigFile, type ApplyReport } from './apply-config';
import type { TfConfig } from './tf-config';
import { PROJECT_ROOT } from '../../support/project';

export const TARGET_ENV = 'HOODCLOUD_E2E_TARGET';
export type TargetMode = 'fixture' | 'terraform-applied';
export const DEV_ROOT_TOKEN = 'dev-token';

export function targetMode(): TargetMode {
  const v = process.env[TARGET_ENV];
  if (v === undefined || v === '' || v === 'fixture') return 'fixture';
  if (v === 'terraform-applied') return 'terraform-applied';
  throw new Error(`${TARGET_ENV}=${JSON.stringify(v)}: use "fixture" (default) or "terraform-applied"`);
}

export interface E2eTarget {
  readonly mode: TargetMode;
  readonly address: string;
  /** Server version from sys/seal-status. */
  readonly version: string;
  /** A root-token client, for setup (issuing secret IDs, seeding secrets) and admin-only checks. */
  readonly root: VaultClient;
  /** The e2e config stack as applied. */
  readonly configJson: Record<string, unknown>;
  readonly config: TfConfig;
  /** Where the file audit device's log is read from (a host path, or `container:path`). */
  readonly auditLogPath: string;
  /** The audit log's current content. */
  readAuditLog(): string;
  /** Fixture mode: the report of the apply. */
  readonly applyReport?: ApplyReport;
  /** Fixture mode: the running server. */
  readonly server?: RunningServer;
  /** Stops what this target started (nothing in terraform-applied mode). */
  close(): Promise<void>;
}

/** The file audit device's declared `file_path` (the first `vault_audit` of type file). */
export function declaredAuditFilePath(json: Record<string, unknown>): string {
  const audits = ((json.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.vault_audit) ?? {};
  const file = Object.values(audits).find((a) => a.type === 'file');
  const p = (file?.options as Record<string, string> | undefined)?.file_path;
  if (!p) throw new Error('the e2e config declares no file audit device with options.file_path');
  return p;
}

/**
 * The e2e config stack's JSON for a local server, with the audit log at `auditFilePath`.
 * Uses the stack's own programmatic synth (stacks/hoodcloud-app.ts `synthesizeApp`) with the e2e
 * environment's `auditFilePath` overridden; with HOODCLOUD_E2E_CONFIG_JSON, loads that file and
 * redirects its file audit device to `auditFilePath` (the container path does not exist here).
 */
export function e2eConfigForLocalServer(auditFilePath: string, workDir: string, opts: { synthesizeHere?: boolean } = {}): Record<string, unknown> {
  const explicit = opts.synthesizeHere ? undefined : process.env.HOODCLOUD_E2E_CONFIG_JSON;
  if (explicit) {
    const json = loadConfigFile(explicit) as Record<string, unknown>;
    const audits = ((json.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.vault_audit) ?? {};
    for (const a of Object.values(audits)) {
      if (a.type === 'file') a.options = { ...(a.options as Record<string, string>), file_path: auditFilePath };
    }
    return json;
  }
  return synthesizeE2eConfig(auditFilePath, path.join(workDir, 'cdktf.out'));
}

/** Synthesizes the e2e environment with the audit file at `auditFilePath`, returns e2e-config's JSON. */
export function synthesizeE2eConfig(auditFilePath: string, outdir: string): Record<string, unknown> {
  synthesizeApp({ outdir, environments: [{ ...E2E, auditFilePath }] });
  return loadConfigFile(path.join(outdir, 'stacks', configStackName('e2e'), 'cdk.tf.json')) as Record<string, unknown>;
}

export interface OpenTargetOptions {
  /**
   * Always start a local server and apply with the fixture, whatever HOODCLOUD_E2E_TARGET says
   * (for tests about the fixture itself, re-apply on a fresh server, and mutated configs).
   */
  readonly forceFixture?: boolean;
  /**
   * With forceFixture: synthesize the config in this process even when HOODCLOUD_E2E_CONFIG_JSON
   * names a file (for a test that changes the code the synth reads, such as the service registry).
   */
  readonly synthesizeHere?: boolean;
  /** Changes the config JSON before it is applied (e.g. a deliberately broken policy). */
  readonly mutate?: (json: Record<string, unknown>) => void;
}

/** Opens the target for one test file. Call `close()` in afterAll. */
export async function openE2eTarget(opts: OpenTargetOptions = {}): Promise<E2eTarget> {
  const mode = opts.forceFixture ? 'fixture' : targetMode();
  if (mode === 'terraform-applied') {
    const address = process.env.VAULT_ADDR;
    if (!address) throw new Error(`${TARGET_ENV}=terraform-applied needs VAULT_ADDR (the server terraform configured)`);
    const root = new VaultClient({ address, token: process.env.VAULT_TOKEN || DEV_ROOT_TOKEN });
    const file = process.env.HOODCLOUD_E2E_CONFIG_JSON || path.join(PROJECT_ROOT, 'cdktf.out', 'stacks', 'e2e-config', 'cdk.tf.json');
    const configJson = loadConfigFile(file) as Record<string, unknown>;
    const health = await root.get<{ version?: string }>('sys/seal-status');
    const container = process.env.HOODCLOUD_E2E_AUDIT_CONTAINER;
    const filePath = process.env.HOODCLOUD_E2E_AUDIT_LOG || declaredAuditFilePath(configJson);
    const readAuditLog = container
      ? () => execFileSync('docker', ['exec', container, 'cat', declaredAuditFilePath(configJson)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      : () => fs.readFileSync(filePath, 'utf8');
    return {
      mode, address, version: String(health.version ?? ''), root, configJson, config: checkConfig(configJson),
      auditLogPath: container ? `${container}:${declaredAuditFilePath(configJson)}` : filePath, readAuditLog,
      close: async () => undefined,
    };
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-e2e-'));
  const auditLogPath = path.join(workDir, 'audit.log');
  let server: RunningServer | undefined;
  const close = async () => {
    await server?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const configJson = e2eConfigForLocalServer(auditLogPath, workDir, { synthesizeHere: opts.synthesizeHere });
    opts.mutate?.(configJson);
    if (declaredAuditFilePath(configJson) !== auditLogPath) throw new Error(`the synthesized audit file_path is ${declaredAuditFilePath(configJson)}, not the override ${auditLogPath}`);
    server = await startDevServer({ rootToken: DEV_ROOT_TOKEN });
    const root = server.client();
    const applyReport = await applyConfig(root, configJson);
    return {
      mode, address: server.address, version: server.version, root, configJson, config: checkConfig(configJson),
      auditLogPath, readAuditLog: () => fs.readFileSync(auditLogPath, 'utf8'), applyReport, server, close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** One line naming the server the tests ran against, e.g. `fixture: openbao 2.7.2 at http://127.0.0.1:8201`. */
export function describeTarget(t: E2eTarget): string {
  const flavour = t.server ? t.server.binary.flavour : 'server';
  return `${t.mode}: ${flavour} ${t.version} at ${t.address}${t.applyReport ? `\n${describeReport(t.applyReport)}` : ''}`;
}
