// Whether a raft member votes, as the server reads `retry_join_as_non_voter`: a storage stanza's
// values reach it as text and go through strconv.ParseBool (OpenBao 2.7.2 refuses 2, "" and "yes"
// at start). Checked on a raw server container, without a synth.
import { Container } from '@cdktf/provider-docker/lib/container';
import { DEFAULT_CIDR_PREFIX_BOUNDS } from '../../../constructs/guardrails/apply-guardrails';
import { raftMemberOf } from '../../../constructs/guardrails/raft-members';
import { dockerStack, serverConfig } from '../support';

function voterWith(value: unknown): boolean | undefined {
  const config = serverConfig({ retryJoin: [{ leaderApiAddr: 'https://10.0.0.6:8200', leaderCaCertFile: '/vault/tls/ca.crt' }] });
  const withValue = { ...config, storage: { raft: { ...config.storage.raft, retry_join_as_non_voter: value } } };
  const stack = dockerStack();
  const c = new Container(stack, 'c', { name: 'vault', image: 'hashicorp/vault:1.21.4', command: ['server'], upload: [{ file: '/vault/config/server.json', content: JSON.stringify(withValue) }] });
  return raftMemberOf(c, { stack, production: true, cidrPrefixBounds: DEFAULT_CIDR_PREFIX_BOUNDS })?.voter;
}

describe('raft member voting', () => {
  test.each([true, 1, 'true', 'T', 'TRUE', 'True'])('GIVEN retry_join_as_non_voter %j WHEN read THEN the node does not vote', (value) => {
    expect(voterWith(value)).toBe(false);
  });

  test.each([undefined, false, 0, 'false', 'yes', 'tRuE', 2, ''])('GIVEN retry_join_as_non_voter %j WHEN read THEN the node votes (near miss: false, unset, or refused by the server)', (value) => {
    expect(voterWith(value)).toBe(true);
  });
});
