// Shared builders for the construct and guardrail tests: minimal stacks, the real synth with
// validations (Testing.fullSynth) in a scratch directory, and the expected shape of a guardrail error.
import * as fs from 'node:fs';
// The default import is the module object cdktf itself requires, so a spy on it reaches cdktf.
import os from 'node:os';
import * as path from 'node:path';
import { AnnotationMetadataEntryType, App, Testing, TerraformStack } from 'cdktf';
// cdktf's own first synth step (Testing.synth and the stack synthesizer call it); not exported at the top level.
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { AppRole, AppRoleProps, PHASE_0 } from '../../constructs/approle';
import { AppRoleAuth } from '../../constructs/approle-auth';
import { VaultPolicy, PolicyKind } from '../../constructs/vault-policy';
import { Guardrail } from '../../constructs/guardrails';
import { applyGuardrails } from '../../constructs/guardrails';
import { renderServerConfig, ServerConfig, ServerConfigProps } from '../../constructs/server-config';
import { runScratchDir } from '../support/scratch';
import { CONTAINER_PATHS, ConfiguredServer, DevModeServer, tlsContainerFile, VaultServer, VaultServerProps } from '../../constructs/vault-server';

// Testing.app() makes a fresh temp outdir per app and never removes it; these tests never write
// through the app (fullSynth keeps its output in memory), so every app of a worker shares one
// outdir below the run's scratch directory, which the run's teardown removes.
const APP_OUTDIR = fs.mkdtempSync(path.join(runScratchDir(), 'constructs-app-'));

function testApp(): App {
  return Testing.app({ outdir: APP_OUTDIR });
}

/** A stack with only the vault provider. */
export function vaultStack(): TerraformStack {
  const app = testApp();
  const stack = new TerraformStack(app, 'test');
  new VaultProvider(stack, 'vault', { address: 'http://127.0.0.1:8200' });
  return stack;
}

/** A stack with only the docker provider (what a server stack is). */
export function dockerStack(): TerraformStack {
  const app = testApp();
  const stack = new TerraformStack(app, 'test');
  new DockerProvider(stack, 'docker', {});
  return stack;
}

/** Runs only `rule` over the stack at synth. */
export function guard(stack: TerraformStack, rule: Guardrail, production = false): TerraformStack {
  applyGuardrails(stack, { production, rules: [rule] });
  return stack;
}

/**
 * The steps of Testing.fullSynth (the aspects, so the guardrails; the validations; error annotations
 * stop it) without its files, which were a fifth of the guardrail tests' time. Returns the stack's
 * Terraform JSON, `//` metadata included; `full-synth.test.ts` keeps it equal to what
 * Testing.fullSynth writes. It does not read CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: the tests of
 * that variable use writtenFullSynth.
 */
export function fullSynth(stack: TerraformStack): string {
  invokeAspects(stack);
  stack.runAllValidations();
  const errors = stack.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR).map((m) => `[${c.node.path}] ${String(m.data)}`));
  if (errors.length > 0) {
    throw new Error(
      `Encountered Annotations with level "ERROR":\n${errors.join('\n')}\n\nEither fix the issues above, or set the environment variable CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS to ignore these annotations.\n`,
    );
  }
  return JSON.stringify(stack.toTerraform(), null, 2);
}

/**
 * cdktf's own Testing.fullSynth (runs aspects and validations, unlike Testing.synth), with its
 * output directory created under a scratch TMPDIR that is removed afterwards, pass or fail.
 * Returns the text of the stack's cdk.tf.json. For what depends on cdktf's synth itself (its
 * environment variables); everything else uses the same steps in memory (fullSynth).
 */
