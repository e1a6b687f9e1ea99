import { Container } from '@cdktf/provider-docker/lib/container';
import { tlsInProduction } from '../../../constructs/guardrails/tls-in-production';
import { ServerConfig } from '../../../constructs/server-config';
import { DEV_MODE, dockerStack, fullSynth, guard, serverConfig, serverMode, synthErrors, vaultServer, violation } from '../support';

const CONTAINER = 'test/server/container';
const LISTENER = '/vault/config/server.json listener[0].tcp';

/** The production config with one listener field replaced (ServerConfig's listener admits strings and booleans). */
function withListener(fields: Record<string, string | boolean>): ServerConfig {
  const base = serverConfig();
  return { ...base, listener: [{ tcp: { ...base.listener[0].tcp, ...fields } }] };
}

function prodServer(config: ServerConfig) {
  const stack = dockerStack();
  vaultServer(stack, { mode: serverMode(config) });
  return guard(stack, tlsInProduction, true);
}

describe('HC-SERVER-1 (server mode with TLS in production)', () => {
  test('GIVEN a server-mode server with TLS in production WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(prodServer(serverConfig()))).not.toThrow();
  });

  test('GIVEN a dev-mode server in production WHEN synthesized THEN it fails on the container command naming rule, field, value and fix', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(
      violation('HC-SERVER-1', CONTAINER, 'command', ['server', '-dev'], 'dev mode has no TLS, no persistence and a fixed root token; use server mode in production'),
    );
  });

  test('GIVEN a dev-mode server outside production WHEN synthesized THEN it passes', () => {
    const stack = dockerStack();
    vaultServer(stack, { mode: DEV_MODE });
    expect(() => fullSynth(guard(stack, tlsInProduction, false))).not.toThrow();
  });

  // The Vault CLI's flag parser takes -dev, --dev and -dev=true alike; the entrypoint passes them on.
  test('GIVEN a raw container started with server -dev=true and a TLS config in production WHEN synthesized THEN it fails as dev mode', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server', '-dev=true'], upload: [{ file: '/vault/config/server.json', content: JSON.stringify(serverConfig()) }] });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(violation('HC-SERVER-1', 'test/c', 'command', ['server', '-dev=true'], 'use server mode in production'));
  });

  test('GIVEN tlsDisable true in production WHEN synthesized THEN it fails naming the uploaded file and listener field', () => {
    expect(() => fullSynth(prodServer(serverConfig({ tlsDisable: true })))).toThrow(
      violation('HC-SERVER-1', CONTAINER, `${LISTENER}.tls_disable`, true, 'TLS is disabled in production; set tls_disable false with tls_cert_file and tls_key_file'),
    );
  });

  // Vault reads tls_disable with Go's ParseBool: the strings "true" and "1" disable TLS like the boolean.
  test.each(['true', '1', 'T', 'TRUE'])('GIVEN tls_disable %j in production WHEN synthesized THEN it fails', (value) => {
    expect(() => fullSynth(prodServer(withListener({ tls_disable: value })))).toThrow(violation('HC-SERVER-1', CONTAINER, `${LISTENER}.tls_disable`, value, 'TLS is disabled in production'));
  });

  test.each([false, 'false', '0', 'f'])('GIVEN tls_disable %j in production WHEN synthesized THEN it passes (near miss)', (value) => {
    expect(() => fullSynth(prodServer(withListener({ tls_disable: value })))).not.toThrow();
  });

  // The finding must name the field that is wrong (tls_key_file = ""), not tls_disable = false.
  test('GIVEN TLS not disabled but an empty key file in production WHEN synthesized THEN it fails naming tls_key_file', () => {
    expect(() => fullSynth(prodServer(serverConfig({ tlsKeyFile: '' })))).toThrow(
      violation('HC-SERVER-1', CONTAINER, `${LISTENER}.tls_key_file`, '', 'is empty in production, so the listener has no TLS; set tls_key_file to the PEM file mounted into the server'),
    );
  });

  test('GIVEN an empty certificate file in production WHEN synthesized THEN it fails naming tls_cert_file', () => {
    expect(() => fullSynth(prodServer(serverConfig({ tlsCertFile: '' })))).toThrow(violation('HC-SERVER-1', CONTAINER, `${LISTENER}.tls_cert_file`, '', 'set tls_cert_file to the PEM file'));
  });

  test('GIVEN a raw server container that uploads no JSON config in production WHEN synthesized THEN it fails on upload', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server'] });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).toThrow(violation('HC-SERVER-1', 'test/c', 'upload', [], "uploads no server config with a TCP listener; the server would run without the stack's TLS settings"));
  });

  test('GIVEN a raw container whose command is not `server` in production WHEN synthesized THEN it passes (not a Vault server)', () => {
    const stack = dockerStack();
    new Container(stack, 'c', { name: 'sidecar', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 1'] });
    expect(() => fullSynth(guard(stack, tlsInProduction, true))).not.toThrow();
  });

  test('GIVEN two listeners without TLS and one without a key in production WHEN synthesized THEN every one is reported at once', () => {
    const base = serverConfig({ tlsDisable: true });
    const noKey = serverConfig({ tlsKeyFile: '' });
    const config: ServerConfig = { ...base, listener: [base.listener[0], base.listener[0], noKey.listener[0]] };
    expect(synthErrors(prodServer(config))).toEqual([
      expect.stringMatching(violation('HC-SERVER-1', CONTAINER, '/vault/config/server.json listener[0].tcp.tls_disable', true, 'TLS is disabled')),
      expect.stringMatching(violation('HC-SERVER-1', CONTAINER, '/vault/config/server.json listener[1].tcp.tls_disable', true, 'TLS is disabled')),
      expect.stringMatching(violation('HC-SERVER-1', CONTAINER, '/vault/config/server.json listener[2].tcp.tls_key_file', '', 'is empty in production')),
    ]);
  });
});
