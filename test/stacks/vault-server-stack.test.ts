import { DEV, E2E, PROD } from '../../stacks/environments';
import { resourcesOf, synthToTemp, SynthOutput } from '../support/synth';

describe('<env>-server stacks', () => {
  let out: SynthOutput;
  beforeAll(() => { out = synthToTemp(); });
  afterAll(() => out.cleanup());
  const container = (env: string) => resourcesOf(out.stack(`${env}-server`), 'docker_container')[0];

  test.each([DEV, E2E, PROD])('GIVEN $name WHEN synthesized THEN the pinned image runs with IPC_LOCK, a health check, a restart policy and a logs volume on every node', (env) => {
    const json = out.stack(`${env.name}-server`);
    // One image resource per Docker daemon, run by every node on it.
    const daemons = new Set(env.server.nodes.map((n) => n.dockerHost ?? ''));
    expect(resourcesOf(json, 'docker_image')).toEqual([...daemons].map(() => expect.objectContaining({ name: env.server.image })));
    const [imageId] = Object.keys(json.resource.docker_image);
    for (const c of resourcesOf(json, 'docker_container')) expect(c.image).toBe(`\${docker_image.${imageId}.image_id}`);
    expect(resourcesOf(json, 'docker_container').map((c) => c.name)).toEqual(env.server.nodes.map((n) => n.id));
    expect(env.server.image).toMatch(/:\d+\.\d+\.\d+$/);
    expect(container(env.name)).toMatchObject({
      name: env.server.nodes[0].id,
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

  describe('the production cluster', () => {
    type Upload = Array<{ file: string; content: string }>;
    const nodeConfig = (c: Record<string, unknown>) => JSON.parse((c.upload as Upload)[0].content);
    const containers = () => resourcesOf(out.stack('prod-server'), 'docker_container');

    test('GIVEN the committed prod settings WHEN synthesized THEN three nodes each have their node_id, api_addr, cluster_addr and listener on their own address', () => {
      expect(containers().map((c) => [c.name, nodeConfig(c).storage.raft.node_id, nodeConfig(c).api_addr, nodeConfig(c).cluster_addr, nodeConfig(c).listener[0].tcp.address])).toEqual([
        ['hoodcloud-vault-1', 'hoodcloud-vault-1', 'https://127.0.0.1:8200', 'https://127.0.0.1:8201', '127.0.0.1:8200'],
        ['hoodcloud-vault-2', 'hoodcloud-vault-2', 'https://127.0.0.2:8200', 'https://127.0.0.2:8201', '127.0.0.2:8200'],
        ['hoodcloud-vault-3', 'hoodcloud-vault-3', 'https://127.0.0.3:8200', 'https://127.0.0.3:8201', '127.0.0.3:8200'],
      ]);
    });

    test('GIVEN the committed prod settings WHEN synthesized THEN every node joins its two peers over TLS with the CA of its mounted TLS directory, with performance_multiplier 1', () => {
      for (const c of containers()) {
        const raft = nodeConfig(c).storage.raft;
        const peers = PROD.server.nodes.filter((n) => n.id !== c.name).map((n) => ({ leader_api_addr: `https://${n.address}:${n.port}`, leader_ca_cert_file: '/vault/tls/ca.crt' }));
        expect(raft).toEqual({ path: '/vault/file', node_id: c.name, performance_multiplier: 1, retry_join: peers });
      }
    });

    test('GIVEN the committed prod settings WHEN synthesized THEN each node has its own data, config and logs volumes, named after it', () => {
      const json = out.stack('prod-server');
      const volumeNames = resourcesOf(json, 'docker_volume').map((v) => v.name).sort();
      expect(volumeNames).toEqual(PROD.server.nodes.flatMap((n) => ['config', 'data', 'logs'].map((k) => `${n.id}-${k}`)).sort());
      for (const c of containers()) {
        const data = (c.volumes as Array<Record<string, unknown>>).find((v) => v.container_path === '/vault/file');
        const ref = /^\$\{docker_volume\.([^.]+)\.name\}$/.exec(String(data?.volume_name))?.[1];
        expect(json.resource.docker_volume[String(ref)].name).toBe(`${c.name}-data`);
      }
    });

    test('GIVEN the committed prod settings WHEN synthesized THEN one default docker provider serves every node (no daemon named)', () => {
      expect(out.stack('prod-server').provider.docker).toEqual([{}]);
      for (const c of containers()) expect(c.provider).toBeUndefined();
    });
  });
});
