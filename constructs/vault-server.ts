import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { isIP } from 'node:net';
import * as path from 'node:path';
import { hostPathProblem } from '../model/host-path';
import { hostPort } from '../model/host-port';
import { parseImageReference, unpinnedBecause } from '../model/image-reference';
import { ServerConfig } from './server-config';

/** Paths inside the hashicorp/vault image (its Dockerfile declares /vault/file and /vault/logs as volumes). */
export const CONTAINER_PATHS = {
  config: '/vault/config',
  data: '/vault/file',
  logs: '/vault/logs',
  /** The host's TLS directory, mounted read-only (a directory, so a renewed certificate reloads on SIGHUP). */
  tls: '/vault/tls',
} as const;

/**
 * The CA certificate in the mounted TLS directory (`tls init` writes it beside tls.crt and tls.key):
 * a joining node checks its peers' API certificates against it.
 */
export const TLS_CA_FILE_NAME = 'ca.crt';

/** The port the server listens on inside the container. */
export const CONTAINER_API_PORT = 8200;

/** Dev mode: in-memory storage, no TLS, a fixed root token. Never for production. */
export interface DevModeServer {
  readonly kind: 'dev';
  /** The documented dev root token (`VAULT_DEV_ROOT_TOKEN_ID`). */
  readonly rootTokenId: string;
}

/** Server mode: the stack-generated config, persistent raft storage, TLS from mounted files. */
export interface ConfiguredServer {
  readonly kind: 'server';
  /** Rendered with {@link tlsContainerFile} of the two host files as certificate and key paths. */
  readonly config: ServerConfig;
  /** Host path of the TLS certificate (PEM); its directory is mounted read-only at /vault/tls. */
  readonly tlsCertHostFile: string;
  /** Host path of the TLS private key (PEM), in the certificate's directory. */
  readonly tlsKeyHostFile: string;
}

/** Where a host TLS file appears inside the container: its directory is mounted at /vault/tls. */
export function tlsContainerFile(hostFile: string): string {
  return `${CONTAINER_PATHS.tls}/${path.posix.basename(hostFile)}`;
}

/**
 * `bridge`: the API port is published on bindAddress:port (Docker's proxy hides client addresses,
 * so CIDR bindings see the bridge gateway). `host`: the server listens on bindAddress:port itself
 * and sees real client addresses, which CIDR-bound roles need.
 */
export type NetworkMode = 'bridge' | 'host';

export interface VaultServerProps {
  /** Docker container name, e.g. `hoodcloud-vault-prod`. */
  readonly containerName: string;
  /** Pinned image reference, e.g. `hashicorp/vault:1.21.4` (never a floating tag). */
  readonly image: string;
  readonly mode: DevModeServer | ConfiguredServer;
  readonly networkMode: NetworkMode;
  /** Host address the API is reachable on. */
  readonly bindAddress: string;
  /** Host port the API is reachable on. */
  readonly port: number;
  /**
   * Container command. The image's entrypoint turns `server` into `vault server -config=/vault/config`
   * itself; an explicit `-config` loads the files twice (guardrail HC-SERVER-3).
   * @default ['server', '-dev'] in dev mode, ['server'] otherwise
   */
  readonly command?: readonly string[];
  /** The docker provider of the host this server runs on. @default the stack's default docker provider */
  readonly provider?: TerraformProvider;
  /**
   * The image resource of another server on the same Docker daemon: one docker_image per daemon
   * and name (two resources would both claim one image). @default this server pulls its own
   */
  readonly sharedImage?: Image;
}

/** The Vault server container with its image, volumes, capabilities, health check and restart policy. */
export class VaultServer extends Construct {
  static isVaultServer(x: unknown): x is VaultServer {
    return typeof x === 'object' && x !== null && (x as { [SERVER_SYMBOL]?: boolean })[SERVER_SYMBOL] === true;
  }

  readonly mode: DevModeServer | ConfiguredServer;
  readonly bindAddress: string;
  readonly networkMode: NetworkMode;
  readonly command: readonly string[];
  readonly container: Container;
  /** The image resource this server runs (its own, or the shared one it was given). */
  readonly image: Image;

