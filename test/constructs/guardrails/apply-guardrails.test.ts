import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations } from 'cdktf';
import { TransitSecretBackendKey } from '@cdktf/provider-vault/lib/transit-secret-backend-key';
import { applyGuardrails, blockingFindings, Guardrail, guardrailFindings } from '../../../constructs/guardrails';
import { formatFinding } from '../../../constructs/guardrails/guardrail';
import { openBinding } from '../../../constructs/guardrails/open-binding';
import { transitKeySafety } from '../../../constructs/guardrails/transit-key-safety';
import { PROD } from '../../../stacks/environments';
import { synthesizeApp, SynthError } from '../../../stacks/hoodcloud-app';
import { fullSynth, guard, synthErrors, vaultStack, violation, writtenFullSynth } from '../support';
import { roleStack } from './guardrail-support';

/** A rule that throws on transit keys, as a buggy rule would. */
function throwingRule(thrown: unknown, level: 'error' | 'warning' = 'error'): Guardrail {
  return {
    id: 'HC-TEST-1',
    level,
    description: 'throws on transit keys',
    check(node) {
      if (node instanceof TransitSecretBackendKey) throw thrown;
      return [];
    },
  };
}

function keyStack(exportable = false) {
  const stack = vaultStack();
  new TransitSecretBackendKey(stack, 'key', { backend: 'transit', name: 'k', exportable });
  return stack;
}

