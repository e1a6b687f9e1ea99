// Runs the Vault server a synthesized server stack declares, without a Docker engine: the
// `docker_container` of `<env>-server` (its command, env, volumes, uploaded config, published
// port) becomes an OpenBao process in a private mount namespace, where every volume and bind
// mount appears at its container path (/vault/config, /vault/file, /vault/logs, /vault/tls/...).
// The server therefore reads the very config the stack generates, and an audit device declared
// at /vault/logs/audit.log writes into the logs volume, as it would in the container.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VaultClient } from '../../vault-api/client';
import { findServerBinary } from '../support/vault-server';

type Json = Record<string, unknown>;

/** What the harness needs of a container declaration. */
export interface ContainerSpec {
  readonly name: string;
  readonly command: readonly string[];
  readonly env: readonly string[];
  readonly volumes: ReadonlyArray<{ readonly volumeName?: string; readonly hostPath?: string; readonly containerPath: string; readonly readOnly: boolean }>;
  readonly uploads: ReadonlyArray<{ readonly file: string; readonly content: string }>;
  readonly ports: ReadonlyArray<{ readonly internal: number; readonly external: number; readonly ip: string }>;
  readonly networkMode: string;
}

/** The one docker_container of a synthesized server stack. */
export function containerSpec(stackJson: Json): ContainerSpec {
  const containers = Object.values(((stackJson.resource as Json | undefined)?.docker_container ?? {}) as Record<string, Json>);
  if (containers.length !== 1) throw new Error(`expected one docker_container in the server stack, found ${containers.length}`);
  const c = containers[0];
  const list = <T>(v: unknown) => (Array.isArray(v) ? v : v ? [v] : []) as T[];
  return {
    name: String(c.name),
    command: list<string>(c.command),
    env: list<string>(c.env),
    volumes: list<Json>(c.volumes).map((v) => ({
      volumeName: typeof v.volume_name === 'string' ? referencedVolumeName(stackJson, v.volume_name) : undefined,
      hostPath: typeof v.host_path === 'string' ? v.host_path : undefined,
      containerPath: String(v.container_path),
      readOnly: v.read_only === true,
    })),
    uploads: list<Json>(c.upload).map((u) => ({ file: String(u.file), content: String(u.content) })),
    ports: list<Json>(c.ports).map((p) => ({ internal: Number(p.internal), external: Number(p.external), ip: String(p.ip ?? '0.0.0.0') })),
    networkMode: String(c.network_mode ?? 'bridge'),
  };
}

/** `${docker_volume.x.name}` → the volume's declared name. */
function referencedVolumeName(stackJson: Json, value: string): string {
  const m = /^\$\{docker_volume\.([A-Za-z0-9_-]+)\.name\}$/.exec(value);
  if (!m) return value;
  const volume = ((stackJson.resource as Json).docker_volume as Record<string, Json>)[m[1]];
  return String(volume.name);
}

/**
 * The server command as the image's entrypoint builds it: `server ...` becomes
 * `server -config=/vault/config [-dev-root-token-id=… -dev-listen-address=…] ...`. With bridge
 * networking, Docker publishes the container's port on `ip:external`; the process here listens
 * there directly.
 */
