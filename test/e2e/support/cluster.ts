// A three-node OpenBao cluster on loopback (127.0.0.1, .2, .3; ports the OS assigns), started
// from the configs the prod-server stack generates: the stack is synthesized with those nodes
// (HOODCLOUD_VAULT_NODES), each docker_container's uploaded server.json is read back and its
// container paths (/vault/file, /vault/logs, /vault/config, /vault/tls) are mapped to the node's
// own temp directories, the way test/cli/support/prod-server.ts runs the one-node config. Each
// node has its own certificate from one test CA. Nodes can be killed (SIGKILL) and restarted sealed.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { joinAndUnsealPeers, waitForVoters } from '../../../cli/cluster/join-wait';
import { submitShare } from '../../../cli/unseal/seal-status';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { loadSettings } from '../../../stacks/settings';
import { VaultClient } from '../../../vault-api/client';
import { freePort } from '../../support/free-port';
import { findServerBinary, RunningServer, startConfiguredServer } from '../../support/vault-server';
import { ClusterTls, makeClusterTls } from './cluster-tls';

type Json = Record<string, unknown>;

export const CLUSTER_IPS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;

export interface ClusterNode {
  readonly nodeId: string;
  readonly ip: string;
  readonly port: number;
  /** `https://<ip>:<port>` */
  readonly apiAddr: string;
  readonly dir: string;
  readonly configFiles: readonly string[];
  /** The running process (undefined after kill). */
  server?: RunningServer;
  /** A client of this node (short timeout: a dead leader must not stall a writer). */
  client(token?: string): VaultClient;
  /** Starts the process (sealed once the cluster is initialized). */
  start(): Promise<void>;
  /** SIGKILL, as a crash: no graceful leadership hand-over. */
  kill(): Promise<void>;
}

export interface TestCluster {
  readonly base: string;
  readonly tls: ClusterTls;
  readonly nodes: readonly ClusterNode[];
  /** The synthesized prod-server and prod-config stacks. */
  readonly serverJson: string;
  readonly configJson: string;
  /** Where the config stack's audit device writes (one host: the nodes share it). */
  readonly auditFile: string;
  /** The node whose sys/health says active, if any. */
  activeNode(): Promise<ClusterNode | undefined>;
  stop(): Promise<void>;
}

/** A port free on `host` whose next port is free too (the cluster listener). */
async function freePortPair(host: string): Promise<number> {
  const canListen = (port: number) => new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
  for (;;) {
    const port = await freePort(host);
    if (port < 65534 && (await canListen(port + 1))) return port;
  }
}

/** Replaces every string that starts with a mapped container path by the host path. */
function mapPaths(value: unknown, map: ReadonlyArray<[string, string]>): unknown {
  if (typeof value === 'string') {
    const hit = map.find(([from]) => value === from || value.startsWith(`${from}/`));
    return hit ? hit[1] + value.slice(hit[0].length) : value;
  }
  if (Array.isArray(value)) return value.map((v) => mapPaths(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapPaths(v, map)]));
  return value;
}

export interface ClusterOptions {
  /**
   * Sets the listeners' `disable_unauthed_generate_root_endpoints = false`, which OpenBao (2.5.3 and
   * later) needs for `bootstrap --resume` (sys/generate-root); without it the stack's config as is.
   */
  readonly allowGenerateRoot?: boolean;
}

