// How the HC-SERVER and HC-CLUSTER rules read the booleans of a server container, as the server
// does (model/go-bool.ts): the `-dev=<value>` flag with strconv.ParseBool, a listener's tls_disable
// with parseutil.ParseBool (OpenBao 2.7.2 runs without TLS for tls_disable 2 and "T", and refuses
// "yes" and "tRuE"). Checked without a synth.
import { Container } from '@cdktf/provider-docker/lib/container';
import { DEFAULT_CIDR_PREFIX_BOUNDS } from '../../../constructs/guardrails/apply-guardrails';
import { parsesAsTrue, serverContainer } from '../../../constructs/guardrails/server-container';
import { dockerStack, serverConfig } from '../support';

function devOf(command: string[]): boolean | undefined {
  const stack = dockerStack();
  const c = new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command, upload: [{ file: '/vault/config/server.json', content: JSON.stringify(serverConfig()) }] });
  return serverContainer(c, { stack, production: true, cidrPrefixBounds: DEFAULT_CIDR_PREFIX_BOUNDS })?.dev;
}

describe('server container booleans', () => {
  test.each(['-dev', '--dev', '-dev=true', '-dev=TRUE', '-dev=T', '-dev=1'])('GIVEN server %s WHEN read THEN it is dev mode', (flag) => {
    expect(devOf(['server', flag])).toBe(true);
  });

  test.each(['-dev=false', '-dev=0', '-dev=yes', '-dev=tRuE', '-devx'])('GIVEN server %s WHEN read THEN it is not dev mode (near miss: false or refused by Go)', (flag) => {
    expect(devOf(['server', flag])).toBe(false);
  });

  test.each([true, 1, 2, 'true', 'True', 'TRUE', 'T', '1'])('GIVEN tls_disable %j WHEN read THEN TLS is off', (value) => {
    expect(parsesAsTrue(value)).toBe(true);
  });

  test.each([false, 0, '', 'false', 'F', 'yes', 'tRuE', 'on', null])('GIVEN tls_disable %j WHEN read THEN TLS stays on (near miss: false, or a value the server refuses)', (value) => {
    expect(parsesAsTrue(value)).toBe(false);
  });
});
