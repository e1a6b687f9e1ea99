import { Construct } from 'constructs';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { hostPort } from './cidr';
import { ServerConfig } from './server-config';

/** Paths inside the hashicorp/vault image (its Dockerfile declares /vault/file and /vault/logs as volumes). */
export const CONTAINER_PATHS = {
  config: '/vault/config',
  data: '/vault/file',
  logs: '/vault/logs',
} as const;

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
  /** Rendered with {@link TLS_CONTAINER_FILES} as certificate and key paths. */
  readonly config: ServerConfig;
  /** Host path of the TLS certificate (PEM), mounted read-only. */
  readonly tlsCertHostFile: string;
  /** Host path of the TLS private key (PEM), mounted read-only. */
  readonly tlsKeyHostFile: string;
}

/** Where the TLS files appear inside the container. */
export const TLS_CONTAINER_FILES = { cert: '/vault/tls/tls.crt', key: '/vault/tls/tls.key' } as const;

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

  constructor(scope: Construct, id: string, props: VaultServerProps) {
    super(scope, id);
    Object.defineProperty(this, SERVER_SYMBOL, { value: true });
    this.mode = props.mode;
    this.bindAddress = props.bindAddress;
    this.networkMode = props.networkMode;
    this.command = props.command ?? (props.mode.kind === 'dev' ? ['server', '-dev'] : ['server']);

    const image = new Image(this, 'image', { name: props.image, keepLocally: true });
    // Config and logs live in named volumes in every mode; data only where it is persistent (not dev mode).
    const volumeFor = (id: 'config' | 'data' | 'logs') => ({
      volumeName: new Volume(this, id, { name: `${props.containerName}-${id}` }).name,
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
      name: props.containerName,
      image: image.imageId,
      command: [...this.command],
      env,
      capabilities: { add: ['IPC_LOCK'] },
      networkMode: props.networkMode,
      ports: host ? undefined : [{ internal: CONTAINER_API_PORT, external: props.port, ip: props.bindAddress }],
      volumes: [
        ...volumes,
        ...(props.mode.kind === 'server'
          ? [
              { hostPath: props.mode.tlsCertHostFile, containerPath: TLS_CONTAINER_FILES.cert, readOnly: true },
              { hostPath: props.mode.tlsKeyHostFile, containerPath: TLS_CONTAINER_FILES.key, readOnly: true },
            ]
          : []),
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