export async function startCluster(label: string, opts: ClusterOptions = {}): Promise<TestCluster> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `hoodcloud-cluster-${label}-`));
  const ports: number[] = [];
  for (const ip of CLUSTER_IPS) ports.push(await freePortPair(ip));
  const tls = makeClusterTls(path.join(base, 'tls'), CLUSTER_IPS);
  const auditFile = path.join(base, 'audit', 'audit.log');
  fs.mkdirSync(path.dirname(auditFile));

  // The committed prod environment with this machine's nodes, as a deployment would override it.
  const nodesVar = CLUSTER_IPS.map((ip, i) => `hoodcloud-vault-${i + 1}=${ip}:${ports[i]}`).join(',');
  const prod = loadSettings({ HOODCLOUD_VAULT_NODES: nodesVar }).environments.find((e) => e.name === 'prod')!;
  const outdir = path.join(base, 'cdktf.out');
  synthesizeApp({ outdir, environments: [{ ...prod, auditFilePath: auditFile }] });
  const serverJson = path.join(outdir, 'stacks', 'prod-server', 'cdk.tf.json');
  const configJson = path.join(outdir, 'stacks', 'prod-config', 'cdk.tf.json');
  const stack = JSON.parse(fs.readFileSync(serverJson, 'utf8')) as Json;
  const containers = Object.values(((stack.resource as Json).docker_container ?? {}) as Record<string, Json>);
  if (containers.length !== CLUSTER_IPS.length) throw new Error(`prod-server declares ${containers.length} containers, expected ${CLUSTER_IPS.length}`);

  const openbao = findServerBinary().flavour === 'openbao';
  const nodes: ClusterNode[] = containers.map((c) => {
    const config = JSON.parse(String((c.upload as Json[])[0].content)) as Json;
    if (opts.allowGenerateRoot) for (const l of config.listener as Json[]) (l.tcp as Json).disable_unauthed_generate_root_endpoints = false;
    const nodeId = String(((config.storage as Json).raft as Json).node_id);
    const apiAddr = String(config.api_addr);
    const url = new URL(apiAddr);
    const ip = url.hostname;
    const port = Number(url.port);
    const dir = path.join(base, nodeId);
    const nodeTls = tls.nodes.find((t) => t.ip === ip)!;
    // Every mount of the container, at a directory of this node (the TLS directory: its own certificate).
    const map = (c.volumes as Json[]).map((v): [string, string] => {
      const containerPath = String(v.container_path);
      return [containerPath, containerPath === '/vault/tls' ? nodeTls.dir : path.join(dir, path.basename(containerPath))];
    }).sort((a, b) => b[0].length - a[0].length);
    for (const [, host] of map) fs.mkdirSync(host, { recursive: true });
    const main = path.join(dir, 'config', 'server.json');
    fs.writeFileSync(main, JSON.stringify(mapPaths(config, map), null, 2));
    const configFiles = [main];
    if (openbao) {
      // OpenBao creates audit devices through the API only with this flag (the stack's vault_audit needs it).
      const extra = path.join(dir, 'config', 'openbao-api-audit.hcl');
      fs.writeFileSync(extra, 'unsafe_allow_api_audit_creation = true\n');
      configFiles.push(extra);
    }
    let run = 0;
    const node: ClusterNode = {
      nodeId,
      ip,
      port,
      apiAddr,
      dir,
      configFiles,
      client: (token?: string) => new VaultClient({ address: apiAddr, caPem: tls.caPem, token, timeoutMs: 3000 }),
      async start() {
        run += 1;
        node.server = await startConfiguredServer({ port, host: ip, configFiles, workDir: path.join(dir, `run-${run}`), scheme: 'https', caPem: tls.caPem });
      },
      async kill() {
        const s = node.server;
        node.server = undefined;
        if (!s) return;
        s.signal('SIGKILL');
        await s.stop({ keepWorkDir: true });
      },
    };
    return node;
  });
  await Promise.all(nodes.map((n) => n.start()));

  return {
    base,
    tls,
    nodes,
    serverJson,
    configJson,
    auditFile,
    async activeNode() {
      for (const n of nodes.filter((x) => x.server)) {
        const res = await n.client().raw('GET', 'sys/health', { token: null }).catch(() => undefined);
        if (res?.status === 200) return n;
      }
      return undefined;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.server?.stop({ keepWorkDir: true })));
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface FormedCluster {
  readonly rootToken: string;
  readonly shares: readonly string[];
  /** Milliseconds: init to every node a healthy voter. */
  readonly formMs: number;
}

/**
 * Forms the cluster through the API with the root token (for the proofs that are about failover,
 * not about the ceremony): initializes the first node (5 shares, threshold 3), unseals it, then
 * lets the others join and unseals them with the same shares (cli/cluster/join-wait.ts).
 */
export async function formWithRoot(cluster: TestCluster): Promise<FormedCluster> {
  const t0 = Date.now();
  const [first, ...peers] = cluster.nodes;
  const init = await first.client().put<{ keys_base64: string[]; root_token: string }>('sys/init', { secret_shares: 5, secret_threshold: 3 }, { token: null });
  for (const share of init.keys_base64.slice(0, 3)) await submitShare(first.client(), share);
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const deadline = Date.now() + 30_000;
  while ((await first.client().raw('GET', 'sys/health', { token: null })).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${first.nodeId} did not become active`);
    await sleep(200);
  }
  const joined = await joinAndUnsealPeers(peers.map((p) => ({ label: p.nodeId, client: p.client() })), init.keys_base64.slice(0, 3), { sleep, log: () => undefined });
  const failed = joined.filter((j) => j.problem);
  if (failed.length > 0) throw new Error(`peers did not join: ${failed.map((f) => `${f.label}: ${f.problem}`).join('; ')}`);
  await waitForVoters(first.client(init.root_token), cluster.nodes.map((n) => n.nodeId), { sleep, timeoutMs: 60_000, pollMs: 500 });
  return { rootToken: init.root_token, shares: init.keys_base64, formMs: Date.now() - t0 };
}

/** Polls until `check` holds; returns the milliseconds it took, or throws after `timeoutMs` with `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, pollMs = 100): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Mounts KV v2 at `secret/` with check-and-set required, through the active node, and waits until
 * every running node serves it: a standby answers "Waiting for the primary to upgrade from
 * non-versioned to versioned data" for a moment after the mount is created.
 */
export async function mountKvV2(cluster: TestCluster, rootToken: string): Promise<void> {
  const active = await cluster.activeNode();
  if (!active) throw new Error('no active node to mount KV v2 through');
  const root = active.client(rootToken);
  await root.post('sys/mounts/secret', { type: 'kv', options: { version: '2' } });
  await until('KV v2 configured', async () => (await root.raw('POST', 'secret/config', { body: { cas_required: true, max_versions: 10 } })).status === 204, 20_000, 200);
  for (const n of cluster.nodes.filter((x) => x.server)) {
    await until(`KV v2 served by ${n.nodeId}`, async () => (await n.client(rootToken).raw('GET', 'secret/config')).status === 200, 20_000, 200);
  }
}
