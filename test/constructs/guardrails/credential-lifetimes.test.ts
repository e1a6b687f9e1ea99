import { ApproleAuthBackendRole } from '@cdktf/provider-vault/lib/approle-auth-backend-role';
import { phase1 } from '../../../constructs/approle';
import { blockingFindings, guardrailFindings, suppressGuardrail } from '../../../constructs/guardrails';
import { credentialLifetimes } from '../../../constructs/guardrails/credential-lifetimes';
import { fullSynth, guard, synthErrors, vaultStack, violation } from '../support';
import { guardrailMetadata, REASON, roleStack } from './guardrail-support';

const ROLE = 'test/svc/role';
const DAY = 86400;

function prodRole(overrides: Parameters<typeof roleStack>[2]) {
  const built = roleStack(['10.0.1.5/32'], ['10.0.1.5/32'], overrides);
  guard(built.stack, credentialLifetimes, true);
  return built;
}

describe('HC-APPROLE-1 (credential lifetimes, a warning)', () => {
  test('GIVEN phase 1 secret IDs and a 24 h token max TTL in production WHEN synthesized THEN there is no warning', () => {
    const { stack } = prodRole({ securityProfile: phase1(), ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: DAY } });
    expect(guardrailMetadata(fullSynth(stack)).guardrail_warnings).toBeUndefined();
    expect(guardrailFindings(stack)).toEqual([]);
  });

  test('GIVEN never-expiring phase 0 secret IDs in production WHEN synthesized THEN the synth does NOT fail and the warning is in the stack metadata', () => {
    const { stack } = prodRole({});
    const written = fullSynth(stack);
    expect(guardrailMetadata(written).guardrail_warnings).toEqual([
      expect.stringMatching(violation('HC-APPROLE-1', ROLE, 'secret_id_ttl', 0, 'secret IDs never expire; use the phase 1 profile (7 days) and rotate with `credentials rotate`')),
    ]);
    expect(blockingFindings(stack)).toEqual([]);
    expect(guardrailFindings(stack)).toEqual([expect.objectContaining({ rule: 'HC-APPROLE-1', level: 'warning', construct: ROLE })]);
  });

  test('GIVEN the warning WHEN synthesized THEN it is also a warning annotation on the role (not an error)', () => {
    const { stack, role } = prodRole({});
    fullSynth(stack);
    const annotations = role.resource.node.metadata.filter((m) => m.type.startsWith('@cdktf/'));
    expect(annotations.map((m) => m.type)).toEqual(['@cdktf/warn']);
    expect(String(annotations[0].data)).toMatch(violation('HC-APPROLE-1', ROLE, 'secret_id_ttl', 0, 'never expire'));
  });

  test('GIVEN a token max TTL of 48 h in production WHEN synthesized THEN it warns with the lifetime in hours', () => {
    const { stack } = prodRole({ securityProfile: phase1(), ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: 2 * DAY } });
    expect(synthErrors(stack)).toEqual([]);
    expect(guardrailMetadata(fullSynth(stack)).guardrail_warnings).toEqual([
      expect.stringMatching(violation('HC-APPROLE-1', ROLE, 'token_max_ttl', 2 * DAY, 'lets a token live 48 h; 24 h (86400) at most keeps a leaked token short-lived')),
    ]);
  });

  test('GIVEN a token max TTL one second over 24 h WHEN synthesized THEN it warns (near miss of exactly 24 h)', () => {
    const { stack } = prodRole({ securityProfile: phase1(), ttl: { tokenTtlSeconds: 3600, tokenMaxTtlSeconds: DAY + 1 } });
    expect(guardrailMetadata(fullSynth(stack)).guardrail_warnings).toEqual([expect.stringMatching(violation('HC-APPROLE-1', ROLE, 'token_max_ttl', DAY + 1, '24 h (86400) at most'))]);
  });

  test('GIVEN a raw role with no TTLs at all in production WHEN synthesized THEN both lifetimes warn, the token one as unbounded', () => {
    const stack = vaultStack();
    new ApproleAuthBackendRole(stack, 'raw', { backend: 'approle', roleName: 'raw' });
    guard(stack, credentialLifetimes, true);
    expect(guardrailMetadata(fullSynth(stack)).guardrail_warnings).toEqual([
      expect.stringMatching(violation('HC-APPROLE-1', 'test/raw', 'secret_id_ttl', 0, 'never expire')),
      expect.stringMatching(violation('HC-APPROLE-1', 'test/raw', 'token_max_ttl', 0, 'lets a token live as long as the mount allows')),
    ]);
  });

  test('GIVEN phase 0 secret IDs outside production WHEN synthesized THEN there is no warning', () => {
    const { stack } = roleStack(['10.0.1.5/32']);
    guard(stack, credentialLifetimes, false);
    expect(guardrailMetadata(fullSynth(stack)).guardrail_warnings).toBeUndefined();
  });

  test('GIVEN the warning suppressed with a reason WHEN synthesized THEN it moves from the warnings to the accepted suppressions', () => {
    const { stack, role } = roleStack(['10.0.1.5/32']);
    suppressGuardrail(role, 'HC-APPROLE-1', REASON);
    guard(stack, credentialLifetimes, true);
    const metadata = guardrailMetadata(fullSynth(stack));
    expect(metadata.guardrail_warnings).toBeUndefined();
    expect(metadata.guardrail_suppressions).toEqual([{ rule: 'HC-APPROLE-1', construct: ROLE, field: 'secret_id_ttl', reason: REASON }]);
  });
});
