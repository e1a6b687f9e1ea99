// Starts and stops a real Vault-compatible server for tests: the OpenBao `bao` binary that
// scripts/install-bao.sh puts in .tools/venv, or a `bao`/`vault` found on PATH. Never a mock.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { freePort } from './free-port';
import { PROJECT_ROOT } from './project';

export type ServerFlavour = 'openbao' | 'vault';

export interface ServerBinary {
  readonly path: string;
  readonly flavour: ServerFlavour;
}


/** Finds the server binary: $VAULT_SERVER_BIN, then .tools/venv/bin/bao, then bao or vault on PATH. */
export function findServerBinary(): ServerBinary {
  const candidates: string[] = [];
  if (process.env.VAULT_SERVER_BIN) candidates.push(process.env.VAULT_SERVER_BIN);
  candidates.push(path.join(PROJECT_ROOT, '.tools', 'venv', 'bin', 'bao'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    candidates.push(path.join(dir, 'bao'), path.join(dir, 'vault'));
  }
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) {
      const flavour: ServerFlavour = path.basename(candidate).startsWith('vault') ? 'vault' : 'openbao';
      return { path: candidate, flavour };
    }
  }
  throw new Error('No Vault-compatible server binary: run scripts/install-bao.sh (installs OpenBao into .tools/venv) or put `bao` or `vault` on PATH');
}

export interface RunningServer {
  readonly binary: ServerBinary;
  /** e.g. `http://127.0.0.1:8201` */
  readonly address: string;
  readonly port: number;
  /** Root token in dev mode; undefined for a server started from config (it must be initialized). */
  readonly rootToken?: string;
  /** Version string reported by `sys/seal-status` / `sys/health`, e.g. `2.7.2`. */
  readonly version: string;
  /** Scratch directory owned by this server (config files, logs, storage). Deleted by stop() unless keepWorkDir. */
  readonly workDir: string;
  /** Combined stdout/stderr of the server process. */
  readonly logFile: string;
  /** A client for this server (root token set in dev mode). */
  client(token?: string): VaultClient;
  /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(opts?: { keepWorkDir?: boolean }): Promise<void>;
  /** Sends a signal to the server process, e.g. SIGHUP (reloads the listener's TLS certificate). */
  signal(signal: NodeJS.Signals): void;
}

export interface DevServerOptions {
  /** @default a port the OS assigns (see free-port.ts) */
  readonly port?: number;
  /** @default 'dev-token' */
  readonly rootToken?: string;
  /**
   * Extra server config (HCL) merged into the dev config. OpenBao refuses API audit creation unless
   * `unsafe_allow_api_audit_creation = true`; the harness adds it for OpenBao unless told otherwise.
   */
  readonly extraConfigHcl?: string;
  /** @default true for OpenBao */
  readonly allowApiAuditCreation?: boolean;
}

/**
 * Starts `<bin> server -dev` on 127.0.0.1:<port> with the given root token. Without a port it
 * takes one the OS assigns, and tries another if a parallel run took it in the meantime.
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce({ ...opts, port: opts.port ?? (await freePort()) });
    } catch (e) {
      if (opts.port !== undefined || attempt >= 3 || !/address already in use/.test(String((e as Error).message))) throw e;
    }
  }
}

async function startDevServerOnce(opts: DevServerOptions & { port: number }): Promise<RunningServer> {
  const binary = findServerBinary();
  const port = opts.port;
  const rootToken = opts.rootToken ?? 'dev-token';
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-dev-server-'));
  const extra: string[] = [];
  if (binary.flavour === 'openbao' && (opts.allowApiAuditCreation ?? true)) {
    extra.push('unsafe_allow_api_audit_creation = true');
  }
  if (opts.extraConfigHcl) extra.push(opts.extraConfigHcl);
  const args = ['server', '-dev', `-dev-root-token-id=${rootToken}`, `-dev-listen-address=127.0.0.1:${port}`, '-dev-no-store-token'];
  if (extra.length > 0) {
    const extraFile = path.join(workDir, 'extra.hcl');
    fs.writeFileSync(extraFile, extra.join('\n') + '\n');
    args.push(`-config=${extraFile}`);
  }
  return launch(binary, args, { port, workDir, rootToken, scheme: 'http' });
}

export interface ConfiguredServerOptions {
  /** Port of the API listener declared in the config files. */
  readonly port: number;
  /** Server config files (HCL or JSON). */
  readonly configFiles: readonly string[];
  /** Directory used for logs and scratch; created if missing. */
  readonly workDir: string;
  /** `https` when the listener has TLS. */
  readonly scheme: 'http' | 'https';
  /** CA certificate (PEM) that signed the listener's certificate. */
  readonly caPem?: string;
  /** Loopback address the API listener is on (a cluster's nodes use 127.0.0.1-3). @default '127.0.0.1' */
  readonly host?: string;
}

/** Starts `<bin> server -config=<file>...` (not dev mode): the server starts uninitialized or sealed. */
export async function startConfiguredServer(opts: ConfiguredServerOptions): Promise<RunningServer> {
  const binary = findServerBinary();
  fs.mkdirSync(opts.workDir, { recursive: true });
  const args = ['server', ...opts.configFiles.map((f) => `-config=${f}`)];
  return launch(binary, args, { port: opts.port, workDir: opts.workDir, scheme: opts.scheme, caPem: opts.caPem, host: opts.host });
}

/** The server's own version line, e.g. `OpenBao v2.7.2 (...)`. */
export function serverBinaryVersion(binary = findServerBinary()): string {
  const out = spawnSync(binary.path, ['version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}

interface LaunchOptions {
  port: number;
  workDir: string;
  rootToken?: string;
  scheme: 'http' | 'https';
  caPem?: string;
  host?: string;
}

async function launch(binary: ServerBinary, args: string[], o: LaunchOptions): Promise<RunningServer> {
  const logFile = path.join(o.workDir, 'server.log');
  const logFd = fs.openSync(logFile, 'a');
  // The child must not inherit a token or address from the developer's shell.
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(VAULT|BAO)_/.test(k)) delete env[k];
  const child: ChildProcess = spawn(binary.path, args, { stdio: ['ignore', logFd, logFd], env, cwd: o.workDir });
  fs.closeSync(logFd);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const address = `${o.scheme}://${o.host ?? '127.0.0.1'}:${o.port}`;
  const client = (token?: string) => new VaultClient({ address, token, caPem: o.caPem });

  const stop = async (stopOpts: { keepWorkDir?: boolean } = {}) => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(killer);
    }
    if (!stopOpts.keepWorkDir) fs.rmSync(o.workDir, { recursive: true, force: true });
  };

  // Wait until the listener answers sys/seal-status (works sealed or unsealed, initialized or not).
  const deadline = Date.now() + 30000;
  let version = '';
  for (;;) {
    if (exited) {
      const log = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`${binary.path} ${args.join(' ')} exited before answering on ${address}:\n${log}`);
    }
    try {
      const res = await client().raw<{ version?: string }>('GET', 'sys/seal-status');
      if (res.status === 200) {
        version = String(res.body.version ?? '');
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop({ keepWorkDir: true });
      throw new Error(`${binary.path} did not answer on ${address} within 30s; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = (sig: NodeJS.Signals) => {
    if (exited) throw new Error(`${binary.path} has exited; cannot send ${sig}`);
    child.kill(sig);
  };
  return { binary, address, port: o.port, rootToken: o.rootToken, version, workDir: o.workDir, logFile, client: (t = o.rootToken) => client(t), stop, signal };
}
