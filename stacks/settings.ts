// The settings loader: the ONE place that reads environment variables. It applies production's
// deployment-specific overrides to the committed environments and validates each value it took
// from the environment, reporting every problem at once (variable, value, what is expected). The
// committed values themselves are validated by the constructs they configure, at synth.
import { isIP } from 'node:net';
import * as path from 'node:path';
import { familiesAdmittingEveryone, parseCidr, EXAMPLE_CIDRS } from '../model/cidr';
import { hostPathProblem } from '../model/host-path';
import { parseImageReference, unpinnedBecause } from '../model/image-reference';
import { parseServerAddress } from '../model/server-address';
import { SERVICES } from '../services/registry';
import { ServiceDefinition } from '../services/service-definition';
import { EnvironmentSettings, RoleBinding } from './environment';
import { ENVIRONMENTS } from './environments';

/** Production variables beside the per-role CIDR variables (documented in README). */
export const PROD_SERVER_VARIABLES = {
  VAULT_BIND_ADDR: 'IP address the production server listens on (default 127.0.0.1)',
  // Not VAULT_ADDR: that is every Vault client's "where do I connect" and must never change what is synthesized.
  HOODCLOUD_VAULT_ADDR: 'Address the vault provider uses for the prod-config stack (default https://127.0.0.1:8200)',
  VAULT_IMAGE: 'Pinned server image, e.g. hashicorp/vault:1.21.4 or name@sha256:<digest>',
  VAULT_TLS_CERT_FILE: 'Host path of the TLS certificate (PEM); its directory is mounted read-only into the prod container',
  VAULT_TLS_KEY_FILE: 'Host path of the TLS private key (PEM), in the same directory as the certificate',
} as const;

/** Every production override: the server variables and one CIDR variable per role of the registry. */
export function prodOverrides(services: readonly ServiceDefinition[] = SERVICES): Record<string, string> {
  return {
    ...PROD_SERVER_VARIABLES,
    ...Object.fromEntries(services.map((s) => [s.cidrVariable, `Comma-separated CIDRs the ${s.roleName} role is bound to (default 127.0.0.1/32)`])),
  };
}

export interface Settings {
  readonly environments: readonly EnvironmentSettings[];
  /** Where synth writes (`CDKTF_OUTDIR`, set by the cdktf CLI). @default 'cdktf.out' */
  readonly outdir: string;
}

/** Every problem found in the settings, reported together. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Loads the committed environments, applies production overrides from `env`, validates them. */
export function loadSettings(env: Env, environments: readonly EnvironmentSettings[] = ENVIRONMENTS, services: readonly ServiceDefinition[] = SERVICES): Settings {
  const problems: string[] = [];
  const resolved = environments.map((e) => (e.production ? applyProdOverrides(e, env, services, problems) : e));
  if (problems.length > 0) throw new SettingsError(problems);
  return { environments: resolved, outdir: env.CDKTF_OUTDIR || 'cdktf.out' };
}

/** `prod.server.bindAddress (from VAULT_BIND_ADDR) = "x": expected ...` */
function problem(e: EnvironmentSettings, field: string, variable: string, value: string, expected: string): string {
  return `${e.name}.${field} (from ${variable}) = ${JSON.stringify(value)}: ${expected}`;
}