describe('applyGuardrails', () => {
  describe('a rule that throws', () => {
    test('GIVEN a rule that throws on one construct WHEN synthesized THEN it is a finding naming rule, construct and the error instead of a crash', () => {
      const stack = keyStack();
      applyGuardrails(stack, { production: false, rules: [throwingRule(new Error('cannot read exportable'))] });
      expect(synthErrors(stack)).toEqual([
        expect.stringMatching(violation('HC-TEST-1', 'test/key', '(rule)', 'cannot read exportable', 'the rule HC-TEST-1 failed on this construct; fix the construct or the rule')),
      ]);
    });

    test('GIVEN a rule that throws before another rule WHEN synthesized THEN the other rule still reports on the same construct', () => {
      const stack = keyStack(true);
      applyGuardrails(stack, { production: false, rules: [throwingRule(new Error('boom')), transitKeySafety] });
      expect(synthErrors(stack)).toEqual([
        expect.stringMatching(violation('HC-TEST-1', 'test/key', '(rule)', 'boom', 'the rule HC-TEST-1 failed')),
        expect.stringMatching(violation('HC-TRANSIT-1', 'test/key', 'exportable', true, 'set it to false')),
      ]);
    });

    test('GIVEN a rule that throws a string WHEN synthesized THEN the string is the value', () => {
      const stack = keyStack();
      applyGuardrails(stack, { production: false, rules: [throwingRule('not an Error')] });
      expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-TEST-1', 'test/key', '(rule)', 'not an Error', 'the rule HC-TEST-1 failed'))]);
    });

    // runRule reads `(e as Error).message` first, which throws a TypeError for undefined and null.
    test('GIVEN a rule that throws undefined WHEN synthesized THEN it is still a finding, not a TypeError', () => {
      const stack = keyStack();
      applyGuardrails(stack, { production: false, rules: [throwingRule(undefined)] });
      expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[HC-TEST-1\] test\/key: \(rule\) = .*the rule HC-TEST-1 failed/)]);
    });
  });

  describe('findings', () => {
    test('GIVEN a stack before synth WHEN findings are read THEN there are none; after synth THEN they are there', () => {
      const { stack } = roleStack(['0.0.0.0/0']);
      guard(stack, openBinding);
      expect(guardrailFindings(stack)).toEqual([]);
      synthErrors(stack);
      expect(guardrailFindings(stack)).toEqual([
        { rule: 'HC-CIDR-2', level: 'error', construct: 'test/svc/role', violation: expect.objectContaining({ field: 'secret_id_bound_cidrs', value: ['0.0.0.0/0'] }), suppressedBecause: undefined },
      ]);
      expect(blockingFindings(stack)).toEqual([formatFinding('HC-CIDR-2', 'test/svc/role', guardrailFindings(stack)[0].violation)]);
    });

    test('GIVEN a finding WHEN formatted THEN one line names the rule, construct path, field, JSON value and message', () => {
      expect(formatFinding('HC-X-1', 'test/a', { field: 'f', value: ['a', 1], message: 'fix it' })).toBe('[HC-X-1] test/a: f = ["a",1]: fix it');
    });

    test('GIVEN findings only in one stack of an app WHEN both are synthesized THEN the other stack passes', () => {
      const bad = guard(roleStack(['0.0.0.0/0']).stack, openBinding);
      const good = guard(roleStack(['10.0.1.5/32']).stack, openBinding);
      expect(synthErrors(bad)).toHaveLength(1);
      expect(() => fullSynth(good)).not.toThrow();
      expect(blockingFindings(good)).toEqual([]);
    });

    // Each run stores its findings per stack, replacing the previous run's, and every run's
    // validation reads the stored ones: the first rule set's errors are silently lost.
    test('GIVEN applyGuardrails called twice on one stack WHEN the first rule set finds an error THEN the synth still fails', () => {
      const { stack } = roleStack(['0.0.0.0/0']);
      guard(stack, openBinding);
      guard(stack, transitKeySafety);
      expect(synthErrors(stack)).toEqual([expect.stringMatching(violation('HC-CIDR-2', 'test/svc/role', 'secret_id_bound_cidrs', ['0.0.0.0/0'], 'admits every'))]);
    });
  });

  describe('no environment variable lets an error through', () => {
    const VAR = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';
    let saved: string | undefined;
    let root: string;
    beforeEach(() => {
      saved = process.env[VAR];
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-guardrail-env-'));
    });
    afterEach(() => {
      if (saved === undefined) delete process.env[VAR];
      else process.env[VAR] = saved;
      fs.rmSync(root, { recursive: true, force: true });
    });

    // cdktf reads the variable when a stack is constructed, so it is set before the stack is built.
    describe.each(['true', 'false', ''])(`${VAR}=%j`, (value) => {
      beforeEach(() => {
        process.env[VAR] = value;
      });

      test('GIVEN an error annotation (the control) WHEN synthesized THEN cdktf lets it through, as the variable says', () => {
        const stack = vaultStack();
        Annotations.of(stack).addError('an error annotation');
        expect(() => writtenFullSynth(stack)).not.toThrow();
      });

      test('GIVEN an open binding WHEN synthesized THEN the guardrail still fails the synth', () => {
        const { stack } = roleStack(['0.0.0.0/0']);
        guard(stack, openBinding);
        expect(() => writtenFullSynth(stack)).toThrow(violation('HC-CIDR-2', 'test/svc/role', 'secret_id_bound_cidrs', ['0.0.0.0/0'], 'admits every IPv4 address'));
      });

      test('GIVEN PROD with an open binding WHEN synthesizeApp runs THEN it throws SynthError and writes nothing', () => {
        const outdir = path.join(root, 'cdktf.out');
        const badProd = { ...PROD, roles: { ...PROD.roles, 'hoodcloud-admin': { secretIdBoundCidrs: ['0.0.0.0/0'], tokenBoundCidrs: ['127.0.0.1/32'] } } };
        let error: unknown;
        try {
          synthesizeApp({ outdir, environments: [badProd] });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SynthError);
        expect((error as SynthError).problems).toEqual([
          expect.stringMatching(violation('HC-CIDR-2', 'prod-config/role-hoodcloud-admin/role', 'secret_id_bound_cidrs', ['0.0.0.0/0'], 'admits every IPv4 address')),
          expect.stringMatching(violation('HC-CIDR-4', 'prod-config/role-hoodcloud-admin/role', 'secret_id_bound_cidrs[0]', '0.0.0.0/0', 'is broader than /16')),
        ]);
        expect(fs.readdirSync(root)).toEqual([]);
      });
    });

    test('GIVEN the variable unset WHEN the control error annotation is synthesized THEN it fails (the control is real)', () => {
      delete process.env[VAR];
      const stack = vaultStack();
      Annotations.of(stack).addError('an error annotation');
      expect(() => writtenFullSynth(stack)).toThrow(/an error annotation/);
    });
  });

  describe('synthesizeApp', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'hc-guardrail-app-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    test('GIVEN PROD with a union-open binding WHEN synthesizeApp fails THEN its message names the finding and never offers a way to switch guardrails off', () => {
      const halves = ['0.0.0.0/1', '128.0.0.0/1'];
      const badProd = { ...PROD, roles: { ...PROD.roles, 'hoodcloud-admin': { secretIdBoundCidrs: halves, tokenBoundCidrs: ['127.0.0.1/32'] } } };
      let error: unknown;
      try {
        synthesizeApp({ outdir: path.join(root, 'cdktf.out'), environments: [badProd] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SynthError);
      const message = (error as SynthError).message;
      expect(message).toMatch(violation('HC-CIDR-2', 'prod-config/role-hoodcloud-admin/role', 'secret_id_bound_cidrs', halves, 'admits every IPv4 address'));
      expect(message).not.toContain('CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS');
      expect(message).not.toContain('skipValidation');
      expect((error as SynthError).problems.join('\n')).not.toMatch(/skipValidation|CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS/);
    });
  });
});
