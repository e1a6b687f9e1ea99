// The Vault Agent (OpenBao agent) configuration of one service, as a pure function of typed input:
// AppRole auto-auth from the credential files `credentials issue` writes, a file sink for the
// token, and one template per secret that renders the secret's fields into a JSON file. The input
// holds paths and field names only, so no secret value can ever reach the config.
//
// The agent reads HCL or JSON (HCL v1 detects JSON by the leading `{`); we write JSON because
// JSON.stringify escapes the template text exactly, where hand-built HCL would need its own quoting.

/** One field of a secret as the template renders it. */
export interface AgentSecretField {
  readonly name: string;
  /** A missing required field fails the render; a missing optional one renders as `null`. */
  readonly required: boolean;
}

/** One KV v2 secret and the file it is rendered into. */
export interface AgentSecret {
  /** Logical path under the KV mount, e.g. `hoodcloud/auth-server/jwt`. */
  readonly path: string;
  readonly fields: readonly AgentSecretField[];
  /** Absolute path (as the agent sees it) of the JSON file the secret is rendered into. */
  readonly destination: string;
}

/** Everything the config is made of. All file paths are absolute paths as the agent sees them. */
export interface AgentConfigInput {
  /** Service name, only for error messages. */
  readonly service: string;
  readonly vault: {
    /** e.g. `https://127.0.0.1:8200` */
    readonly address: string;
    /** PEM CA certificate that signed the server certificate. */
    readonly caCertFile?: string;
    /**
     * Retries of a failing request (auth and templates). Omitted: the agent's default (12, with
     * exponential backoff: a few minutes before `exit_on_retry_failure` ends the agent).
     */
    readonly numRetries?: number;
  };
  readonly approle: {
    /** Auth mount path, e.g. `auth/approle`. */
    readonly mountPath: string;
    readonly roleIdFile: string;
    readonly secretIdFile: string;
    /**
     * Set when the secret ID file holds a response-wrapping token (`credentials issue --wrap-ttl`):
     * the path the wrapping token must have been created at, `auth/approle/role/<role>/secret-id`.
     */
    readonly wrappedSecretIdCreationPath?: string;
  };
  /** The file the agent writes its token to (the service may use it, e.g. for transit). */
  readonly sinkFile: string;
  /** KV v2 mount the secrets live in, e.g. `secret`. */
  readonly kvMount: string;
  readonly secrets: readonly AgentSecret[];
  /** Mode of the token sink and of every rendered file, e.g. 0o400. */
  readonly fileMode: number;
  /** How often the agent re-reads KV secrets (they have no lease to follow). */
  readonly staticSecretRenderIntervalSeconds: number;
}

/** The agent config as written (JSON form of the agent's HCL stanzas). */
export interface AgentConfig {
  readonly exit_after_auth: false;
  readonly vault: { readonly address: string; readonly ca_cert?: string; readonly retry?: { readonly num_retries: number } };
  readonly auto_auth: {
    readonly method: readonly [{ readonly type: 'approle'; readonly mount_path: string; readonly config: Readonly<Record<string, string | boolean>> }];
    readonly sink: readonly [{ readonly type: 'file'; readonly config: { readonly path: string; readonly mode: number } }];
  };
  readonly template_config: { readonly exit_on_retry_failure: true; readonly static_secret_render_interval: string };
  readonly template: readonly AgentTemplate[];
}

export interface AgentTemplate {
  readonly destination: string;
  readonly contents: string;
  readonly perms: string;
  readonly error_on_missing_key: true;
  readonly create_dest_dirs: true;
}

// Field names become Go template field accesses (`.Data.data.<name>`); paths go inside a quoted
// template string. Anything outside these shapes would need escaping, so it is refused instead.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KV_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

function fail(input: AgentConfigInput, message: string): never {
  throw new Error(`agent config for ${input.service}: ${message}`);
}

function requireAbsolute(input: AgentConfigInput, what: string, file: string | undefined): void {
  if (file !== undefined && !file.startsWith('/')) fail(input, `${what} "${file}" is not an absolute path`);
}

