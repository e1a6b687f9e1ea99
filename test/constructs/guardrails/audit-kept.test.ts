import { Audit } from '@cdktf/provider-vault/lib/audit';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { FileAuditDevice } from '../../../constructs/audit-device';
import { auditKept } from '../../../constructs/guardrails/audit-kept';
import { DEFAULT_CIDR_PREFIX_BOUNDS } from '../../../constructs/guardrails/apply-guardrails';
import { KvV2Engine } from '../../../constructs/kv-v2-engine';
import { fullSynth, guard, synthErrors, vaultStack, violation } from '../support';

/** A raw file audit device with the given options on top of a kept, HMAC'd log. */
function rawAudit(options: Record<string, string>) {
  const stack = vaultStack();
  new Audit(stack, 'raw', { type: 'file', path: 'file', options: { file_path: '/vault/logs/audit.log', ...options } });
  return guard(stack, auditKept);
}

/** The fields the rule flags on a raw device with these options, checked without a synth (the spellings below are many). */
function flagged(options: Record<string, unknown>): string[] {
  const stack = vaultStack();
  const device = new Audit(stack, 'raw', { type: 'file', path: 'file', options: { file_path: '/vault/logs/audit.log', ...options } as Record<string, string> });
  return auditKept.check(device, { stack, production: false, cidrPrefixBounds: DEFAULT_CIDR_PREFIX_BOUNDS }).map((v) => v.field);
}

