import { CONTAINER_API_PORT, CONTAINER_PATHS, tlsContainerFile, VaultServer } from '../../constructs/vault-server';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { DEV_MODE, dockerStack, onlyResource, resources, serverConfig, serverMode, validationErrors, vaultServer } from './support';

const HEALTH_URL = 'https://127.0.0.1:8200/v1/sys/health?standbyok=true&sealedcode=200&uninitcode=200';

describe('VaultServer', () => {
  test('GIVEN dev mode on a bridge network WHEN synthesized THEN the command is server -dev with the dev token and listen address in env', () => {
    const stack = dockerStack();
    const server = vaultServer(stack, { mode: DEV_MODE, port: 8201 });
    expect(server.command).toEqual(['server', '-dev']);
    expect(onlyResource(stack, 'docker_container')).toMatchObject({
      name: 'hoodcloud-vault-test',
      command: ['server', '-dev'],
      env: ['VAULT_ADDR=http://127.0.0.1:8200', 'VAULT_DEV_ROOT_TOKEN_ID=dev-token', 'VAULT_DEV_LISTEN_ADDRESS=0.0.0.0:8200'],
      network_mode: 'bridge',
      ports: [{ internal: CONTAINER_API_PORT, external: 8201, ip: '127.0.0.1' }],
      healthcheck: { test: ['CMD', 'vault', 'status'] },
    });
  });

  test('GIVEN dev mode WHEN synthesized THEN config and logs volumes are mounted, nothing is uploaded and there is no data volume', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    const container = onlyResource(stack, 'docker_container');
    expect(container.volumes).toEqual([
      { container_path: CONTAINER_PATHS.config, volume_name: expect.stringMatching(/^\$\{docker_volume\.server_config_[0-9A-F]+\.name\}$/) },
      { container_path: CONTAINER_PATHS.logs, volume_name: expect.stringMatching(/^\$\{docker_volume\.server_logs_[0-9A-F]+\.name\}$/) },
    ]);
    expect(container.upload).toBeUndefined();
    expect(resources(stack, 'docker_volume').map((v) => v.name).sort()).toEqual(['hoodcloud-vault-test-config', 'hoodcloud-vault-test-logs']);
  });

  test('GIVEN server mode WHEN synthesized THEN the command is exactly server and the config is uploaded to /vault/config/server.json', () => {
    const stack = dockerStack();
    const config = serverConfig();
    const server = vaultServer(stack, { mode: serverMode(config) });
    expect(server.command).toEqual(['server']);
    const container = onlyResource(stack, 'docker_container');
    expect(container.command).toEqual(['server']);
    expect(container.env).toEqual(['VAULT_ADDR=https://127.0.0.1:8200']);
    expect(container.upload).toEqual([{ file: '/vault/config/server.json', content: expect.any(String) }]);
    expect(JSON.parse((container.upload as Array<{ content: string }>)[0].content)).toEqual(config);
  });

  test('GIVEN server mode WHEN synthesized THEN config, logs and data volumes plus the read-only TLS directory are mounted', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(onlyResource(stack, 'docker_container').volumes).toEqual([
      { container_path: '/vault/config', volume_name: expect.stringMatching(/^\$\{docker_volume\.server_config_[0-9A-F]+\.name\}$/) },
      { container_path: '/vault/logs', volume_name: expect.stringMatching(/^\$\{docker_volume\.server_logs_[0-9A-F]+\.name\}$/) },
      { container_path: '/vault/file', volume_name: expect.stringMatching(/^\$\{docker_volume\.server_data_[0-9A-F]+\.name\}$/) },
      // The directory, not the files: a renewed certificate (written by rename) reaches the container, and SIGHUP reloads it.
      { container_path: '/vault/tls', host_path: '/etc/hoodcloud/tls', read_only: true },
    ]);
    expect(tlsContainerFile('/etc/hoodcloud/tls/vault.crt')).toBe('/vault/tls/vault.crt');
    expect(resources(stack, 'docker_volume').map((v) => v.name).sort()).toEqual(['hoodcloud-vault-test-config', 'hoodcloud-vault-test-data', 'hoodcloud-vault-test-logs']);
  });

  test('GIVEN server mode WHEN synthesized THEN the health check asks sys/health over TLS, healthy while sealed or uninitialised', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(onlyResource(stack, 'docker_container').healthcheck).toEqual({
      test: ['CMD-SHELL', `wget -q -O /dev/null --no-check-certificate '${HEALTH_URL}' || exit 1`],
      interval: '10s',
      timeout: '5s',
      retries: 3,
      start_period: '10s',
    });
  });

  test('GIVEN any mode WHEN synthesized THEN IPC_LOCK is added, the restart policy is unless-stopped and the container must run', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(onlyResource(stack, 'docker_container')).toMatchObject({ capabilities: { add: ['IPC_LOCK'] }, restart: 'unless-stopped', must_run: true });
  });

  test('GIVEN a pinned image WHEN synthesized THEN the image is pulled by that reference, kept locally, and the container uses its id', () => {
    const stack = dockerStack();
    vaultServer(stack, { image: 'openbao/openbao:2.7.2' });
    expect(onlyResource(stack, 'docker_image')).toEqual({ name: 'openbao/openbao:2.7.2', keep_locally: true });
    expect(onlyResource(stack, 'docker_container').image).toMatch(/^\$\{docker_image\.server_image_[0-9A-F]+\.image_id\}$/);
  });

  test('GIVEN host networking WHEN synthesized THEN no port is published and the server is addressed on bindAddress:port', () => {
    const stack = dockerStack();
    vaultServer(stack, { networkMode: 'host', bindAddress: '10.0.0.7', port: 8300 });
    const container = onlyResource(stack, 'docker_container');
    expect(container.network_mode).toBe('host');
    expect(container.ports).toBeUndefined();
    expect(container.env).toEqual(['VAULT_ADDR=https://10.0.0.7:8300']);
    expect((container.healthcheck as { test: string[] }).test[1]).toContain("'https://10.0.0.7:8300/v1/sys/health?");
  });

  test('GIVEN dev mode with host networking WHEN synthesized THEN dev mode listens on bindAddress:port itself', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE, networkMode: 'host', bindAddress: '127.0.0.1', port: 8201 });
    expect(onlyResource(stack, 'docker_container').env).toEqual([
      'VAULT_ADDR=http://127.0.0.1:8201',
      'VAULT_DEV_ROOT_TOKEN_ID=dev-token',
      'VAULT_DEV_LISTEN_ADDRESS=127.0.0.1:8201',
    ]);
  });

  // HC-SERVER-2 accepts IPv6 bind addresses; host:port for IPv6 needs brackets (net.Listen, URLs).
  test('GIVEN dev mode with host networking on the IPv6 address ::1 WHEN synthesized THEN addresses are bracketed', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE, networkMode: 'host', bindAddress: '::1', port: 8201 });
    expect(onlyResource(stack, 'docker_container').env).toEqual([
      'VAULT_ADDR=http://[::1]:8201',
      'VAULT_DEV_ROOT_TOKEN_ID=dev-token',
      'VAULT_DEV_LISTEN_ADDRESS=[::1]:8201',
    ]);
  });

  test('GIVEN a docker provider for another host WHEN synthesized THEN the image, every volume and the container are deployed through it', () => {
    const stack = dockerStack();
    const remote = new DockerProvider(stack, 'remote', { alias: 'vault-2', host: 'ssh://ops@10.0.0.6' });
    vaultServer(stack, { provider: remote });
    for (const type of ['docker_image', 'docker_volume', 'docker_container']) {
      expect(resources(stack, type).map((r) => r.provider)).toEqual(resources(stack, type).map(() => 'docker.vault-2'));
    }
  });

  test('GIVEN no provider WHEN synthesized THEN the resources use the stack\'s default docker provider (near miss)', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(onlyResource(stack, 'docker_container').provider).toBeUndefined();
  });

  test('GIVEN an explicit command WHEN constructed THEN it is used as given', () => {
    const stack = dockerStack();
    const server = vaultServer(stack, { command: ['server', '-log-level=debug'] });
    expect(server.command).toEqual(['server', '-log-level=debug']);
    expect(onlyResource(stack, 'docker_container').command).toEqual(['server', '-log-level=debug']);
  });

  test('GIVEN a VaultServer and other values WHEN isVaultServer THEN only the server is recognised', () => {
    const stack = dockerStack();
    const server = vaultServer(stack);
    expect(VaultServer.isVaultServer(server)).toBe(true);
    expect(VaultServer.isVaultServer(server.container)).toBe(false);
    expect(VaultServer.isVaultServer(undefined)).toBe(false);
  });

  describe('its props are validated at synth, every problem at once', () => {
    test.each([
      [{ image: 'hashicorp/vault:latest' }, 'image = "hashicorp/vault:latest": expected a pinned image reference'],
      [{ image: 'hashicorp/vault:1' }, 'which is not a full release'],
      [{ bindAddress: 'vault.local' }, 'bindAddress = "vault.local": expected an IPv4 or IPv6 address'],
      [{ port: 70000 }, 'port = 70000: expected a TCP port 1-65534'],
      [{ mode: { ...serverMode(), tlsCertHostFile: '/' } }, 'mode.tlsCertHostFile = "/": expected an absolute, normalized path of a PEM file; this one is the root of the host filesystem'],
      [{ mode: { ...serverMode(), tlsKeyHostFile: '/var/run/docker.sock' } }, 'this one is under /var/run'],
      [{ mode: { ...serverMode(), tlsKeyHostFile: '/etc/hoodcloud/tls/vault.crt' } }, 'is the same file as the certificate'],
      [{ mode: { ...serverMode(), tlsKeyHostFile: '/srv/other/vault.key' } }, "is not in the certificate's directory (/etc/hoodcloud/tls)"],
    ])('GIVEN %j WHEN synthesized THEN it fails: %s', (overrides, message) => {
      const stack = dockerStack();
      vaultServer(stack, overrides);
      expect(validationErrors(stack)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
    });

    test('GIVEN a pinned digest, an IPv6 bind address and TLS files in one directory WHEN synthesized THEN it passes (near miss)', () => {
      const stack = dockerStack();
      vaultServer(stack, { image: `hashicorp/vault@sha256:${'c'.repeat(64)}`, bindAddress: '::1' });
      expect(validationErrors(stack)).toEqual([]);
    });
  });
});

