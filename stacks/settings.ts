// The settings loader: the ONE place that reads environment variables. It applies production's
// deployment-specific overrides to the committed environments, validates everything, and fails
// once with every problem listed (field, value, what is expected).
import { isIP } from 'node:net';
import * as path from 'node:path';
import { MIN_AUTO_ROTATE_PERIOD_SECONDS } from '../constructs/transit-key';
import { parseCidr } from '../constructs/cidr';
import { EnvironmentSettings, RoleName, ROLE_NAMES } from './environment';
import { ENVIRONMENTS } from './environments';

/** Environment variables that override production settings (documented in README). */
export const PROD_OVERRIDES = {
  VAULT_BIND_ADDR: 'IP address the production server listens on (default 127.0.0.1)',
  // Not VAULT_ADDR: that is every Vault client's "where do I connect" and must never change what is synthesized.
  HOODCLOUD_VAULT_ADDR: 'Address the vault provider uses for the prod-config stack (default https://127.0.0.1:8200)',
  VAULT_IMAGE: 'Pinned server image, e.g. hashicorp/vault:1.21.4 or name@sha256:<digest>',
  VAULT_TLS_CERT_FILE: 'Host path of the TLS certificate (PEM) mounted into the prod container',
  VAULT_TLS_KEY_FILE: 'Host path of the TLS private key (PEM) mounted into the prod container',
  HOODCLOUD_CONTROL_PLANE_CIDRS: 'Comma-separated CIDRs the hoodcloud-control-plane role is bound to',
  HOODCLOUD_AUTH_SERVER_CIDRS: 'Comma-separated CIDRs the hoodcloud-auth-server role is bound to',
  HOODCLOUD_PAYMENT_SERVICE_CIDRS: 'Comma-separated CIDRs the hoodcloud-payment-service role is bound to',
  HOODCLOUD_ADMIN_CIDRS: 'Comma-separated CIDRs the hoodcloud-admin role is bound to',
} as const;

const ROLE_CIDR_VARIABLES: Record<RoleName, keyof typeof PROD_OVERRIDES> = {
  'hoodcloud-control-plane': 'HOODCLOUD_CONTROL_PLANE_CIDRS',
  'hoodcloud-auth-server': 'HOODCLOUD_AUTH_SERVER_CIDRS',
  'hoodcloud-payment-service': 'HOODCLOUD_PAYMENT_SERVICE_CIDRS',
  'hoodcloud-admin': 'HOODCLOUD_ADMIN_CIDRS',
};

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

/** Loads the committed environments, applies production overrides from `env`, validates all. */
export function loadSettings(env: Env, environments: readonly EnvironmentSettings[] = ENVIRONMENTS): Settings {
  const problems: string[] = [];
  const resolved = environments.map((e) => (e.production ? applyProdOverrides(e, env, problems) : { settings: e, sources: {} }));
  resolved.forEach((r) => problems.push(...validateEnvironment(r.settings, r.sources)));
  if (problems.length > 0) throw new SettingsError(problems);
  return { environments: resolved.map((r) => r.settings), outdir: env.CDKTF_OUTDIR || 'cdktf.out' };
}

/** Which environment variable a field's value came from, so messages name what the user set. */
type FieldSources = Record<string, string>;

function applyProdOverrides(e: EnvironmentSettings, env: Env, problems: string[]): { settings: EnvironmentSettings; sources: FieldSources } {
  const sources: FieldSources = {};
  const value = (name: keyof typeof PROD_OVERRIDES) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const roles = { ...e.roles };
  for (const role of ROLE_NAMES) {
    const variable = ROLE_CIDR_VARIABLES[role];
    const raw = value(variable);
    if (raw === undefined) continue;
    const cidrs = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
    roles[role] = { secretIdBoundCidrs: cidrs, tokenBoundCidrs: cidrs };
    sources[`roles.${role}.secretIdBoundCidrs`] = variable;
    sources[`roles.${role}.tokenBoundCidrs`] = variable;
    if (cidrs.length === 0) problems.push(`${variable} = ${JSON.stringify(env[variable])}: expected at least one CIDR such as 10.0.1.5/32`);
  }
  const fromEnv = (field: string, name: keyof typeof PROD_OVERRIDES) => {
    const v = value(name);
    if (v !== undefined) sources[field] = name;
    return v;
  };
  const tls = e.server.tls && {
    ...e.server.tls,
    certHostFile: fromEnv('server.tls.certHostFile', 'VAULT_TLS_CERT_FILE') ?? e.server.tls.certHostFile,
    keyHostFile: fromEnv('server.tls.keyHostFile', 'VAULT_TLS_KEY_FILE') ?? e.server.tls.keyHostFile,
  };
  const server = {
    ...e.server,
    bindAddress: fromEnv('server.bindAddress', 'VAULT_BIND_ADDR') ?? e.server.bindAddress,
    image: fromEnv('server.image', 'VAULT_IMAGE') ?? e.server.image,
    tls,
  };
  const settings = { ...e, vaultAddress: fromEnv('vaultAddress', 'HOODCLOUD_VAULT_ADDR') ?? e.vaultAddress, server, roles };
  return { settings, sources };
}

