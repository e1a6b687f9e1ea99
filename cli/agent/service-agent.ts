// `agent config`: the agent config of one HoodCloud service, fed from the current secrets catalog
// (the entries the service owns), the credential files `credentials issue` writes and the KV mount
// the CLI uses everywhere else. The rendering itself is agent-config.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecretEntry } from '../../secrets-catalog/secret-entry';
import { secretsOf, workloadServices } from '../../services/catalog';
import { SERVICES } from '../../services/registry';
import { ServiceDefinition } from '../../services/service-definition';
import { LAYOUT } from '../../stacks/layout';
import { ROLE_ID_FILE, SECRET_ID_FILE } from '../credentials/credential-files';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { ensurePrivateDir, writeAtomic } from '../secret-files';
import { AgentConfigInput, AgentSecret, kvV2DataPath, renderAgentConfig, serializeAgentConfig } from './agent-config';
import { fsReason } from '../errno-reasons';

/** The file `agent config` writes into --out-dir. */
export const AGENT_CONFIG_FILE = 'agent.json';
/** Default token sink and secrets directory, inside --out-dir. */
export const DEFAULT_SINK_FILE = 'token';
export const DEFAULT_SECRETS_DIR = 'secrets';
/** Secret files and the token are owner-read-only: the service runs as the agent's user. */
export const AGENT_FILE_MODE = 0o400;

export interface ServiceIdentity {
  /** The registry id, e.g. `auth-server`. */
  readonly service: string;
  readonly role: string;
  readonly definition: ServiceDefinition;
}

/** `auth-server` or its role `hoodcloud-auth-server`; anything else is a usage error naming the choices. */
export function resolveService(text: string): ServiceIdentity {
  const workloads = workloadServices();
  const found = workloads.find((s) => s.id === text || s.roleName === text);
  if (found) return { service: found.id, role: found.roleName, definition: found };
  const operator = SERVICES.some((s) => (s.id === text || s.roleName === text) && s.policy.kind === 'operator');
  const why = operator ? `"${text}" is the operators' role and owns no service secrets` : `"${text}" is not a HoodCloud service`;
  throw new CliError(`--service: ${why}; expected one of ${workloads.map((s) => s.id).join(', ')} (or its role, e.g. ${workloads[0]?.roleName})`, 2);
}

export interface ServiceAgentOptions extends ServiceIdentity {
  /** Directory holding role_id and secret_id (from `credentials issue --out-dir`). */
  readonly credentialsDir: string;
  /** Where agent.json is written. */
  readonly outDir: string;
  /** @default <outDir>/secrets */
  readonly secretsDir?: string;
  /** @default <outDir>/token */
  readonly sinkFile?: string;
  readonly address: string;
  readonly caCertFile?: string;
  /** The secret_id file holds a response-wrapping token (`credentials issue --wrap-ttl`). */
  readonly wrapped: boolean;
  /** Also render the secrets the catalog marks optional (they must exist, or the agent fails). */
  readonly includeOptional: boolean;
  readonly renderIntervalSeconds: number;
}

/** Where a catalog entry is rendered: its path below the service's subtree, as `<name>.json`. */
export function secretDestination(secretsDir: string, entry: SecretEntry): string {
  const prefix = `${SERVICES.find((s) => s.id === entry.owner)?.kvSubtree ?? entry.owner}/`;
  const relative = entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path;
  return path.join(secretsDir, `${relative}.json`);
}

export interface ServiceAgentPlan {
  readonly input: AgentConfigInput;
  /** Optional catalog entries left out (without --include-optional). */
  readonly skipped: readonly SecretEntry[];
  readonly configFile: string;
  readonly secretsDir: string;
}

