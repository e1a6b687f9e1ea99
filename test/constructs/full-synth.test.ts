// The construct and guardrail tests synthesize with support.ts's in-memory fullSynth. These cases
// keep it a faithful stand-in: for the same stack it returns what cdktf's own Testing.fullSynth
// writes to cdk.tf.json, and it fails where that fails, with the same message.
import { Annotations, TerraformStack } from 'cdktf';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { suppressGuardrail } from '../../constructs/guardrails';
import { credentialLifetimes } from '../../constructs/guardrails/credential-lifetimes';
import { openBinding } from '../../constructs/guardrails/open-binding';
import { transitKeySafety } from '../../constructs/guardrails/transit-key-safety';
import { fullSynth, guard, vaultServer, dockerStack, vaultStack, writtenFullSynth } from './support';
import { REASON, roleStack } from './guardrails/guardrail-support';

/** Builds the stack twice (a stack synthesizes once) and returns both synths' outcomes. */
function bothWays(build: () => TerraformStack): { memory: string | Error; written: string | Error } {
  const outcome = (synth: (s: TerraformStack) => string) => {
    try {
      return synth(build());
    } catch (e) {
      return e as Error;
    }
  };
  return { memory: outcome(fullSynth), written: outcome(writtenFullSynth) };
}

function expectSameJson({ memory, written }: { memory: string | Error; written: string | Error }): void {
  if (memory instanceof Error) throw memory;
  if (written instanceof Error) throw written;
  expect(JSON.parse(memory)).toEqual(JSON.parse(written));
}

function expectSameFailure({ memory, written }: { memory: string | Error; written: string | Error }, mentions: string): void {
  expect(written).toBeInstanceOf(Error);
  expect(memory).toBeInstanceOf(Error);
  expect((memory as Error).message).toBe((written as Error).message);
  expect((written as Error).message).toContain(mentions);
}

describe('fullSynth (in memory) against Testing.fullSynth (written)', () => {
  test('GIVEN a production role with a guardrail warning WHEN synthesized both ways THEN the JSON, `//` metadata included, is the same', () => {
    const result = bothWays(() => guard(roleStack(['10.0.1.5/32']).stack, credentialLifetimes, true));
    expectSameJson(result);
    expect(JSON.parse(result.memory as string)['//'].guardrail_warnings).toHaveLength(1);
  });

  test('GIVEN a suppressed finding WHEN synthesized both ways THEN the JSON, with the accepted suppression, is the same', () => {
    const result = bothWays(() => {
      const stack = vaultStack();
      suppressGuardrail(new TransitSecretBackendKey(stack, 'raw', { backend: 'transit', name: 'k', exportable: true }), 'HC-TRANSIT-1', REASON);
      return guard(stack, transitKeySafety);
    });
    expectSameJson(result);
    expect(JSON.parse(result.memory as string)['//'].guardrail_suppressions).toHaveLength(1);
  });

  test('GIVEN a server stack (docker provider, container, image, uploads) WHEN synthesized both ways THEN the JSON is the same', () => {
    expectSameJson(
      bothWays(() => {
        const stack = dockerStack();
        vaultServer(stack);
        return stack;
      }),
    );
  });

  test('GIVEN a guardrail error WHEN synthesized both ways THEN both fail with the same message', () => {
    expectSameFailure(bothWays(() => guard(roleStack(['0.0.0.0/0']).stack, openBinding)), '[HC-CIDR-2] test/svc/role: secret_id_bound_cidrs');
  });

  test('GIVEN an error annotation WHEN synthesized both ways THEN both fail with the same message', () => {
    const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    try {
      expectSameFailure(
        bothWays(() => {
          const stack = vaultStack();
          Annotations.of(stack).addError('an error annotation');
          return stack;
        }),
        '[test] an error annotation',
      );
    } finally {
      if (saved !== undefined) process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
    }
  });
});