describe('HC-AUDIT-2 (audit entries stay HMAC\'d and kept)', () => {
  test('GIVEN a FileAuditDevice and a KV engine with their defaults WHEN synthesized THEN it passes', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/vault/logs/audit.log' });
    new KvV2Engine(stack, 'kv');
    expect(() => fullSynth(guard(stack, auditKept))).not.toThrow();
  });

  test('GIVEN a raw device with log_raw "true" WHEN synthesized THEN it fails naming rule, device, field, value and fix', () => {
    expect(() => fullSynth(rawAudit({ log_raw: 'true' }))).toThrow(
      violation('HC-AUDIT-2', 'test/raw', 'options.log_raw', 'true', "writes secrets, tokens and values in clear into the audit log; remove it (values are HMAC'd by default)"),
    );
  });

  // The server reads option strings with Go's strconv.ParseBool.
  test.each(['1', 't', 'T', 'TRUE'])('GIVEN log_raw %j (true to ParseBool) WHEN synthesized THEN it fails', (value) => {
    expect(() => fullSynth(rawAudit({ log_raw: value }))).toThrow(violation('HC-AUDIT-2', 'test/raw', 'options.log_raw', value, 'in clear'));
  });

  test.each(['false', '0', 'f'])('GIVEN log_raw %j WHEN synthesized THEN it passes (near miss)', (value) => {
    expect(() => fullSynth(rawAudit({ log_raw: value }))).not.toThrow();
  });

  // Options reach the server as text (Terraform: true -> "true", 1 -> "1") and are read with strconv.ParseBool,
  // which takes exactly 1, t, T, TRUE, true, True: other spellings make the server refuse the device.
  test.each([true, 1, 'True', 'TRUE', 't'])('GIVEN log_raw %j (true as Go reads it) WHEN checked THEN it is flagged', (value) => {
    expect(flagged({ log_raw: value })).toEqual(['options.log_raw']);
  });

  test.each(['yes', 'tRuE', 'on', ' true', 2, ''])('GIVEN log_raw %j (not a spelling strconv.ParseBool takes) WHEN checked THEN it is not flagged (near miss)', (value) => {
    expect(flagged({ log_raw: value })).toEqual([]);
  });

  test.each([false, 0, 'False', 'FALSE', 'f'])('GIVEN hmac_accessor %j (false as Go reads it) WHEN checked THEN it is flagged', (value) => {
    expect(flagged({ hmac_accessor: value })).toEqual(['options.hmac_accessor']);
  });

  test.each(['no', 'fAlSe', 'off', ''])('GIVEN hmac_accessor %j (not a spelling strconv.ParseBool takes) WHEN checked THEN it is not flagged (near miss)', (value) => {
    expect(flagged({ hmac_accessor: value })).toEqual([]);
  });

  test('GIVEN a raw device with hmac_accessor "false" WHEN synthesized THEN it fails naming the field and the fix', () => {
    expect(() => fullSynth(rawAudit({ hmac_accessor: 'false' }))).toThrow(
      violation('HC-AUDIT-2', 'test/raw', 'options.hmac_accessor', 'false', 'writes token accessors in clear, which lets a log reader revoke or look up tokens; remove it'),
    );
  });

  test.each(['0', 'F'])('GIVEN hmac_accessor %j (false to ParseBool) WHEN synthesized THEN it fails', (value) => {
    expect(() => fullSynth(rawAudit({ hmac_accessor: value }))).toThrow(violation('HC-AUDIT-2', 'test/raw', 'options.hmac_accessor', value, 'token accessors in clear'));
  });

  test('GIVEN hmac_accessor "true" or left out WHEN synthesized THEN it passes (near miss)', () => {
    expect(() => fullSynth(rawAudit({ hmac_accessor: 'true' }))).not.toThrow();
    expect(() => fullSynth(rawAudit({}))).not.toThrow();
  });

  test.each(['discard', '/dev/null', ' /dev/null '])('GIVEN file_path %j WHEN synthesized THEN it fails: every entry is discarded', (filePath) => {
    expect(() => fullSynth(rawAudit({ file_path: filePath }))).toThrow(
      violation('HC-AUDIT-2', 'test/raw', 'options.file_path', filePath, 'discards every audit entry; write the log to a file on the logs volume such as /vault/logs/audit.log'),
    );
  });

  test('GIVEN a FileAuditDevice writing to /dev/null WHEN synthesized THEN the construct is checked the same way', () => {
    const stack = vaultStack();
    new FileAuditDevice(stack, 'audit', { filePath: '/dev/null' });
    expect(() => fullSynth(guard(stack, auditKept))).toThrow(violation('HC-AUDIT-2', 'test/audit/device', 'options.file_path', '/dev/null', 'discards every audit entry'));
  });

  test('GIVEN file_path /dev/nullx (a real file whose name starts like /dev/null) WHEN synthesized THEN it passes', () => {
    expect(() => fullSynth(rawAudit({ file_path: '/dev/nullx' }))).not.toThrow();
  });

  test('GIVEN a mount with audit_non_hmac_request_keys WHEN synthesized THEN it fails naming the mount, field, keys and fix', () => {
    const stack = vaultStack();
    new Mount(stack, 'kv', { path: 'secret', type: 'kv-v2', auditNonHmacRequestKeys: ['password'] });
    expect(() => fullSynth(guard(stack, auditKept))).toThrow(
      violation('HC-AUDIT-2', 'test/kv', 'audit_non_hmac_request_keys', ['password'], 'writes these request or response fields in clear into the audit log (a password or private key among them would leak); remove it'),
    );
  });

  test('GIVEN a mount with empty audit_non_hmac lists WHEN synthesized THEN it passes (near miss)', () => {
    const stack = vaultStack();
    new Mount(stack, 'kv', { path: 'secret', type: 'kv-v2', auditNonHmacRequestKeys: [], auditNonHmacResponseKeys: [] });
    expect(() => fullSynth(guard(stack, auditKept))).not.toThrow();
  });

  // "No mount exempts keys from HMACing": an auth mount is tuned the same way (auth/<path>/tune),
  // and an approle login's secret_id in clear would leak every service credential.
  test('GIVEN an auth backend tuned with audit_non_hmac_request_keys WHEN synthesized THEN it fails', () => {
    const stack = vaultStack();
    new AuthBackend(stack, 'approle', { type: 'approle', tune: [{ auditNonHmacRequestKeys: ['secret_id'] }] });
    expect(synthErrors(guard(stack, auditKept))).toEqual([expect.stringMatching(/^\[HC-AUDIT-2\] test\/approle: .*audit_non_hmac_request_keys/)]);
  });

  test('GIVEN a device and a mount that break every part WHEN synthesized THEN every finding is reported at once', () => {
    const stack = vaultStack();
    new Audit(stack, 'raw', { type: 'file', path: 'file', options: { file_path: 'discard', log_raw: 'true', hmac_accessor: 'false' } });
    new Mount(stack, 'kv', { path: 'secret', type: 'kv-v2', auditNonHmacRequestKeys: ['password'], auditNonHmacResponseKeys: ['data'] });
    expect(synthErrors(guard(stack, auditKept))).toEqual([
      expect.stringMatching(violation('HC-AUDIT-2', 'test/raw', 'options.log_raw', 'true', 'in clear')),
      expect.stringMatching(violation('HC-AUDIT-2', 'test/raw', 'options.hmac_accessor', 'false', 'in clear')),
      expect.stringMatching(violation('HC-AUDIT-2', 'test/raw', 'options.file_path', 'discard', 'discards every audit entry')),
      expect.stringMatching(violation('HC-AUDIT-2', 'test/kv', 'audit_non_hmac_request_keys', ['password'], 'remove it')),
      expect.stringMatching(violation('HC-AUDIT-2', 'test/kv', 'audit_non_hmac_response_keys', ['data'], 'remove it')),
    ]);
  });
});
