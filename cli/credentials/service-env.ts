// `credentials env`: a service's Vault settings (runbook step 12) as a `.env` fragment, under the
// names its registry entry declares (services/registry.ts vaultEnv: the payment service reads
// VAULT_ADDRESS). Paths and the address only: never a secret value. The token cache TTL is 75 % of
// the token lifetime the role gives, so the service logs in again before its token expires.
import * as path from 'node:path';
import { formatSeconds } from '../../model/duration';
import { ServiceDefinition } from '../../services/service-definition';
import { CliError } from '../errors';
import { RoleSettings } from './approle-api';
import { ROLE_ID_FILE, SECRET_ID_FILE } from './credential-files';

/** The share of the token lifetime after which a service logs in again. */
export const RENEW_AT = 0.75;

export interface TokenLifetime {
  readonly seconds: number;
  /** Where it comes from, for the comment line. */
  readonly source: string;
}

/** The lifetime of the tokens a login with the role gets: its period, else its token_ttl, else the mount's default; capped by token_max_ttl. */
export function effectiveTokenLifetime(settings: RoleSettings, mountDefaultSeconds: number): TokenLifetime {
  if (settings.tokenPeriodSeconds > 0) return { seconds: settings.tokenPeriodSeconds, source: 'token_period of the role' };
  const cap = (s: number) => (settings.tokenMaxTtlSeconds > 0 ? Math.min(s, settings.tokenMaxTtlSeconds) : s);
  if (settings.tokenTtlSeconds > 0) return { seconds: cap(settings.tokenTtlSeconds), source: 'token_ttl of the role' };
  return { seconds: cap(mountDefaultSeconds), source: "the AppRole mount's default TTL (the role sets no token_ttl)" };
}

/** Whole seconds after which to log in again (at least 1). */
export function cacheTtlSeconds(lifetime: TokenLifetime): number {
  return Math.max(1, Math.floor(lifetime.seconds * RENEW_AT));
}

export interface ServiceEnvInput {
  readonly service: ServiceDefinition;
  /** e.g. `https://10.0.0.5:8200` */
  readonly address: string;
  /** The CA file the service trusts; undefined: the system CAs. */
  readonly caFile?: string;
  /** The credentials directory as the service sees it. */
  readonly credentialsDir: string;
  readonly tokenLifetime: TokenLifetime;
}

// What a .env line carries without quoting in every reader (docker compose, systemd, shells).
const PLAIN = /^[A-Za-z0-9_./:@%+,=-]+$/;

function value(flag: string, text: string): string {
  if (!PLAIN.test(text)) throw new CliError(`${flag}: "${text}" has characters a .env line cannot carry unquoted; expected letters, digits and . / _ - : @ % + , =`, 2);
  return text;
}

/** The fragment's lines: a comment naming the role, then one line per setting. */
export function renderServiceEnv(input: ServiceEnvInput): string[] {
  const names = input.service.vaultEnv;
  const dir = path.resolve(input.credentialsDir);
  const ttl = cacheTtlSeconds(input.tokenLifetime);
  return [
    `# ${input.service.roleName} (${input.service.description}): its Vault settings; paths and the address only, no secret`,
    `${names.address}=${value('--address', input.address)}`,
    input.caFile !== undefined ? `${names.caCert}=${value('--ca-cert', path.resolve(input.caFile))}` : `# ${names.caCert} unset: no --ca-cert / VAULT_CACERT given, the service trusts the system CAs`,
    `${names.roleIdFile}=${value('--out-dir', path.join(dir, ROLE_ID_FILE))}`,
    `${names.secretIdFile}=${value('--out-dir', path.join(dir, SECRET_ID_FILE))}`,
    `# log in again at ${RENEW_AT * 100} % of the token lifetime, ${formatSeconds(input.tokenLifetime.seconds)} (${input.tokenLifetime.source})`,
    `${names.tokenCacheTtl}=${ttl}s`,
  ];
}
