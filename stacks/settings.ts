// The settings loader: the ONE place that reads environment variables. It applies production's
// deployment-specific overrides to the committed environments and validates each value it took
// from the environment, reporting every problem at once (variable, value, what is expected). The
// committed values themselves are validated by the constructs they configure, at synth.
import * as path from 'node:path';
import { familiesAdmittingEveryone, isUnspecifiedAddress, parseCidr, EXAMPLE_CIDRS } from '../model/cidr';
import { dockerHostProblem } from '../model/docker-host';
import { hostPathProblem } from '../model/host-path';
import { hostPort } from '../model/host-port';
import { parseImageReference, unpinnedBecause } from '../model/image-reference';
import { parseNodeList, splitEntries } from '../model/node-list';
import { parseServerAddress } from '../model/server-address';
import { SERVICES } from '../services/registry';
import { ServiceDefinition } from '../services/service-definition';
import { EnvironmentSettings, RoleBinding, ServerNode } from './environment';
import { ENVIRONMENTS } from './environments';

/** Production variables beside the per-role CIDR variables (documented in README). */
export const PROD_SERVER_VARIABLES = {
  HOODCLOUD_VAULT_NODES: 'The cluster\'s nodes, comma-separated `node_id=address[:port]` (port default 8200, the cluster port is the next one); an odd number, usually 3',
  HOODCLOUD_VAULT_DOCKER_HOSTS: 'Docker daemon per node, comma-separated `node_id=ssh://user@host` (or tcp://, unix://); nodes not listed use the default engine (DOCKER_HOST)',
  // Not VAULT_ADDR: that is every Vault client's "where do I connect" and must never change what is synthesized.
  HOODCLOUD_VAULT_ADDR: 'Address the vault provider uses for the prod-config stack (default: the first node\'s API address)',
  VAULT_IMAGE: 'Pinned server image, e.g. hashicorp/vault:1.21.4 or name@sha256:<digest>',
  VAULT_TLS_CERT_FILE: 'Host path of the TLS certificate (PEM); its directory is mounted read-only into the prod container',
  VAULT_TLS_KEY_FILE: 'Host path of the TLS private key (PEM), in the same directory as the certificate',
} as const;

/** Variables that were read once and are refused now, with what replaces them. */
const RETIRED_VARIABLES: Readonly<Record<string, { field: string; instead: (value: string) => string }>> = {
  VAULT_BIND_ADDR: {
    field: 'server.nodes',
    instead: (v) => `is no longer read: production is a cluster with one address per node; set HOODCLOUD_VAULT_NODES instead, e.g. hoodcloud-vault-1=${v},hoodcloud-vault-2=<ip>,hoodcloud-vault-3=<ip> (or hoodcloud-vault-1=${v} for a single node)`,
  },
};

/** Every production override: the server variables and one CIDR variable per role of the registry. */
export function prodOverrides(services: readonly ServiceDefinition[] = SERVICES): Record<string, string> {
  return {
    ...PROD_SERVER_VARIABLES,
    ...Object.fromEntries(services.map((s) => [s.cidrVariable, `Comma-separated CIDRs the ${s.roleName} role is bound to (default 127.0.0.1/32)`])),
  };
}

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

/** Loads the committed environments, applies production overrides from `env`, validates them. */
export function loadSettings(env: Env, environments: readonly EnvironmentSettings[] = ENVIRONMENTS, services: readonly ServiceDefinition[] = SERVICES): Settings {
  const problems: string[] = [];
  const resolved = environments.map((e) => (e.production ? applyProdOverrides(e, env, services, problems) : e));
  if (problems.length > 0) throw new SettingsError(problems);
  return { environments: resolved, outdir: env.CDKTF_OUTDIR || 'cdktf.out' };
}

/** `prod.server.nodes[1] (from HOODCLOUD_VAULT_NODES) = "x": expected ...` */
function problem(e: EnvironmentSettings, field: string, variable: string, value: string, expected: string): string {
  return `${e.name}.${field} (from ${variable}) = ${JSON.stringify(value)}: ${expected}`;
}