export function writtenFullSynth(stack: TerraformStack): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-constructs-test-'));
  // Testing.fullSynth makes its outdir under os.tmpdir() and leaves it there; point it at the scratch directory.
  const tmpdir = vi.spyOn(os, 'tmpdir').mockReturnValue(scratch);
  try {
    const outdir = Testing.fullSynth(stack);
    return fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
  } finally {
    tmpdir.mockRestore();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The one line a guardrail reports: `[id] <construct path>: <field> = <JSON value>: ...<fix>...`.
 * Matching all five parts proves the message names the rule, where, what, the value and the fix.
 */
export function violation(id: string, constructPath: string, field: string, value: unknown, fix: string): RegExp {
  return new RegExp(`\\[${escape(id)}\\] ${escape(constructPath)}: ${escape(field)} = ${escape(JSON.stringify(value))}: .*${escape(fix)}`);
}

/** Every `[id] path: ...` line of a failed synth (guardrail findings), without the validating construct's prefix. */
export function synthErrors(stack: TerraformStack): string[] {
  try {
    fullSynth(stack);
    return [];
  } catch (e) {
    return String((e as Error).message)
      .split('\n')
      .map((l) => l.trim().replace(/^\[[^\]]*\] (?=\[HC-)/, ''))
      .filter((l) => l.startsWith('[HC-'));
  }
}

/** Every validation problem of a failed synth (construct prop checks), one line each, with its construct path. */
export function validationErrors(stack: TerraformStack): string[] {
  try {
    fullSynth(stack);
    return [];
  } catch (e) {
    return String((e as Error).message).split('\n').map((l) => l.trim()).filter((l) => /^\[[^\]]+\] /.test(l) && !l.includes('[HC-'));
  }
}

/** Parsed Testing.synth output (no validations: for attribute checks). */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  import?: Array<{ id: string; to: string }>;
}

export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** The attribute objects of every resource of a type. */
export function resources(stack: TerraformStack, type: string): Array<Record<string, unknown>> {
  return Object.values(synthJson(stack).resource?.[type] ?? {});
}

/** The single resource of a type. */
export function onlyResource(stack: TerraformStack, type: string): Record<string, unknown> {
  const all = resources(stack, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

export const TTL = { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 14400 } as const;

/** An AppRole with sane, closed bindings unless overridden. */
export function appRole(stack: TerraformStack, id: string, overrides: Partial<AppRoleProps> & { auth: AppRoleAuth }): AppRole {
  return new AppRole(stack, id, {
    roleName: `hoodcloud-${id}`,
    policies: [],
    secretIdBoundCidrs: ['10.0.1.5/32'],
    tokenBoundCidrs: ['10.0.1.5/32'],
    ttl: TTL,
    securityProfile: PHASE_0,
    ...overrides,
  });
}

export function policy(stack: TerraformStack, id: string, kind: PolicyKind, policyName = id): VaultPolicy {
  return new VaultPolicy(stack, id, { policyName, kind, description: `test policy ${id}` });
}

/** A production-shaped server config (raft, TLS from the mounted files). */
export function serverConfig(overrides: Partial<ServerConfigProps> = {}): ServerConfig {
  return renderServerConfig({
    listenAddress: '0.0.0.0:8200',
    clusterListenAddress: '0.0.0.0:8201',
    apiAddr: 'https://127.0.0.1:8200',
    clusterAddr: 'https://127.0.0.1:8201',
    raftPath: CONTAINER_PATHS.data,
    tlsCertFile: tlsContainerFile('/etc/hoodcloud/tls/vault.crt'),
    tlsKeyFile: tlsContainerFile('/etc/hoodcloud/tls/vault.key'),
    ...overrides,
  });
}

export const DEV_MODE: DevModeServer = { kind: 'dev', rootTokenId: 'dev-token' };

export function serverMode(config: ServerConfig = serverConfig()): ConfiguredServer {
  return { kind: 'server', config, tlsCertHostFile: '/etc/hoodcloud/tls/vault.crt', tlsKeyHostFile: '/etc/hoodcloud/tls/vault.key' };
}

/** A VaultServer with bridge networking on 127.0.0.1:8200 unless overridden. */
export function vaultServer(stack: TerraformStack, overrides: Partial<VaultServerProps> = {}): VaultServer {
  return new VaultServer(stack, 'server', {
    containerName: 'hoodcloud-vault-test',
    image: 'hashicorp/vault:1.21.4',
    mode: serverMode(),
    networkMode: 'bridge',
    bindAddress: '127.0.0.1',
    port: 8200,
    ...overrides,
  });
}
