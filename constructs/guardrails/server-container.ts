// What the HC-SERVER rules read of a synthesized `docker_container`: its command, its uploaded
// server config (JSON files under /vault/config) and where it listens on the host.
import { IConstruct } from 'constructs';
import { Container, ContainerPorts, ContainerUpload } from '@cdktf/provider-docker/lib/container';
import { goParseBool, goWeakBool } from '../../model/go-bool';
import { GuardrailContext, resolved } from './guardrail';

export interface ServerContainer {
  readonly container: Container;
  readonly command: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  /** Every uploaded JSON config file, parsed. */
  readonly configs: ReadonlyArray<{ readonly file: string; readonly config: Record<string, unknown> }>;
  readonly networkMode: string;
  readonly ports: readonly ContainerPorts[];
  readonly dev: boolean;
}

/** `-dev`, `--dev`, `-dev=true` (Go's flag package reads the value with strconv.ParseBool). */
function isDevFlag(arg: string): boolean {
  const m = /^--?dev(?:=(.*))?$/.exec(arg);
  return m !== null && (m[1] === undefined || goParseBool(m[1]) === true);
}

/** The server view of a `docker_container` node whose command is `server ...`; undefined otherwise. */
export function serverContainer(node: IConstruct, { stack }: GuardrailContext): ServerContainer | undefined {
  if (!(node instanceof Container)) return undefined;
  const command = node.commandInput ?? [];
  if (command[0] !== 'server') return undefined;
  const uploads = (resolved(stack, node.uploadInput) ?? []) as ContainerUpload[];
  const configs = uploads
    .filter((u) => u.file.endsWith('.json') && u.content !== undefined)
    .map((u) => ({ file: u.file, config: JSON.parse(String(u.content)) as Record<string, unknown> }));
  const env = new Map((node.envInput ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
  return {
    container: node,
    command,
    env,
    configs,
    networkMode: node.networkModeInput ?? 'bridge',
    ports: (resolved(stack, node.portsInput) ?? []) as ContainerPorts[],
    dev: command.some(isDevFlag),
  };
}

/** The TCP listener blocks of a config (`listener: [{ tcp: {...} }]`, or `listener: { tcp: {...} }`). */
export function tcpListeners(config: Record<string, unknown>): Array<Record<string, unknown>> {
  const raw = config.listener;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.flatMap((l) => {
    const tcp = (l as Record<string, unknown>).tcp;
    return Array.isArray(tcp) ? tcp : tcp ? [tcp] : [];
  }) as Array<Record<string, unknown>>;
}

/** A listener option (`tls_disable`) as the server reads it: parseutil.ParseBool (true, a number not 0, "T", "TRUE", ...). */
export function parsesAsTrue(value: unknown): boolean {
  return goWeakBool(value) === true;
}