function applyProdOverrides(e: EnvironmentSettings, env: Env, services: readonly ServiceDefinition[], problems: string[]): EnvironmentSettings {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const bad = (field: string, variable: string, v: string, expected: string) => problems.push(problem(e, field, variable, v, expected));

  const roles: Record<string, RoleBinding> = { ...e.roles };
  for (const service of services) {
    const raw = env[service.cidrVariable];
    if (raw === undefined) continue;
    const cidrs = raw.split(',').map((c) => c.trim()).filter((c) => c !== '');
    if (cidrs.length === 0) bad(`roles.${service.roleName}`, service.cidrVariable, raw, `expected at least one CIDR such as ${EXAMPLE_CIDRS}`);
    const parsed = cidrs.map((c, i) => ({ c, i, r: parseCidr(c) }));
    for (const { c, i, r } of parsed) if (r.problem) bad(`roles.${service.roleName}.secretIdBoundCidrs[${i}]`, service.cidrVariable, c, `the value ${r.problem}`);
    const open = familiesAdmittingEveryone(parsed.flatMap(({ r }) => (r.cidr ? [r.cidr] : [])));
    if (open.length > 0) bad(`roles.${service.roleName}`, service.cidrVariable, raw, `admits every ${open.map((f) => `IPv${f}`).join(' and ')} address together; bind the role to the CIDRs of the servers that use it`);
    // Canonical CIDR notation: a bare address becomes /32 or /128 wherever it goes.
    const written = parsed.map(({ c, r }) => r.cidr?.text ?? c);
    roles[service.roleName] = { secretIdBoundCidrs: written, tokenBoundCidrs: written };
  }

  for (const [variable, retired] of Object.entries(RETIRED_VARIABLES)) {
    const v = value(variable);
    if (v !== undefined) bad(retired.field, variable, v, retired.instead(v));
  }

  let server = e.server;
  const nodes = nodesOverride(e, value('HOODCLOUD_VAULT_NODES'), bad);
  if (nodes) server = { ...server, nodes };
  const dockerHosts = value('HOODCLOUD_VAULT_DOCKER_HOSTS');
  if (dockerHosts !== undefined) server = { ...server, nodes: withDockerHosts(server.nodes, dockerHosts, bad) };
  const image = value('VAULT_IMAGE');
  if (image !== undefined) {
    const parsed = parseImageReference(image);
    const why = parsed.problem ?? unpinnedBecause(parsed.image);
    if (why) bad('server.image', 'VAULT_IMAGE', image, `expected a pinned image reference such as hashicorp/vault:1.21.4 or name@sha256:<digest>; this one ${why}`);
    server = { ...server, image };
  }
  if (server.tls) {
    let tls = server.tls;
    for (const [field, variable] of [['certHostFile', 'VAULT_TLS_CERT_FILE'], ['keyHostFile', 'VAULT_TLS_KEY_FILE']] as const) {
      const v = value(variable);
      if (v === undefined) continue;
      const why = hostPathProblem(v);
      if (why) bad(`server.tls.${field}`, variable, v, `expected an absolute, normalized path of a PEM file; this one ${why}`);
      tls = { ...tls, [field]: v };
    }
    const bothValid = !hostPathProblem(tls.certHostFile) && !hostPathProblem(tls.keyHostFile);
    if (bothValid && (value('VAULT_TLS_CERT_FILE') !== undefined || value('VAULT_TLS_KEY_FILE') !== undefined)) {
      if (tls.certHostFile === tls.keyHostFile) bad('server.tls.keyHostFile', 'VAULT_TLS_KEY_FILE', tls.keyHostFile, 'is the same file as the certificate; the key and the certificate are two files');
      else if (path.posix.dirname(tls.certHostFile) !== path.posix.dirname(tls.keyHostFile)) {
        bad('server.tls.keyHostFile', 'VAULT_TLS_KEY_FILE', tls.keyHostFile, `is not in the certificate's directory (${path.posix.dirname(tls.certHostFile)}); the directory is mounted as a whole so a renewed certificate reloads on SIGHUP`);
      }
    }
    server = { ...server, tls };
  }

  // The provider talks to the first node unless told otherwise (a standby forwards its writes).
  let vaultAddress = nodes && nodes.length > 0 ? `https://${hostPort(nodes[0].address, nodes[0].port)}` : e.vaultAddress;
  const address = value('HOODCLOUD_VAULT_ADDR');
  if (address !== undefined) {
    const parsed = parseServerAddress(address);
    if (parsed.problem) bad('vaultAddress', 'HOODCLOUD_VAULT_ADDR', address, `the value ${parsed.problem}`);
    else if (parsed.address?.scheme !== 'https') bad('vaultAddress', 'HOODCLOUD_VAULT_ADDR', address, 'expected an https:// URL in production');
    vaultAddress = parsed.address?.text ?? address;
  }
  return { ...e, vaultAddress, server, roles };
}

