import { startDevServer, RunningServer } from '../support/vault-server';

describe('real-server harness', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startDevServer(); });
  afterAll(async () => { await server?.stop(); });

  test('GIVEN a dev server WHEN asked for its health THEN it is unsealed and reports its version', async () => {
    const health = await server.client().get<{ sealed: boolean; version: string }>('sys/health');
    expect(health.sealed).toBe(false);
    expect(health.version).toBe(server.version);
    console.log(`real server: ${server.binary.flavour} ${server.version} (${server.binary.path})`);
  });
});
