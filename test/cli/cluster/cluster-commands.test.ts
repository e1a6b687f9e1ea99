// Usage of `status` and the cluster flags of `unseal`, before any server is contacted.
import { cliRunner } from '../support/run-cli';

describe('status and unseal: usage', () => {
  const cli = cliRunner({});

  test('GIVEN status --help WHEN run THEN it says what it shows, where from and its exit codes', async () => {
    const run = await cli.run(['status', '--help']);
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(run.code).toBe(0);
    expect(text).toContain('sys/storage/raft/autopilot/state');
    expect(text).toContain('Exits 0 healthy, 3 degraded, 1 without a leader');
    expect(text).toContain('--server-json <file>');
  });

  test('GIVEN unseal --help WHEN run THEN --address is repeatable and --server-json takes every declared node', async () => {
    const text = (await cli.run(['unseal', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('--address <url> a node, e.g. https://10.0.0.5:8200 (repeatable: every node of a cluster');
    expect(text).toContain('unseal every node it declares');
  });

  test('GIVEN --address and --server-json together WHEN unseal runs THEN exit 2 naming both', async () => {
    const run = await cli.run(['unseal', '--address', 'https://10.0.0.5:8200', '--server-json', 'x.json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass either --address (repeatable) or --server-json, not both');
  });

  test('GIVEN one node twice WHEN unseal runs THEN exit 2 naming the address (spelled two ways)', async () => {
    const run = await cli.run(['unseal', '--address', 'https://10.0.0.5:8200', '--address', 'https://10.0.0.5:8200/']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--address: https://10.0.0.5:8200 is given twice; name each node once');
  });

  test('GIVEN status without a token WHEN run THEN exit 2 saying what it needs', async () => {
    const run = await cli.run(['status', '--address', 'https://10.0.0.5:8200']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('this command needs a token');
  });
});
