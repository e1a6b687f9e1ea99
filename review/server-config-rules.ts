// Blocking rules on how the server is reached, read from the server config each container of a
// server stack uploads (JSON, `docker_container.upload`) and from the ports it publishes: TLS
// turned off on a listener, and a listener (`address`, `cluster_address`) or a published port moved
// to a wider address: loopback → a specific interface → every interface.
import { cidrAdmits, isUnspecifiedAddress, parseCidr } from '../model/cidr';
import { goWeakBool } from '../model/go-bool';
import { tcpListeners } from '../constructs/guardrails/server-container';
import { isJsonObject } from '../terraform-json/json-object';
import { Finding } from './report-model';
import { SynthStack } from './stack-loader';

type Json = Record<string, unknown>;

/** How far a listen address reaches: 0 loopback, 1 one interface, 2 every interface (or cannot tell). */
type Reach = 0 | 1 | 2;
const REACH_TEXT = ['loopback only', 'one interface', 'every interface'] as const;

/** The listener's default address in Vault and OpenBao. */
const DEFAULT_LISTEN_ADDRESS = '127.0.0.1:8200';
const LOOPBACK = [parseCidr('127.0.0.0/8').cidr!, parseCidr('::1/128').cidr!];

/** `127.0.0.1:8200` → `127.0.0.1`, `[::1]:8200` → `::1`, `:8200` → `` (Go listens on every interface). */
function hostOf(address: string): string {
  const bracketed = /^\[(.*)\](?::\d*)?$/.exec(address);
  if (bracketed) return bracketed[1];
  const i = address.lastIndexOf(':');
  return i >= 0 && address.indexOf(':') === i ? address.slice(0, i) : address;
}

function reach(address: string): { reach: Reach; why?: string } {
  if (address.includes('{{')) return { reach: 2, why: 'a go-sockaddr template: the review cannot tell which interfaces it names' };
  const host = hostOf(address.trim());
  if (host === '' || isUnspecifiedAddress(host)) return { reach: 2 };
  if (host.toLowerCase() === 'localhost' || LOOPBACK.some((c) => cidrAdmits(c, host))) return { reach: 0 };
  return { reach: 1 };
}

/** The JSON server configs a container uploads, by file. */
function serverConfigs(container: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const u of Array.isArray(container.upload) ? container.upload : []) {
    if (!isJsonObject(u) || typeof u.content !== 'string' || typeof u.file !== 'string') continue;
    try {
      const cfg = JSON.parse(u.content) as unknown;
      if (isJsonObject(cfg) && 'listener' in cfg) out.set(u.file, cfg);
    } catch {
      // not JSON (HCL or another file): nothing to read
    }
  }
  return out;
}

function containers(stack: SynthStack | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const r of stack?.resources ?? []) if (r.type === 'docker_container') out.set(typeof r.attributes.name === 'string' ? r.attributes.name : r.logicalId, r.attributes as Json);
  return out;
}

interface Endpoint {
  readonly where: string;
  readonly address: string;
  /** Where the base listened at the same place; undefined when the place is new. */
  readonly before?: string;
  readonly tlsDisabled?: { readonly now: unknown; readonly before: boolean };
}

/** The listeners and published ports of one container, each with its base counterpart. */
function endpoints(h: Json, b: Json | undefined): Endpoint[] {
  const out: Endpoint[] = [];
  const baseConfigs = b ? serverConfigs(b) : new Map<string, Json>();
  for (const [file, cfg] of serverConfigs(h)) {
    const baseListeners = baseConfigs.has(file) ? tcpListeners(baseConfigs.get(file)!) : undefined;
    tcpListeners(cfg).forEach((l, i) => {
      const bl = baseListeners?.[i];
      const address = String(l.address ?? DEFAULT_LISTEN_ADDRESS);
      const baseAddress = bl ? String(bl.address ?? DEFAULT_LISTEN_ADDRESS) : undefined;
      const where = `${file} listener[${i}].tcp`;
      out.push({ where: `${where}.address`, address, before: baseAddress, tlsDisabled: { now: l.tls_disable, before: bl !== undefined && goWeakBool(bl.tls_disable) === true } });
      // Without a cluster_address the cluster listener binds the API listener's host (port + 1).
      out.push({ where: `${where}.cluster_address`, address: String(l.cluster_address ?? address), before: bl ? String(bl.cluster_address ?? baseAddress) : undefined });
    });
  }
  const ports = (c: Json | undefined) => (Array.isArray(c?.ports) ? (c!.ports as unknown[]) : []).filter(isJsonObject);
  const basePorts = ports(b);
  ports(h).forEach((p, i) => {
    const bp = basePorts.find((x) => x.internal === p.internal && (x.protocol ?? 'tcp') === (p.protocol ?? 'tcp'));
    // Docker publishes on every host interface unless `ip` says otherwise.
    out.push({ where: `ports[${i}].ip (container port ${String(p.internal)})`, address: String(p.ip ?? '0.0.0.0'), before: bp ? String(bp.ip ?? '0.0.0.0') : undefined });
  });
  return out;
}

export function serverConfigFindings(env: string, stack: string, base: SynthStack | undefined, head: SynthStack | undefined): Finding[] {
  const before = containers(base);
  const out: Finding[] = [];
  for (const [name, h] of [...containers(head)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const e of endpoints(h, before.get(name))) {
      const at = `${stack}: container "${name}" ${e.where}`;
      if (e.tlsDisabled && goWeakBool(e.tlsDisabled.now) === true && !e.tlsDisabled.before) {
        out.push({ environment: env, rule: 'server-tls-disabled', message: `${at.replace(/\.address$/, '')}.tls_disable = ${JSON.stringify(e.tlsDisabled.now)}: the server would serve tokens, secret IDs and secrets without TLS` });
      }
      const now = reach(e.address);
      const was = e.before === undefined ? undefined : reach(e.before).reach;
      if ((was === undefined && now.reach === 2) || (was !== undefined && now.reach > was)) {
        const from = e.before === undefined ? 'a new listener' : `${JSON.stringify(e.before)} (${REACH_TEXT[was!]})`;
        out.push({ environment: env, rule: 'server-listener-widened', message: `${at}: ${from} → ${JSON.stringify(e.address)} (${REACH_TEXT[now.reach]}${now.why ? `: ${now.why}` : ''}): the server becomes reachable from more hosts` });
      }
    }
  }
  return out;
}
