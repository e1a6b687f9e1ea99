// The Vault server nodes a synthesized server stack declares, read from its `docker_container`
// resources and the server config each one uploads: container, raft node id, API and cluster
// addresses, retry_join peers, the volume holding its raft data and the docker provider (host) it
// runs on. Shared by the operations CLI (which nodes to unseal, wait for, show) and the review
// (which topology changes lower failure tolerance).
import { isJsonObject } from './json-object';
import { resolveReferences } from './references';

type Json = Record<string, unknown>;

/** One resource as the readers see it (raw cdk.tf.json, or the review's loaded stack). */
export interface StackResource {
  readonly type: string;
  readonly logicalId: string;
  /** Attributes; `${docker_volume.x.name}` references resolved where the caller can. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface DeclaredServerNode {
  /** Docker container name. */
  readonly container: string;
  /** Resource name of the docker_container (its Terraform address is `docker_container.<logicalId>`). */
  readonly logicalId: string;
  /** `storage.raft.node_id`; undefined for a dev-mode or non-raft server. */
  readonly nodeId?: string;
  readonly apiAddr?: string;
  readonly clusterAddr?: string;
  /** Where the raft data lives inside the container. */
  readonly raftPath?: string;
  /** `leader_api_addr` of every retry_join block. */
  readonly retryJoin: readonly string[];
  /** False when it joins as a non-voter (`retry_join_as_non_voter`). */
  readonly voter: boolean;
  readonly performanceMultiplier?: number;
  /** Name of the docker volume mounted at (or above) the raft path. */
  readonly dataVolume?: string;
  /** `docker.<alias>` when the node runs through an aliased docker provider; undefined: the default one. */
  readonly provider?: string;
  /** The server runs `server -dev` (in memory, no raft). */
  readonly dev: boolean;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function parseJson(text: unknown): Json | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isJsonObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** True when `inner` is `outer` or below it. */
function within(inner: string, outer: string): boolean {
  const o = outer.replace(/\/+$/, '');
  return inner === o || inner.startsWith(`${o}/`);
}

/** The server nodes among `resources`: every docker_container whose command starts with `server`. */
export function serverNodesOf(resources: Iterable<StackResource>): DeclaredServerNode[] {
  const out: DeclaredServerNode[] = [];
  for (const r of resources) {
    const a = r.attributes;
    if (r.type !== 'docker_container' || list(a.command)[0] !== 'server') continue;
    const dev = list(a.command).some((c) => typeof c === 'string' && /^--?dev(=(1|t|true))?$/i.test(c));
    const config = list(a.upload).map((u) => (isJsonObject(u) ? parseJson(u.content) : undefined)).find((c) => c && isJsonObject(c.storage) && c.storage.raft !== undefined);
    const raft = config ? (list((config.storage as Json).raft)[0] as Json | undefined) : undefined;
    const raftPath = str(raft?.path);
    const volumes = list(a.volumes).filter(isJsonObject);
    const data = raftPath ? volumes.filter((v) => typeof v.container_path === 'string' && within(raftPath, v.container_path)).sort((x, y) => String(y.container_path).length - String(x.container_path).length)[0] : undefined;
    out.push({
      container: str(a.name) ?? r.logicalId,
      logicalId: r.logicalId,
      nodeId: str(raft?.node_id),
      apiAddr: str(config?.api_addr),
      clusterAddr: str(config?.cluster_addr),
      raftPath,
      retryJoin: list(raft?.retry_join).filter(isJsonObject).flatMap((j) => str(j.leader_api_addr) ?? []),
      voter: !(raft?.retry_join_as_non_voter === true || raft?.retry_join_as_non_voter === 'true'),
      performanceMultiplier: typeof raft?.performance_multiplier === 'number' ? raft.performance_multiplier : undefined,
      dataVolume: str(data?.volume_name),
      provider: str(a.provider),
      dev,
    });
  }
  return out;
}

/** The server nodes of a raw `cdk.tf.json`, with references to volume names resolved. */
export function serverNodesOfStackJson(stackJson: unknown): DeclaredServerNode[] {
  const resource = isJsonObject(stackJson) && isJsonObject(stackJson.resource) ? stackJson.resource : {};
  const byAddress = new Map<string, Json>();
  for (const [type, byName] of Object.entries(resource)) {
    if (!isJsonObject(byName)) continue;
    for (const [name, attrs] of Object.entries(byName)) if (isJsonObject(attrs)) byAddress.set(`${type}.${name}`, attrs);
  }
  const resources: StackResource[] = [];
  for (const [address, attrs] of byAddress) {
    const [type, logicalId] = address.split('.');
    // Only what is literally declared is resolved (a volume's name); anything else stays as written.
    const attributes = resolveReferences(attrs, address, (ref) => {
      const v = byAddress.get(ref.address)?.[ref.attribute];
      return typeof v === 'string' || typeof v === 'number' ? v : `\${${ref.address}.${ref.attribute}}`;
    }) as Json;
    resources.push({ type, logicalId, attributes });
  }
  return serverNodesOf(resources);
}