function validate(input: AgentConfigInput): void {
  if (input.secrets.length === 0) fail(input, 'no secrets to render');
  if (!KV_PATH.test(input.kvMount)) fail(input, `KV mount "${input.kvMount}" is not a plain mount path`);
  requireAbsolute(input, 'role ID file', input.approle.roleIdFile);
  requireAbsolute(input, 'secret ID file', input.approle.secretIdFile);
  requireAbsolute(input, 'CA certificate file', input.vault.caCertFile);
  requireAbsolute(input, 'sink file', input.sinkFile);
  if ((input.fileMode & ~0o777) !== 0 || (input.fileMode & 0o400) === 0) fail(input, `file mode ${input.fileMode.toString(8)} is not a readable file mode`);
  if (!Number.isInteger(input.staticSecretRenderIntervalSeconds) || input.staticSecretRenderIntervalSeconds <= 0) {
    fail(input, `render interval ${input.staticSecretRenderIntervalSeconds} is not a positive number of seconds`);
  }
  const destinations = new Set<string>([input.sinkFile]);
  for (const s of input.secrets) {
    if (!KV_PATH.test(s.path)) fail(input, `secret path "${s.path}" is not a plain KV path`);
    requireAbsolute(input, `destination of ${s.path}`, s.destination);
    if (destinations.has(s.destination)) fail(input, `destination "${s.destination}" is used twice`);
    destinations.add(s.destination);
    if (s.fields.length === 0) fail(input, `secret ${s.path} has no fields`);
    for (const f of s.fields) if (!FIELD_NAME.test(f.name)) fail(input, `field "${f.name}" of ${s.path} is not a plain identifier`);
  }
}

/** The KV v2 read path of a logical path: `<mount>/data/<path>`. */
export function kvV2DataPath(mount: string, logicalPath: string): string {
  return `${mount}/data/${logicalPath}`;
}

/**
 * The template text of one secret: a JSON object with one member per field. Values go through
 * `toJSON`, so strings are escaped and object-valued fields stay objects. Required fields are
 * field accesses (missing = error, with `error_on_missing_key`); optional ones use `index`, which
 * yields `null` when the key is absent.
 */
export function secretTemplate(kvMount: string, secret: AgentSecret): string {
  const members = secret.fields.map((f) => {
    const value = f.required ? `.Data.data.${f.name}` : `index .Data.data "${f.name}"`;
    return `  "${f.name}": {{ ${value} | toJSON }}`;
  });
  return `{{ with secret "${kvV2DataPath(kvMount, secret.path)}" }}{\n${members.join(',\n')}\n}\n{{ end }}`;
}

/** The agent config for one service. Throws when the input could not be rendered faithfully. */
export function renderAgentConfig(input: AgentConfigInput): AgentConfig {
  validate(input);
  const wrapped = input.approle.wrappedSecretIdCreationPath;
  const approleConfig: Record<string, string | boolean> = {
    role_id_file_path: input.approle.roleIdFile,
    secret_id_file_path: input.approle.secretIdFile,
    // A plain secret ID file stays (the agent re-reads it at every login, so a rotated file is
    // picked up). A wrapping token is single-use: the agent must delete the file after unwrapping,
    // or its next login would read the spent token again and fail.
    remove_secret_id_file_after_reading: wrapped !== undefined,
  };
  if (wrapped !== undefined) approleConfig.secret_id_response_wrapping_path = wrapped;
  const perms = `0${input.fileMode.toString(8)}`;
  return {
    exit_after_auth: false,
    vault: {
      address: input.vault.address,
      ...(input.vault.caCertFile !== undefined ? { ca_cert: input.vault.caCertFile } : {}),
      ...(input.vault.numRetries !== undefined ? { retry: { num_retries: input.vault.numRetries } } : {}),
    },
    auto_auth: {
      method: [{ type: 'approle', mount_path: input.approle.mountPath, config: approleConfig }],
      sink: [{ type: 'file', config: { path: input.sinkFile, mode: input.fileMode } }],
    },
    template_config: { exit_on_retry_failure: true, static_secret_render_interval: `${input.staticSecretRenderIntervalSeconds}s` },
    template: input.secrets.map((s) => ({
      destination: s.destination,
      contents: secretTemplate(input.kvMount, s),
      perms,
      error_on_missing_key: true,
      create_dest_dirs: true,
    })),
  };
}

/** The config file's text (JSON, which the agent accepts as `-config=<file>.json`). */
export function serializeAgentConfig(config: AgentConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