type Bad = (field: string, variable: string, value: string, expected: string) => void;

/** The nodes of HOODCLOUD_VAULT_NODES (port default: the first committed node's), or undefined when unset. */
function nodesOverride(e: EnvironmentSettings, raw: string | undefined, bad: Bad): ServerNode[] | undefined {
  if (raw === undefined) return undefined;
  const variable = 'HOODCLOUD_VAULT_NODES';
  const defaultPort = e.server.nodes[0]?.port ?? 8200;
  const { nodes, problems } = parseNodeList(raw);
  for (const p of problems) bad(`server.nodes[${p.index}]`, variable, p.text, `the entry ${p.problem}; expected node_id=address[:port], e.g. hoodcloud-vault-1=10.0.0.5`);
  if (nodes.length === 0 && problems.length === 0) bad('server.nodes', variable, raw, 'lists no node; expected node_id=address[:port] entries, e.g. hoodcloud-vault-1=10.0.0.5,hoodcloud-vault-2=10.0.0.6,hoodcloud-vault-3=10.0.0.7');
  const out = nodes.map((n) => ({ id: n.id, address: n.address, port: n.port ?? defaultPort }));
  const ids = new Map<string, number>();
  const ports = new Map<string, number>();
  out.forEach((n, i) => {
    const first = ids.get(n.id);
    if (first !== undefined) bad(`server.nodes[${i}].id`, variable, n.id, `is also the id of server.nodes[${first}]; every node needs its own id (it names its raft member, container and volumes)`);
    else ids.set(n.id, i);
    // Each node takes its API port and the next one (cluster); two nodes on one address must not overlap.
    const taken = [n.port, n.port + 1].map((p) => hostPort(n.address, p)).find((key) => ports.has(key));
    if (taken !== undefined) bad(`server.nodes[${i}]`, variable, `${n.id}=${hostPort(n.address, n.port)}`, `uses ${taken}, which server.nodes[${ports.get(taken)}] uses too (a node takes its port and the next one); give every node its own address or ports`);
    else for (const p of [n.port, n.port + 1]) ports.set(hostPort(n.address, p), i);
    if (isUnspecifiedAddress(n.address) && !e.server.listenEverywhere) {
      bad(`server.nodes[${i}].address`, variable, n.address, 'listens on every interface; give each node the address its peers and clients use, or acknowledge it in the committed settings (stacks/environments.ts: server.listenEverywhere = { reason })');
    }
  });
  // Odd voter counts are the guardrail HC-CLUSTER-1's (it reads the synthesized stack), not repeated here.
  return out;
}

/** The nodes with the Docker daemons of HOODCLOUD_VAULT_DOCKER_HOSTS (`node_id=url`). */
function withDockerHosts(nodes: readonly ServerNode[], raw: string, bad: Bad): ServerNode[] {
  const variable = 'HOODCLOUD_VAULT_DOCKER_HOSTS';
  const { entries, problems } = splitEntries(raw);
  for (const p of problems) bad(`server.nodes[${p.index}].dockerHost`, variable, p.text, 'the entry is not of the form node_id=ssh://user@host (or tcp://, unix://)');
  const hosts = new Map<string, string>();
  for (const entry of entries) {
    const i = nodes.findIndex((n) => n.id === entry.key);
    if (i < 0) {
      bad('server.nodes', variable, entry.text, `names the node ${JSON.stringify(entry.key)}, which is not one of the nodes (${nodes.map((n) => n.id).join(', ')}); list the node in HOODCLOUD_VAULT_NODES first`);
      continue;
    }
    const why = dockerHostProblem(entry.value);
    if (why) bad(`server.nodes[${i}].dockerHost`, variable, entry.value, `the value ${why}`);
    else if (hosts.has(entry.key)) bad(`server.nodes[${i}].dockerHost`, variable, entry.text, 'names the node a second time; one Docker daemon per node');
    else hosts.set(entry.key, entry.value);
  }
  return nodes.map((n) => (hosts.has(n.id) ? { ...n, dockerHost: hosts.get(n.id) } : n));
}