function applyProdOverrides(e: EnvironmentSettings, env: Env, services: readonly ServiceDefinition[], problems: string[]): EnvironmentSettings {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const bad = (field: string, variable: string, v: string, expected: string) => problems.push(problem(e, field, variable, v, expected));

  const roles: Record<string, RoleBinding> = { ...e.roles };
  for (const service of services) {
    const raw = env[service.cidrVariable];
    if (raw === undefined) continue;
    const cidrs = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
    if (cidrs.length === 0) bad(`roles.${service.roleName}`, service.cidrVariable, raw, `expected at least one CIDR such as ${EXAMPLE_CIDRS}`);
    const parsed = cidrs.map((c, i) => ({ c, i, r: parseCidr(c) }));
    for (const { c, i, r } of parsed) if (r.problem) bad(`roles.${service.roleName}.secretIdBoundCidrs[${i}]`, service.cidrVariable, c, `the value ${r.problem}`);
    const open = familiesAdmittingEveryone(parsed.flatMap(({ r }) => (r.cidr ? [r.cidr] : [])));
    if (open.length > 0) bad(`roles.${service.roleName}`, service.cidrVariable, raw, `admits every ${open.map((f) => `IPv${f}`).join(' and ')} address together; bind the role to the CIDRs of the servers that use it`);
    // Canonical CIDR notation: a bare address becomes /32 or /128 wherever it goes.
    const written = parsed.map(({ c, r }) => r.cidr?.text ?? c);
    roles[service.roleName] = { secretIdBoundCidrs: written, tokenBoundCidrs: written };
  }

  let server = e.server;
  const bind = value('VAULT_BIND_ADDR');
  if (bind !== undefined) {
    if (isIP(bind) === 0) bad('server.bindAddress', 'VAULT_BIND_ADDR', bind, 'expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)');
    else if (['0.0.0.0', '::'].includes(bind) && !e.server.listenEverywhere) {
      bad('server.bindAddress', 'VAULT_BIND_ADDR', bind, 'listens on every interface; bind to the address clients use, or acknowledge it in the committed settings (stacks/environments.ts: server.listenEverywhere = { reason })');
    }
    server = { ...server, bindAddress: bind };
  }
  const image = value('VAULT_IMAGE');
  if (image !== undefined) {
    const parsed = parseImageReference(image);
    const why = parsed.problem ?? unpinnedBecause(parsed.image);
    if (why) bad('server.image', 'VAULT_IMAGE', image, `expected a pinned image reference such as hashicorp/vault:1.21.4 or name@sha256:<digest>; this one ${why}`);
    server = { ...server, image };
  }
  if (server.tls) {
    let tls = server.tls;
    for (const [field, variable] of [['certHostFile', 'VAULT_TLS_CERT_FILE'], ['keyHostFile', 'VAULT_TLS_KEY_FILE']] as const) {
      const v = value(variable);
      if (v === undefined) continue;
      const why = hostPathProblem(v);
      if (why) bad(`server.tls.${field}`, variable, v, `expected an absolute, normalized path of a PEM file; this one ${why}`);
      tls = { ...tls, [field]: v };
    }
    const bothValid = !hostPathProblem(tls.certHostFile) && !hostPathProblem(tls.keyHostFile);
    if (bothValid && (value('VAULT_TLS_CERT_FILE') !== undefined || value('VAULT_TLS_KEY_FILE') !== undefined)) {
      if (tls.certHostFile === tls.keyHostFile) bad('server.tls.keyHostFile', 'VAULT_TLS_KEY_FILE', tls.keyHostFile, 'is the same file as the certificate; the key and the certificate are two files');
      else if (path.posix.dirname(tls.certHostFile) !== path.posix.dirname(tls.keyHostFile)) {
        bad('server.tls.keyHostFile', 'VAULT_TLS_KEY_FILE', tls.keyHostFile, `is not in the certificate's directory (${path.posix.dirname(tls.certHostFile)}); the directory is mounted as a whole so a renewed certificate reloads on SIGHUP`);
      }
    }
    server = { ...server, tls };
  }

  let vaultAddress = e.vaultAddress;
  const address = value('HOODCLOUD_VAULT_ADDR');
  if (address !== undefined) {
    const parsed = parseServerAddress(address);
    if (parsed.problem) bad('vaultAddress', 'HOODCLOUD_VAULT_ADDR', address, `the value ${parsed.problem}`);
    else if (parsed.address?.scheme !== 'https') bad('vaultAddress', 'HOODCLOUD_VAULT_ADDR', address, 'expected an https:// URL in production');
    vaultAddress = parsed.address?.text ?? address;
  }
  return { ...e, vaultAddress, server, roles };
}
