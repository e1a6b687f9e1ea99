import { Container } from '@cdktf/provider-docker/lib/container';
import { bindAddressIsIp, noExplicitConfigFlag, tlsInProduction } from '../../../constructs/guardrails/server-safety';
import { ServerConfig } from '../../../constructs/server-config';
import { DEV_MODE, dockerStack, fullSynth, guard, serverConfig, serverMode, synthErrors, vaultServer, violation } from '../support';

describe('HC-SERVER-1 (TLS and server mode in production)', () => {
  test('GIVEN a server-mode server with TLS in production WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).not.toThrow();
  });

  test('GIVEN a dev-mode server in production WHEN synthesized THEN it fails naming rule, server, field, value and fix', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(violation('HC-SERVER-1', 'test/server', 'mode', 'dev', 'use server mode in production'));
  });

  test('GIVEN tlsDisable true in production WHEN synthesized THEN it fails naming the listener field', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: serverMode(serverConfig({ tlsDisable: true })) });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(
      violation('HC-SERVER-1', 'test/server', 'listener[0].tcp.tls_disable', true, 'set tls_disable false with tls_cert_file and tls_key_file'),
    );
  });

  test('GIVEN a dev-mode server outside production WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    expect(() => fullSynth(guard(stack, tlsInProduction, false))).not.toThrow();
  });

  // The finding must name the field that is wrong (tls_key_file = ""), not tls_disable = false.
  test('GIVEN TLS not disabled but an empty key file in production WHEN synthesized THEN it fails naming tls_key_file', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: serverMode(serverConfig({ tlsKeyFile: '' })) });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(violation('HC-SERVER-1', 'test/server', 'listener[0].tcp.tls_key_file', '', 'tls_key_file'));
  });

  // Vault parses tls_disable with parseutil.ParseBool: the string "true" disables TLS just as the
  // boolean does, and ServerConfig's listener type admits strings.
  test('GIVEN tls_disable as the string "true" in production WHEN synthesized THEN it fails', () => {
    const base = serverConfig();
    const config: ServerConfig = { ...base, listener: [{ tcp: { ...base.listener[0].tcp, tls_disable: 'true' } }] };
    const stack = dockerStack();
    vaultServer(stack, { mode: serverMode(config) });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(violation('HC-SERVER-1', 'test/server', 'listener[0].tcp.tls_disable', 'true', 'TLS is disabled in production'));
  });

  test('GIVEN two listeners without TLS in production WHEN synthesized THEN both are reported at once', () => {
    const base = serverConfig({ tlsDisable: true });
    const config: ServerConfig = { ...base, listener: [base.listener[0], base.listener[0]] };
    const stack = dockerStack();
    vaultServer(stack, { mode: serverMode(config) });
    expect(synthErrors(guard(stack, tlsInProduction, true))).toEqual([
      expect.stringMatching(violation('HC-SERVER-1', 'test/server', 'listener[0].tcp.tls_disable', true, 'TLS is disabled')),
      expect.stringMatching(violation('HC-SERVER-1', 'test/server', 'listener[1].tcp.tls_disable', true, 'TLS is disabled')),
    ]);
  });
});

describe('HC-SERVER-2 (bind address is an IP)', () => {
  test.each(['127.0.0.1', '10.0.0.7', '::1'])('GIVEN bind address %s WHEN synthesized THEN it passes', (bindAddress) => {
    const stack = dockerStack();
    vaultServer(stack, { bindAddress });
    expect(() => fullSynth(guard(stack, bindAddressIsIp))).not.toThrow();
  });

  test('GIVEN bind address localhost WHEN synthesized THEN it fails naming rule, server, field, value and fix', () => {
    const stack = dockerStack();
    vaultServer(stack, { bindAddress: 'localhost' });
    expect(() => fullSynth(guard(stack, bindAddressIsIp))).toThrow(
      violation('HC-SERVER-2', 'test/server', 'bindAddress (VAULT_BIND_ADDR)', 'localhost', 'set an IPv4 or IPv6 address such as 127.0.0.1'),
    );
  });

  test('GIVEN an address with a port (127.0.0.1:8200) WHEN synthesized THEN it fails', () => {
    const stack = dockerStack();
    vaultServer(stack, { bindAddress: '127.0.0.1:8200' });
    expect(() => fullSynth(guard(stack, bindAddressIsIp))).toThrow(violation('HC-SERVER-2', 'test/server', 'bindAddress (VAULT_BIND_ADDR)', '127.0.0.1:8200', 'is not an IP address'));
  });

  test('GIVEN an empty bind address (unset variable) WHEN synthesized THEN it fails', () => {
    const stack = dockerStack();
    vaultServer(stack, { bindAddress: '' });
    expect(() => fullSynth(guard(stack, bindAddressIsIp))).toThrow(violation('HC-SERVER-2', 'test/server', 'bindAddress (VAULT_BIND_ADDR)', '', 'is not an IP address'));
  });
});

describe('HC-SERVER-3 (no explicit -config)', () => {
  test('GIVEN the default server command WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack);
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).not.toThrow();
  });

  test('GIVEN a container command with -config=/vault/config/x.hcl WHEN synthesized THEN it fails naming rule, container, field, value and fix', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server', '-config=/vault/config/x.hcl'] });
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).toThrow(
      violation('HC-SERVER-3', 'test/c', 'command[1]', '-config=/vault/config/x.hcl', 'pass the bare command `server` and put config files in /vault/config'),
    );
  });

  test('GIVEN -configure (a different flag that only starts like -config) WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server', '-configure'] });
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).not.toThrow();
  });

  test('GIVEN a VaultServer given the command server --config /x WHEN synthesized THEN it fails on the container', () => {
    const stack = dockerStack();
    vaultServer(stack, { command: ['server', '--config', '/x'] });
    expect(() => fullSynth(guard(stack, noExplicitConfigFlag))).toThrow(violation('HC-SERVER-3', 'test/server/container', 'command[1]', '--config', 'load its config twice'));
  });

  test('GIVEN -config and --config=... in one command WHEN synthesized THEN both are reported at once', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server', '-config', '/a', '--config=/b'] });
    expect(synthErrors(guard(stack, noExplicitConfigFlag))).toEqual([
      expect.stringMatching(violation('HC-SERVER-3', 'test/c', 'command[1]', '-config', 'load its config twice')),
      expect.stringMatching(violation('HC-SERVER-3', 'test/c', 'command[3]', '--config=/b', 'load its config twice')),
    ]);
  });
});
