import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { Container } from '@cdktf/provider-docker/lib/container';
import { suppressGuardrail } from '../../../constructs/guardrails';
import { listenAddress } from '../../../constructs/guardrails/listen-address';
import { DEV } from '../../../stacks/environments';
import { VaultServerStack } from '../../../stacks/vault-server-stack';
import { DEV_MODE, dockerStack, fullSynth, guard, serverConfig, serverMode, synthErrors, validationErrors, vaultServer, violation } from '../support';
import { guardrailMetadata, REASON } from './guardrail-support';

const CONTAINER = 'test/server/container';
const LISTENER = '/vault/config/server.json listener[0].tcp.address';
const EVERYWHERE_FIX = 'listens on every interface; bind to the address clients use, or acknowledge it in the environment settings (server.listenEverywhere with a reason)';

function checked(build: (stack: ReturnType<typeof dockerStack>) => void) {
  const stack = dockerStack();
  build(stack);
  return guard(stack, listenAddress);
}

describe('HC-SERVER-2 (the server listens on an IP, on every interface only when acknowledged)', () => {
  describe('bridge network: the published port', () => {
    test.each(['127.0.0.1', '10.0.0.7', '::1'])('GIVEN the port published on %s WHEN synthesized THEN it passes', (bindAddress) => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { bindAddress })))).not.toThrow();
    });

    test('GIVEN the port published on 0.0.0.0 WHEN synthesized THEN it fails naming rule, container, field, value and fix', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { bindAddress: '0.0.0.0' })))).toThrow(violation('HC-SERVER-2', CONTAINER, 'ports[0].ip', '0.0.0.0', EVERYWHERE_FIX));
    });

    test('GIVEN the port published on :: WHEN synthesized THEN it fails', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { bindAddress: '::' })))).toThrow(violation('HC-SERVER-2', CONTAINER, 'ports[0].ip', '::', 'listens on every interface'));
    });

    // ::0 and 0::0 are the unspecified address too (Docker binds every interface for them).
    test('GIVEN the port published on ::0 (another spelling of ::) WHEN synthesized THEN it fails', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { bindAddress: '::0' })))).toThrow(violation('HC-SERVER-2', CONTAINER, 'ports[0].ip', '::0', 'listens on every interface'));
    });

    // That the bind address is an IP address is the VaultServer construct's check, not this rule's.
    test('GIVEN the host name localhost WHEN synthesized THEN the VaultServer construct refuses it and HC-SERVER-2 does not report it', () => {
      const stack = checked((s) => vaultServer(s, { bindAddress: 'localhost' }));
      expect(validationErrors(stack)).toEqual([expect.stringContaining('[test/server] bindAddress = "localhost": expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)')]);
      expect(synthErrors(stack)).toEqual([]);
    });

    test('GIVEN a raw container publishing a port without an ip WHEN synthesized THEN it fails as 0.0.0.0 (Docker\'s default)', () => {
      const stack = checked((s) => new Container(s, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server'], ports: [{ internal: 8200, external: 8200 }] }));
      expect(() => fullSynth(stack)).toThrow(violation('HC-SERVER-2', 'test/c', 'ports[0].ip', '0.0.0.0', 'listens on every interface'));
    });

    test('GIVEN a listener on 0.0.0.0 inside the container but the port published on 127.0.0.1 WHEN synthesized THEN it passes (the host sees only the port)', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { mode: serverMode(serverConfig({ listenAddress: '0.0.0.0:8200' })), bindAddress: '127.0.0.1' })))).not.toThrow();
    });
  });

  describe('host network: the server\'s own listeners', () => {
    test('GIVEN a server-mode listener on 127.0.0.1 WHEN synthesized THEN it passes', () => {
      const mode = serverMode(serverConfig({ listenAddress: '127.0.0.1:8200', clusterListenAddress: '127.0.0.1:8201' }));
      expect(() => fullSynth(checked((s) => vaultServer(s, { networkMode: 'host', mode })))).not.toThrow();
    });

    test('GIVEN a server-mode listener on 0.0.0.0 WHEN synthesized THEN it fails naming the uploaded file and listener', () => {
      const mode = serverMode(serverConfig({ listenAddress: '0.0.0.0:8200', clusterListenAddress: '127.0.0.1:8201' }));
      expect(() => fullSynth(checked((s) => vaultServer(s, { networkMode: 'host', mode })))).toThrow(violation('HC-SERVER-2', CONTAINER, LISTENER, '0.0.0.0', EVERYWHERE_FIX));
    });

    test('GIVEN a listener on [::]:8200 WHEN synthesized THEN it fails with the bare address', () => {
      const mode = serverMode(serverConfig({ listenAddress: '[::]:8200', clusterListenAddress: '[::1]:8201' }));
      expect(() => fullSynth(checked((s) => vaultServer(s, { networkMode: 'host', bindAddress: '::1', mode })))).toThrow(violation('HC-SERVER-2', CONTAINER, LISTENER, '::', 'listens on every interface'));
    });

    // On the host network the cluster listener is reachable from every interface as well.
    test('GIVEN the API listener on 127.0.0.1 but the cluster listener on 0.0.0.0:8201 WHEN synthesized THEN it fails', () => {
      const mode = serverMode(serverConfig({ listenAddress: '127.0.0.1:8200', clusterListenAddress: '0.0.0.0:8201' }));
      expect(synthErrors(checked((s) => vaultServer(s, { networkMode: 'host', mode })))).toEqual([expect.stringMatching(/^\[HC-SERVER-2\] test\/server\/container: .*cluster_address = "0\.0\.0\.0"/)]);
    });

    test('GIVEN a dev-mode server with VAULT_DEV_LISTEN_ADDRESS on 0.0.0.0 WHEN synthesized THEN it fails naming the variable', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { networkMode: 'host', mode: DEV_MODE, bindAddress: '0.0.0.0' })))).toThrow(
        violation('HC-SERVER-2', CONTAINER, 'env VAULT_DEV_LISTEN_ADDRESS', '0.0.0.0', EVERYWHERE_FIX),
      );
    });

    test('GIVEN a dev-mode server on 127.0.0.1 WHEN synthesized THEN it passes (near miss)', () => {
      expect(() => fullSynth(checked((s) => vaultServer(s, { networkMode: 'host', mode: DEV_MODE, bindAddress: '127.0.0.1' })))).not.toThrow();
    });

    // The image's entrypoint defaults -dev-listen-address to 0.0.0.0:8200 when the variable is unset.
    test('GIVEN a raw dev-mode container on the host network without VAULT_DEV_LISTEN_ADDRESS WHEN synthesized THEN it fails (0.0.0.0:8200 by default)', () => {
      const stack = checked((s) => new Container(s, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server', '-dev'], networkMode: 'host' }));
      expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[HC-SERVER-2\] test\/c: .*"0\.0\.0\.0"/)]);
    });
  });

  describe('acknowledged listeners', () => {
    test('GIVEN the port on 0.0.0.0 with HC-SERVER-2 suppressed with a reason WHEN synthesized THEN it passes and the reason is in the stack metadata', () => {
      const stack = dockerStack();
      suppressGuardrail(vaultServer(stack, { bindAddress: '0.0.0.0' }), 'HC-SERVER-2', REASON);
      const written = fullSynth(guard(stack, listenAddress));
      expect(guardrailMetadata(written).guardrail_suppressions).toEqual([{ rule: 'HC-SERVER-2', construct: CONTAINER, field: 'ports[0].ip', reason: REASON }]);
    });

    test('GIVEN the suppression on a sibling server WHEN both publish on 0.0.0.0 THEN only the unsuppressed one is reported', () => {
      const stack = dockerStack();
      suppressGuardrail(vaultServer(stack, { bindAddress: '0.0.0.0' }), 'HC-SERVER-2', REASON);
      new Container(stack, 'c', { name: 'other', image: 'hashicorp/vault:1.21.4', command: ['server'], ports: [{ internal: 8200, external: 8300, ip: '0.0.0.0' }] });
      expect(synthErrors(guard(stack, listenAddress))).toEqual([expect.stringMatching(violation('HC-SERVER-2', 'test/c', 'ports[0].ip', '0.0.0.0', 'listens on every interface'))]);
    });

    describe('through the environment settings (server.listenEverywhere)', () => {
      let outdir: string;
      beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-listen-everywhere-')); });
      afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

      function serverStack(listenEverywhere?: { reason: string }) {
        return new VaultServerStack(Testing.app({ outdir }), { ...DEV, server: { ...DEV.server, nodes: [{ ...DEV.server.nodes[0], address: '0.0.0.0' }], listenEverywhere } });
      }

      test('GIVEN 0.0.0.0 acknowledged with a reason WHEN the server stack is synthesized THEN it passes and records the reason', () => {
        const written = fullSynth(serverStack({ reason: REASON }));
        expect(guardrailMetadata(written).guardrail_suppressions).toEqual([{ rule: 'HC-SERVER-2', construct: 'dev-server/vault/container', field: 'ports[0].ip', reason: REASON }]);
      });

      test('GIVEN 0.0.0.0 without the acknowledgement WHEN the server stack is synthesized THEN it fails', () => {
        expect(synthErrors(serverStack())).toEqual([expect.stringMatching(violation('HC-SERVER-2', 'dev-server/vault/container', 'ports[0].ip', '0.0.0.0', 'listenEverywhere'))]);
      });

      test('GIVEN an acknowledgement with a reason under 20 characters WHEN the server stack is built THEN it is refused', () => {
        expect(() => serverStack({ reason: 'lab box' })).toThrow(/suppressGuardrail\(dev-server\/vault, HC-SERVER-2\): reason = "lab box"/);
      });
    });
  });
});
