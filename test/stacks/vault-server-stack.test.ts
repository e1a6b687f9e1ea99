import { DEV, E2E, PROD } from '../../stacks/environments';
import { resourcesOf, synthToTemp, SynthOutput } from '../support/synth';

describe('<env>-server stacks', () => {
  let out: SynthOutput;
  beforeAll(() => { out = synthToTemp(); });
  afterAll(() => out.cleanup());
  const container = (env: string) => resourcesOf(out.stack(`${env}-server`), 'docker_container')[0];

  test.each([DEV, E2E, PROD])('GIVEN $name WHEN synthesized THEN the pinned image runs with IPC_LOCK, a health check, a restart policy and a logs volume', (env) => {
    const json = out.stack(`${env.name}-server`);
    expect(resourcesOf(json, 'docker_image')).toEqual([expect.objectContaining({ name: env.server.image })]);
    expect(env.server.image).toMatch(/:\d+\.\d+\.\d+$/);
    expect(container(env.name)).toMatchObject({
      name: env.server.containerName,
      capabilities: { add: ['IPC_LOCK'] },
      restart: 'unless-stopped',
      healthcheck: expect.objectContaining({ test: expect.any(Array), interval: '10s' }),
      volumes: expect.arrayContaining([expect.objectContaining({ container_path: '/vault/config' }), expect.objectContaining({ container_path: '/vault/logs' })]),
    });
  });

  test('GIVEN dev WHEN synthesized THEN dev mode listens behind 127.0.0.1:8200 with root token dev-token', () => {
    expect(container('dev')).toMatchObject({
      command: ['server', '-dev'],
      network_mode: 'bridge',
      ports: [{ internal: 8200, external: 8200, ip: '127.0.0.1' }],
      env: expect.arrayContaining(['VAULT_DEV_ROOT_TOKEN_ID=dev-token', 'VAULT_DEV_LISTEN_ADDRESS=0.0.0.0:8200']),
    });
  });

  test('GIVEN e2e WHEN synthesized THEN dev mode listens on the host network at 127.0.0.1:8201 (real client addresses for CIDR checks)', () => {
    expect(container('e2e')).toMatchObject({
      command: ['server', '-dev'],
      network_mode: 'host',
      env: expect.arrayContaining(['VAULT_DEV_ROOT_TOKEN_ID=dev-token', 'VAULT_DEV_LISTEN_ADDRESS=127.0.0.1:8201']),
    });
    expect(container('e2e').ports).toBeUndefined();
  });

  test('GIVEN prod WHEN synthesized THEN the command is exactly `server` and the uploaded config has raft, TLS 1.3 and the API and cluster addresses', () => {
    const c = container('prod');
    expect(c.command).toEqual(['server']);
    expect(c.env).not.toEqual(expect.arrayContaining([expect.stringMatching(/DEV_ROOT_TOKEN/)]));
    const upload = c.upload as Array<{ file: string; content: string }>;
    expect(upload.map((u) => u.file)).toEqual(['/vault/config/server.json']);
    const config = JSON.parse(upload[0].content);
    expect(config).toMatchObject({
      api_addr: 'https://127.0.0.1:8200',
      cluster_addr: 'https://127.0.0.1:8201',
      storage: { raft: { path: '/vault/file' } },
      listener: [{ tcp: { address: '127.0.0.1:8200', tls_disable: false, tls_min_version: 'tls13', tls_cert_file: '/vault/tls/tls.crt', tls_key_file: '/vault/tls/tls.key' } }],
    });
    expect(c.volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ container_path: '/vault/file' }),
        expect.objectContaining({ host_path: '/etc/hoodcloud/vault/tls', container_path: '/vault/tls', read_only: true }),
      ]),
    );
  });
});
