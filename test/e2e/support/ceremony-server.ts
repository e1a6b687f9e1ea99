// Production-like servers for the bootstrap ceremony tests: the prod server config (TLS from a test
// CA, raft storage), each on ports the OS assigns, in its own directory. `allowGenerateRoot` sets
// the listener's `disable_unauthed_generate_root_endpoints = false`, which OpenBao (2.5.3 and
// later) needs for `bootstrap --resume` (sys/generate-root); without it the server keeps the default.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VaultClient } from '../../../vault-api/client';
import { freePorts } from '../../support/free-port';
import { RunningServer } from '../../support/vault-server';
import { ProdServerFiles, startProdServer, writeProdServerConfig } from '../../cli/support/prod-server';
import { synthesizeProdConfig } from '../../cli/support/prod-config';
import { cliRunner, CliRunner } from '../../cli/support/run-cli';
import { makeTestTls, TestTls } from '../../cli/support/tls';

export interface CeremonyServer {
  readonly dir: string;
  readonly address: string;
  readonly files: ProdServerFiles;
  readonly server: RunningServer;
  client(token?: string): VaultClient;
  /** Stops the process (SIGTERM) and starts it again on the same storage, optionally with another generate-root setting. */
  restart(opts?: { allowGenerateRoot?: boolean }): Promise<void>;
  /** SIGKILL, as a crash or power loss would stop it. */
  kill(): Promise<void>;
  /** Stops it, empties its raft directory (what the runbook says to do with lost shares) and starts it again. */
  wipe(): Promise<void>;
  stop(): Promise<void>;
}

function setGenerateRoot(files: ProdServerFiles, allow: boolean): void {
  const file = files.configFiles[0];
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const listener of config.listener) {
    if (allow) listener.tcp.disable_unauthed_generate_root_endpoints = false;
    else delete listener.tcp.disable_unauthed_generate_root_endpoints;
  }
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Writes the config under `dir` and starts the server; it answers uninitialized and sealed. */
export async function startCeremonyServer(dir: string, tls: TestTls, opts: { allowGenerateRoot: boolean }): Promise<CeremonyServer> {
  const [port, clusterPort] = await freePorts(2);
  const files = writeProdServerConfig(dir, tls, port, clusterPort);
  setGenerateRoot(files, opts.allowGenerateRoot);
  let run = 1;
  let server = await startProdServer(dir, files, tls, run);
  const address = `https://127.0.0.1:${port}`;
  const env: CeremonyServer = {
    dir,
    address,
    files,
    get server() {
      return server;
    },
    client: (token) => new VaultClient({ address, caPem: tls.caPem, token }),
    async restart(o = {}) {
      await server.stop({ keepWorkDir: true });
      if (o.allowGenerateRoot !== undefined) setGenerateRoot(files, o.allowGenerateRoot);
      server = await startProdServer(dir, files, tls, ++run);
    },
    async kill() {
      server.signal('SIGKILL');
      await server.stop({ keepWorkDir: true });
    },
    async wipe() {
      await server.stop({ keepWorkDir: true });
      fs.rmSync(files.raftPath, { recursive: true, force: true });
      fs.mkdirSync(files.raftPath);
      server = await startProdServer(dir, files, tls, ++run);
    },
    stop: () => server.stop({ keepWorkDir: true }),
  };
  return env;
}

/** Every log the server wrote under `dir` (one per run), for leak checks. */
export function serverLogs(dir: string): string {
  return fs.readdirSync(dir).filter((d) => d.startsWith('run-')).map((d) => fs.readFileSync(path.join(dir, d, 'server.log'), 'utf8')).join('\n');
}

/**
 * What a ceremony test file starts from: a scratch directory, a test CA, a fresh ceremony server,
 * the prod-config stack synthesized for its address (audit log under the scratch directory), and a
 * CLI runner pointed at it over TLS.
 */
export interface CeremonyScene {
  readonly base: string;
  readonly tls: TestTls;
  readonly server: CeremonyServer;
  readonly configJsonFile: string;
  readonly cli: CliRunner;
  /** Stops the server and removes the scratch directory. */
  stop(): Promise<void>;
}

/** Starts a {@link CeremonyScene} in a new temp directory named `prefix…`. */
export async function startCeremonyScene(prefix: string, opts: { allowGenerateRoot: boolean }): Promise<CeremonyScene> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const tls = makeTestTls(path.join(base, 'tls'));
  fs.mkdirSync(path.join(base, 'audit'));
  const server = await startCeremonyServer(path.join(base, 'server'), tls, opts);
  const configJsonFile = synthesizeProdConfig(path.join(base, 'cdktf.out'), path.join(base, 'audit', 'audit.log'), server.address);
  const cli = cliRunner({ VAULT_ADDR: server.address, VAULT_CACERT: tls.caFile });
  return {
    base, tls, server, configJsonFile, cli,
    async stop() {
      await server.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
