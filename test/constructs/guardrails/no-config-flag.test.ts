import { Container } from '@cdktf/provider-docker/lib/container';
import { noExplicitConfigFlag } from '../../../constructs/guardrails/no-config-flag';
import { DEV_MODE, dockerStack, fullSynth, guard, synthErrors, vaultServer, violation } from '../support';

function rawContainer(command: string[]) {
  const stack = dockerStack();
  new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command });
  return guard(stack, noExplicitConfigFlag);
}

describe('HC-SERVER-3 (no explicit -config)', () => {
  test('GIVEN the default server and dev commands WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).not.toThrow();
    const dev = dockerStack();
    vaultServer(dev, { mode: DEV_MODE });
    expect(() => fullSynth(guard(dev, noExplicitConfigFlag))).not.toThrow();
  });

  test('GIVEN a container command with -config=/vault/config/x.hcl WHEN synthesized THEN it fails naming rule, container, field, value and fix', () => {
    expect(() => fullSynth(rawContainer(['server', '-config=/vault/config/x.hcl']))).toThrow(
      violation('HC-SERVER-3', 'test/c', 'command[1]', '-config=/vault/config/x.hcl', 'makes the server load its config twice ("address already in use"); pass the bare command `server` and put config files in /vault/config'),
    );
  });

  test.each(['-configure', '-config-dir', 'config', '-dev-config'])('GIVEN %s (not the -config flag) WHEN synthesized THEN it passes (near miss)', (arg) => {
    expect(() => fullSynth(rawContainer(['server', arg]))).not.toThrow();
  });

  test('GIVEN a VaultServer given the command server --config /x WHEN synthesized THEN it fails on the container', () => {
    const stack = dockerStack();
    vaultServer(stack, { command: ['server', '--config', '/x'] });
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).toThrow(violation('HC-SERVER-3', 'test/server/container', 'command[1]', '--config', 'load its config twice'));
  });

  test('GIVEN -config and --config=... in one command WHEN synthesized THEN both are reported at once', () => {
    expect(synthErrors(rawContainer(['server', '-config', '/a', '--config=/b']))).toEqual([
      expect.stringMatching(violation('HC-SERVER-3', 'test/c', 'command[1]', '-config', 'load its config twice')),
      expect.stringMatching(violation('HC-SERVER-3', 'test/c', 'command[3]', '--config=/b', 'load its config twice')),
    ]);
  });
});
