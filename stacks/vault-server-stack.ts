import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { renderServerConfig } from '../constructs/server-config';
import { CONTAINER_API_PORT, CONTAINER_PATHS, tlsContainerFile, VaultServer } from '../constructs/vault-server';
import { hostPort } from '../model/host-port';
import { applyGuardrails, suppressGuardrail } from '../constructs/guardrails';
import { EnvironmentSettings, serverStackName } from './environment';
import { configureTerraformBlock } from './terraform-block';

/** `<env>-server`: the Vault server container (docker provider). Deploy before `<env>-config`. */
export class VaultServerStack extends TerraformStack {
  readonly server: VaultServer;

  constructor(scope: Construct, readonly settings: EnvironmentSettings) {
    const name = serverStackName(settings.name);
    super(scope, name);
    configureTerraformBlock(this, name);
    new DockerProvider(this, 'docker', {});
    const s = settings.server;
    this.node.addValidation({
      validate: () => [
        ...(s.mode === 'server' && !s.tls ? [`${settings.name}.server.tls = undefined: expected TLS certificate and key host paths in server mode`] : []),
        ...(s.mode === 'server' && s.devRootTokenId !== undefined ? [`${settings.name}.server.devRootTokenId = ${JSON.stringify(s.devRootTokenId)}: expected no root token outside dev mode`] : []),
      ],
    });
    const mode =
      s.mode === 'dev'
        ? { kind: 'dev' as const, rootTokenId: s.devRootTokenId ?? '' }
        : {
            kind: 'server' as const,
            tlsCertHostFile: s.tls?.certHostFile ?? '',
            tlsKeyHostFile: s.tls?.keyHostFile ?? '',
            config: renderServerConfig({
              listenAddress: s.networkMode === 'host' ? hostPort(s.bindAddress, s.port) : `0.0.0.0:${CONTAINER_API_PORT}`,
              clusterListenAddress: s.networkMode === 'host' ? hostPort(s.bindAddress, s.port + 1) : `0.0.0.0:${CONTAINER_API_PORT + 1}`,
              apiAddr: settings.vaultAddress,
              clusterAddr: `https://${hostPort(s.bindAddress, s.port + 1)}`,
              raftPath: CONTAINER_PATHS.data,
              tlsCertFile: tlsContainerFile(s.tls?.certHostFile ?? 'tls.crt'),
              tlsKeyFile: tlsContainerFile(s.tls?.keyHostFile ?? 'tls.key'),
              tlsMinVersion: s.tls?.minVersion,
              tlsDisable: s.tls?.disable,
            }),
          };
    this.server = new VaultServer(this, 'vault', {
      containerName: s.containerName,
      image: s.image,
      mode,
      networkMode: s.networkMode,
      bindAddress: s.bindAddress,
      port: s.port,
    });
    // The acknowledgement of a listener on every interface is a reviewed decision in the committed settings.
    if (s.listenEverywhere) suppressGuardrail(this.server, 'HC-SERVER-2', s.listenEverywhere.reason);
    applyGuardrails(this, { production: settings.production, cidrPrefixBounds: settings.cidrPrefixBounds });
  }
}