/** The renderer's input for one service from the catalog; all paths made absolute. */
export function planServiceAgent(opts: ServiceAgentOptions): ServiceAgentPlan {
  const outDir = path.resolve(opts.outDir);
  const credentialsDir = path.resolve(opts.credentialsDir);
  const secretsDir = path.resolve(opts.secretsDir ?? path.join(outDir, DEFAULT_SECRETS_DIR));
  const sinkFile = path.resolve(opts.sinkFile ?? path.join(outDir, DEFAULT_SINK_FILE));
  const owned = secretsOf(opts.service);
  const rendered = owned.filter((e) => opts.includeOptional || e.required !== false);
  const secrets: AgentSecret[] = rendered.map((e) => ({
    path: e.path,
    fields: e.fields.map((f) => ({ name: f.name, required: f.required !== false })),
    destination: secretDestination(secretsDir, e),
  }));
  const input: AgentConfigInput = {
    service: opts.service,
    vault: { address: opts.address, caCertFile: opts.caCertFile && path.resolve(opts.caCertFile) },
    approle: {
      mountPath: `auth/${LAYOUT.approleMount}`,
      roleIdFile: path.join(credentialsDir, ROLE_ID_FILE),
      secretIdFile: path.join(credentialsDir, SECRET_ID_FILE),
      // The creation path of the wrapping token `credentials issue --wrap-ttl` gets (approle-api.ts createSecretId).
      wrappedSecretIdCreationPath: opts.wrapped ? `auth/${LAYOUT.approleMount}/role/${opts.role}/secret-id` : undefined,
    },
    sinkFile,
    kvMount: LAYOUT.kvMount,
    secrets,
    fileMode: AGENT_FILE_MODE,
    staticSecretRenderIntervalSeconds: opts.renderIntervalSeconds,
  };
  return { input, skipped: owned.filter((e) => !rendered.includes(e)), configFile: path.join(outDir, AGENT_CONFIG_FILE), secretsDir };
}

function warnIfShared(io: CliIo, dir: string, what: string): void {
  const mode = fs.statSync(dir).mode & 0o777;
  if (mode & 0o077) io.err(`warning: ${dir} has mode 0${mode.toString(8)}; ${what} should live in a directory only the agent's user can enter (chmod 700)`);
}

/** Renders the config and writes it (atomically, 0600); creates the secrets and sink directories (0700) if missing. */
export function writeServiceAgentConfig(io: CliIo, opts: ServiceAgentOptions): ServiceAgentPlan {
  const progress = new Progress(io, 2);
  const plan = planServiceAgent(opts);
  const { input } = plan;
  progress.next(`Rendering the agent config of ${opts.service} (role ${opts.role}) from the secrets catalog`);
  let text: string;
  try {
    text = serializeAgentConfig(renderAgentConfig(input));
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  for (const s of input.secrets) progress.detail(`${kvV2DataPath(input.kvMount, s.path)} (${s.fields.map((f) => f.name).join(', ')}) -> ${s.destination}`);
  for (const e of plan.skipped) progress.detail(`skipped optional ${kvV2DataPath(input.kvMount, e.path)} (add --include-optional once it is seeded)`);
  progress.detail(`token sink ${input.sinkFile}; login with ${input.approle.roleIdFile} and ${input.approle.secretIdFile}${input.approle.wrappedSecretIdCreationPath ? ' (a wrapping token, deleted after unwrapping)' : ''}`);
  const missing = [input.approle.roleIdFile, input.approle.secretIdFile].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    io.err(`warning: ${missing.join(' and ')} missing; run \`credentials issue --role ${opts.role} --out-dir ${path.dirname(missing[0])}${opts.wrapped ? ' --wrap-ttl <duration>' : ''}\` before starting the agent`);
  }

  progress.next(`Writing ${plan.configFile}`);
  const dirs = [['--out-dir', path.dirname(plan.configFile)], ['--secrets-dir', plan.secretsDir], ['--sink-file', path.dirname(input.sinkFile)]] as const;
  // Every check before the first directory is created: a refused run leaves nothing behind.
  for (const [flag, dir] of dirs) {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new CliError(`${flag}: "${dir}" exists and is not a directory; expected a directory (created 0700 when missing)`, 2);
  }
  if (fs.existsSync(input.sinkFile) && fs.statSync(input.sinkFile).isDirectory()) throw new CliError(`--sink-file: "${input.sinkFile}" is a directory; expected the path of the token file`, 2);
  for (const [flag, dir] of dirs) {
    try {
      ensurePrivateDir(dir);
    } catch (e) {
      throw new CliError(`${flag}: cannot create the directory "${dir}": ${fsReason(e)}`);
    }
  }
  warnIfShared(io, plan.secretsDir, 'the rendered secrets');
  warnIfShared(io, path.dirname(input.sinkFile), 'the token');
  try {
    writeAtomic(plan.configFile, text, 0o600);
  } catch (e) {
    throw new CliError(`--out-dir: cannot write "${plan.configFile}": ${fsReason(e)}`);
  }
  return plan;
}
