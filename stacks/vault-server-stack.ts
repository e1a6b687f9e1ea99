import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { renderServerConfig } from '../constructs/server-config';
import { CONTAINER_API_PORT, CONTAINER_PATHS, TLS_CA_FILE_NAME, tlsContainerFile, VaultServer } from '../constructs/vault-server';
import { hostPort } from '../model/host-port';
import { nodeIdProblem } from '../model/node-list';
import { applyGuardrails, suppressGuardrail } from '../constructs/guardrails';
import { EnvironmentSettings, ServerNode, serverStackName } from './environment';
import { configureTerraformBlock } from './terraform-block';

/** `https://<address>:<port>`: where clients and peers reach a node's API. */
export function nodeApiAddr(node: ServerNode): string {
  return `https://${hostPort(node.address, node.port)}`;
}

/**
 * `<env>-server`: the Vault server containers (docker provider). Deploy before `<env>-config`.
 * Dev mode runs one node; server mode runs every node of the raft cluster, each in its own
 * container with its own volumes, on the Docker daemon its settings name: one docker provider per
 * distinct daemon, so a cluster spread over three hosts is one stack and one plan.
 */
export class VaultServerStack extends TerraformStack {
  /** One per node, in the order of the settings. */
  readonly servers: readonly VaultServer[];

  constructor(scope: Construct, readonly settings: EnvironmentSettings) {
    const name = serverStackName(settings.name);
    super(scope, name);
    configureTerraformBlock(this, name);
    // The default engine (DOCKER_HOST at deploy time) for nodes that name no Docker daemon.
    new DockerProvider(this, 'docker', {});
    const s = settings.server;
    const problems = settingsProblems(settings);
    this.node.addValidation({ validate: () => problems });

    const providers = new Map<string, DockerProvider>();
    const providerFor = (node: ServerNode) => {
      if (node.dockerHost === undefined) return undefined;
      let provider = providers.get(node.dockerHost);
      if (!provider) {
        // Named after the first node on that daemon: stable while nodes are added elsewhere.
        const alias = `host-${node.id.replace(/\./g, '_')}`;
        provider = new DockerProvider(this, `docker-${alias}`, { alias, host: node.dockerHost });
        providers.set(node.dockerHost, provider);
      }
      return provider;
    };

    const seen = new Set<string>();
    // Refused lists (reported above) are built as far as they go: dev mode's first node, each id once.
    const unique = s.nodes.filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)));
    const nodes = s.mode === 'dev' ? unique.slice(0, 1) : unique;
    // The first node on each Docker daemon pulls the image; the others on that daemon run the same resource.
    const imageOnDaemon = new Map<string, VaultServer['image']>();
    this.servers = nodes.map((node) => {
      // Construct ids (and so resource addresses) follow the node id: adding or removing a node never renames another's volumes.
      const id = s.mode === 'dev' ? 'vault' : `vault-${node.id}`;
      const server = new VaultServer(this, id, {
        containerName: node.id,
        image: s.image,
        mode: s.mode === 'dev' ? { kind: 'dev', rootTokenId: s.devRootTokenId ?? '' } : serverMode(settings, node, nodes),
        networkMode: s.networkMode,
        bindAddress: node.address,
        port: node.port,
        provider: providerFor(node),
        sharedImage: imageOnDaemon.get(node.dockerHost ?? ''),
      });
      if (!imageOnDaemon.has(node.dockerHost ?? '')) imageOnDaemon.set(node.dockerHost ?? '', server.image);
      // The acknowledgement of a listener on every interface is a reviewed decision in the committed settings.
      if (s.listenEverywhere) suppressGuardrail(server, 'HC-SERVER-2', s.listenEverywhere.reason);
      return server;
    });
    applyGuardrails(this, { production: settings.production, cidrPrefixBounds: settings.cidrPrefixBounds });
  }
}

/** Server mode for one node: its raft member, TLS listener and a retry_join block per peer. */
function serverMode(settings: EnvironmentSettings, node: ServerNode, nodes: readonly ServerNode[]) {
  const s = settings.server;
  const host = s.networkMode === 'host';
  const certHostFile = s.tls?.certHostFile ?? 'tls.crt';
  const caFile = `${CONTAINER_PATHS.tls}/${TLS_CA_FILE_NAME}`;
  return {
    kind: 'server' as const,
    tlsCertHostFile: s.tls?.certHostFile ?? '',
    tlsKeyHostFile: s.tls?.keyHostFile ?? '',
    config: renderServerConfig({
      listenAddress: host ? hostPort(node.address, node.port) : `0.0.0.0:${CONTAINER_API_PORT}`,
      clusterListenAddress: host ? hostPort(node.address, node.port + 1) : `0.0.0.0:${CONTAINER_API_PORT + 1}`,
      apiAddr: nodeApiAddr(node),
      clusterAddr: `https://${hostPort(node.address, node.port + 1)}`,
      raftPath: CONTAINER_PATHS.data,
      nodeId: node.id,
      performanceMultiplier: s.raft?.performanceMultiplier,
      // A node started uninitialized asks each peer in turn until one lets it in (the first node is initialized by `bootstrap`).
      retryJoin: nodes.filter((p) => p.id !== node.id).map((p) => ({ leaderApiAddr: nodeApiAddr(p), leaderCaCertFile: caFile })),
      tlsCertFile: tlsContainerFile(certHostFile),
      tlsKeyFile: tlsContainerFile(s.tls?.keyHostFile ?? 'tls.key'),
      tlsMinVersion: s.tls?.minVersion,
      tlsDisable: s.tls?.disable,
    }),
  };
}

/** What the settings get wrong that no construct can see: the node list as a whole, mode-specific fields. */
function settingsProblems(settings: EnvironmentSettings): string[] {
  const s = settings.server;
  const e = settings.name;
  const problems: string[] = [];
  if (s.mode === 'server' && !s.tls) problems.push(`${e}.server.tls = undefined: expected TLS certificate and key host paths in server mode`);
  if (s.mode === 'server' && s.devRootTokenId !== undefined) problems.push(`${e}.server.devRootTokenId = ${JSON.stringify(s.devRootTokenId)}: expected no root token outside dev mode`);
  if (s.mode === 'server' && !s.raft) problems.push(`${e}.server.raft = undefined: expected the raft settings (performanceMultiplier, autopilot) in server mode`);
  if (s.nodes.length === 0) problems.push(`${e}.server.nodes = []: expected at least one node`);
  if (s.mode === 'dev' && s.nodes.length > 1) problems.push(`${e}.server.nodes = ${JSON.stringify(s.nodes.map((n) => n.id))}: dev mode runs one in-memory node; a cluster needs server mode`);
  s.nodes.forEach((n, i) => {
    const why = nodeIdProblem(n.id);
    if (why) problems.push(`${e}.server.nodes[${i}].id = ${JSON.stringify(n.id)}: ${why}`);
    const first = s.nodes.findIndex((m) => m.id === n.id);
    if (first !== i) problems.push(`${e}.server.nodes[${i}].id = ${JSON.stringify(n.id)}: is also the id of server.nodes[${first}]; every node needs its own id (it names its raft member, container and volumes)`);
  });
  return problems;
}