  constructor(scope: Construct, id: string, props: VaultServerProps) {
    super(scope, id);
    Object.defineProperty(this, SERVER_SYMBOL, { value: true });
    this.mode = props.mode;
    this.bindAddress = props.bindAddress;
    this.networkMode = props.networkMode;
    this.command = props.command ?? (props.mode.kind === 'dev' ? ['server', '-dev'] : ['server']);
    this.node.addValidation({ validate: () => validateServerProps(props) });

    const provider = props.provider;
    const image = props.sharedImage ?? new Image(this, 'image', { name: props.image, keepLocally: true, provider });
    this.image = image;
    // Config and logs live in named volumes in every mode; data only where it is persistent (not dev mode).
    const volumeFor = (id: 'config' | 'data' | 'logs') => ({
      volumeName: new Volume(this, id, { name: `${props.containerName}-${id}`, provider }).name,
      containerPath: CONTAINER_PATHS[id],
    });
    const volumes = [volumeFor('config'), volumeFor('logs')];
    const host = props.networkMode === 'host';
    // Where the server listens inside its network namespace.
    const listen = host ? hostPort(props.bindAddress, props.port) : `0.0.0.0:${CONTAINER_API_PORT}`;
    const local = host ? hostPort(props.bindAddress, props.port) : `127.0.0.1:${CONTAINER_API_PORT}`;
    const scheme = props.mode.kind === 'dev' ? 'http' : 'https';
    const env = [`VAULT_ADDR=${scheme}://${local}`];
    let upload;
    if (props.mode.kind === 'dev') {
      env.push(`VAULT_DEV_ROOT_TOKEN_ID=${props.mode.rootTokenId}`, `VAULT_DEV_LISTEN_ADDRESS=${listen}`);
    } else {
      volumes.push(volumeFor('data'));
      // Written into the config volume before the container starts; the image's entrypoint loads /vault/config.
      upload = [{ file: `${CONTAINER_PATHS.config}/server.json`, content: JSON.stringify(props.mode.config, null, 2) }];
    }

    this.container = new Container(this, 'container', {
      provider,
      name: props.containerName,
      image: image.imageId,
      command: [...this.command],
      env,
      capabilities: { add: ['IPC_LOCK'] },
      networkMode: props.networkMode,
      ports: host ? undefined : [{ internal: CONTAINER_API_PORT, external: props.port, ip: props.bindAddress }],
      volumes: [
        ...volumes,
        ...(props.mode.kind === 'server' ? [{ hostPath: path.posix.dirname(props.mode.tlsCertHostFile), containerPath: CONTAINER_PATHS.tls, readOnly: true }] : []),
      ],
      upload,
      // Healthy while the process answers, sealed or not: restarting a sealed server would only re-seal it.
      healthcheck: {
        test:
          props.mode.kind === 'dev'
            ? ['CMD', 'vault', 'status']
            : ['CMD-SHELL', `wget -q -O /dev/null --no-check-certificate 'https://${local}/v1/sys/health?standbyok=true&sealedcode=200&uninitcode=200' || exit 1`],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      restart: 'unless-stopped',
      mustRun: true,
    });
  }
}

const SERVER_SYMBOL = Symbol.for('hoodcloud.VaultServer');

/** The props' problems, each naming the prop, the value and what is expected. */
function validateServerProps(props: VaultServerProps): string[] {
  const problems: string[] = [];
  const bad = (field: string, value: unknown, expected: string) => problems.push(`${field} = ${JSON.stringify(value)}: ${expected}`);
  const image = parseImageReference(props.image);
  const unpinned = image.problem ?? unpinnedBecause(image.image);
  if (unpinned) bad('image', props.image, `expected a pinned image reference such as hashicorp/vault:1.21.4 or name@sha256:<digest>; this one ${unpinned}`);
  if (isIP(props.bindAddress) === 0) bad('bindAddress', props.bindAddress, 'expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)');
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65534) bad('port', props.port, 'expected a TCP port 1-65534 (the cluster port is the next one)');
  if (props.mode.kind === 'dev' && props.mode.rootTokenId.trim() === '') bad('mode.rootTokenId', props.mode.rootTokenId, 'expected the documented dev root token id');
  if (props.mode.kind === 'server') {
    const { tlsCertHostFile: cert, tlsKeyHostFile: key } = props.mode;
    for (const [field, file] of [['mode.tlsCertHostFile', cert], ['mode.tlsKeyHostFile', key]] as const) {
      const why = hostPathProblem(file);
      if (why) bad(field, file, `expected an absolute, normalized path of a PEM file; this one ${why}`);
    }
    if (hostPathProblem(cert) || hostPathProblem(key)) return problems;
    if (cert === key) bad('mode.tlsKeyHostFile', key, 'is the same file as the certificate; the key and the certificate are two files');
    else if (path.posix.dirname(cert) !== path.posix.dirname(key)) bad('mode.tlsKeyHostFile', key, `is not in the certificate's directory (${path.posix.dirname(cert)}), which is mounted as a whole`);
  }
  return problems;
}