export function entrypointArgs(spec: ContainerSpec): string[] {
  const [first, ...rest] = spec.command;
  if (first !== 'server') throw new Error(`container ${spec.name}: command ${JSON.stringify(spec.command)} is not a \`server\` command`);
  const env = new Map(spec.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const args = ['server', '-config=/vault/config'];
  if (rest.includes('-dev')) {
    let listen = env.get('VAULT_DEV_LISTEN_ADDRESS') ?? '0.0.0.0:8200';
    const published = spec.networkMode === 'bridge' ? spec.ports.find((p) => `:${p.internal}` === listen.slice(listen.lastIndexOf(':'))) : undefined;
    if (published) listen = `${published.ip}:${published.external}`;
    args.push(`-dev-root-token-id=${env.get('VAULT_DEV_ROOT_TOKEN_ID') ?? ''}`, `-dev-listen-address=${listen}`);
  }
  return [...args, ...rest];
}

export interface ContainerServer {
  readonly spec: ContainerSpec;
  /** Host directory backing a named volume. */
  volumeDir(volumeName: string): string;
  /** Host path of a file the server writes at `containerPath` (inside one of its volumes). */
  hostPathOf(containerPath: string): string;
  readonly logFile: string;
  client(token?: string): VaultClient;
  stop(): Promise<void>;
}

export interface RunContainerOptions {
  /** Scratch directory: volumes, server log. */
  readonly dir: string;
  /** Where the API answers, e.g. `http://127.0.0.1:8201`. */
  readonly address: string;
  readonly caPem?: string;
  /** Extra server config files written into the config volume (e.g. OpenBao's API audit flag). */
  readonly extraConfigFiles?: Readonly<Record<string, string>>;
}

/** Refuses clearly when this machine cannot give a process a private mount namespace. */
export function checkNamespaceSupport(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('the server stacks run each server in a private mount namespace (unshare --mount) so it sees its container paths; that needs root here');
  }
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`unshare --mount failed (${(probe.stderr || probe.error?.message || '').trim()}); the harness needs util-linux unshare and mount namespaces`);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function runContainer(spec: ContainerSpec, opts: RunContainerOptions): Promise<ContainerServer> {
  const binary = findServerBinary();
  fs.mkdirSync(opts.dir, { recursive: true });
  const volumeDir = (name: string) => path.join(opts.dir, 'volumes', name);
  const mounts = spec.volumes.map((v) => {
    const source = v.volumeName ? volumeDir(v.volumeName) : v.hostPath;
    if (!source) throw new Error(`container ${spec.name}: a volume at ${v.containerPath} has neither volume_name nor host_path`);
    if (v.volumeName) fs.mkdirSync(source, { recursive: true });
    if (!fs.existsSync(source)) throw new Error(`container ${spec.name}: host path ${source} (mounted at ${v.containerPath}) does not exist`);
    return { ...v, source, isFile: fs.statSync(source).isFile() };
  });
  const hostPathOf = (containerPath: string) => {
    const m = mounts.filter((x) => !x.isFile && (containerPath === x.containerPath || containerPath.startsWith(`${x.containerPath}/`))).sort((a, b) => b.containerPath.length - a.containerPath.length)[0];
    if (!m) throw new Error(`container ${spec.name}: ${containerPath} is in no volume`);
    return path.join(m.source, path.relative(m.containerPath, containerPath));
  };
  // `docker_container.upload` writes its files before the container starts.
  for (const u of spec.uploads) fs.writeFileSync(hostPathOf(u.file), u.content);
  for (const [name, content] of Object.entries(opts.extraConfigFiles ?? {})) fs.writeFileSync(hostPathOf(`/vault/config/${name}`), content);
  if (!mounts.some((m) => m.containerPath === '/vault/config')) throw new Error(`container ${spec.name}: no volume at /vault/config`);

  // Mount points: directories on the host (empty, created once); files get a private tmpfs parent.
  const script: string[] = ['set -e'];
  const fileParents = new Set<string>();
  for (const m of mounts) {
    if (m.isFile) {
      const parent = path.posix.dirname(m.containerPath);
      fs.mkdirSync(parent, { recursive: true });
      if (!fileParents.has(parent)) script.push(`mount -t tmpfs tmpfs ${shellQuote(parent)}`);
      fileParents.add(parent);
      script.push(`touch ${shellQuote(m.containerPath)}`);
    } else {
      fs.mkdirSync(m.containerPath, { recursive: true });
    }
    script.push(`mount --bind ${shellQuote(m.source)} ${shellQuote(m.containerPath)}`);
    if (m.readOnly) script.push(`mount -o remount,bind,ro ${shellQuote(m.containerPath)}`);
  }
  const args = entrypointArgs(spec);
  script.push(`exec ${[binary.path, ...args].map(shellQuote).join(' ')}`);

  const logFile = path.join(opts.dir, 'server.log');
  const logFd = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: opts.dir };
  for (const e of spec.env) env[e.slice(0, e.indexOf('='))] = e.slice(e.indexOf('=') + 1);
  const child: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script.join('\n')], { stdio: ['ignore', logFd, logFd], env, cwd: opts.dir });
  fs.closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const client = (token?: string) => new VaultClient({ address: opts.address, token, caPem: opts.caPem });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`server of ${spec.name} exited before answering on ${opts.address}:\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`);
    const answered = await client().raw('GET', 'sys/seal-status').then((r) => r.status === 200, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server of ${spec.name} did not answer on ${opts.address} within 30 s; log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { spec, volumeDir, hostPathOf, logFile, client, stop };
}