/** Checks one environment's values; returns one message per problem, naming the variable a value came from. */
export function validateEnvironment(e: EnvironmentSettings, sources: FieldSources = {}): string[] {
  const problems: string[] = [];
  const bad = (field: string, v: unknown, expected: string) => {
    const source = sources[field.replace(/\[\d+\]$/, '')];
    problems.push(`${e.name}.${field}${source ? ` (from ${source})` : ''} = ${JSON.stringify(v)}: expected ${expected}`);
  };

  if (isIP(e.server.bindAddress) === 0) bad('server.bindAddress', e.server.bindAddress, 'an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)');
  if (!Number.isInteger(e.server.port) || e.server.port < 1 || e.server.port > 65535) bad('server.port', e.server.port, 'a TCP port 1-65535');
  if (!/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$/.test(e.server.image) || /:latest$/.test(e.server.image)) {
    bad('server.image', e.server.image, 'a pinned image reference such as hashicorp/vault:1.21.4 or name@sha256:<digest> (no :latest)');
  }
  if (e.server.mode === 'dev' && !e.server.devRootTokenId) bad('server.devRootTokenId', e.server.devRootTokenId, 'a dev root token id in dev mode');
  if (e.server.mode === 'server') {
    if (e.server.devRootTokenId !== undefined) bad('server.devRootTokenId', e.server.devRootTokenId, 'no root token outside dev mode');
    if (!e.server.tls) bad('server.tls', e.server.tls, 'TLS certificate and key host paths in server mode');
    for (const [field, file] of [['certHostFile', e.server.tls?.certHostFile], ['keyHostFile', e.server.tls?.keyHostFile]] as const) {
      if (file !== undefined && !path.isAbsolute(file)) bad(`server.tls.${field}`, file, 'an absolute host path (Docker bind mounts need one)');
    }
  }
  let url: URL | undefined;
  try {
    url = new URL(e.vaultAddress);
  } catch {
    bad('vaultAddress', e.vaultAddress, 'a URL such as https://127.0.0.1:8200');
  }
  if (url && !['http:', 'https:'].includes(url.protocol)) bad('vaultAddress', e.vaultAddress, 'an http:// or https:// URL');
  if (url && e.production && url.protocol === 'http:') bad('vaultAddress', e.vaultAddress, 'an https:// URL in production');

  for (const role of ROLE_NAMES) {
    const binding = e.roles[role];
    if (!binding) {
      bad(`roles.${role}`, binding, 'a CIDR binding for every role');
      continue;
    }
    for (const field of ['secretIdBoundCidrs', 'tokenBoundCidrs'] as const) {
      binding[field].forEach((c, i) => {
        if (!parseCidr(c)) bad(`roles.${role}.${field}[${i}]`, c, 'a CIDR such as 10.0.1.5/32 or 2001:db8::/64');
      });
    }
  }
  const { tokenTtlSeconds, tokenMaxTtlSeconds } = e.ttl;
  // Renewal at 75% of the TTL leaves 25% of it to retry in; under 5 minutes that margin is too thin.
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 300) bad('ttl.tokenTtlSeconds', tokenTtlSeconds, 'whole seconds >= 300');
  if (!Number.isInteger(tokenMaxTtlSeconds) || tokenMaxTtlSeconds < tokenTtlSeconds) bad('ttl.tokenMaxTtlSeconds', tokenMaxTtlSeconds, `whole seconds >= tokenTtlSeconds (${tokenTtlSeconds})`);
  if (!Number.isInteger(e.kv.maxVersions) || e.kv.maxVersions < 1) bad('kv.maxVersions', e.kv.maxVersions, 'a whole number >= 1');
  const rotate = e.masterKey.autoRotatePeriodSeconds;
  if (!Number.isInteger(rotate) || rotate < 0 || (rotate > 0 && rotate < MIN_AUTO_ROTATE_PERIOD_SECONDS)) {
    bad('masterKey.autoRotatePeriodSeconds', rotate, `0 (off) or whole seconds >= ${MIN_AUTO_ROTATE_PERIOD_SECONDS}`);
  }
  if (!path.posix.isAbsolute(e.auditFilePath)) bad('auditFilePath', e.auditFilePath, 'an absolute path on the server such as /vault/logs/audit.log');
  return problems;
}
