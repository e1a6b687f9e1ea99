// HC-AUDIT-2: what reaches the audit log stays HMAC'd and is kept: no device logs raw values or
// discards its log, and no mount exempts request or response keys from HMACing.
import { Audit } from '@cdktf/provider-vault/lib/audit';
import { AuthBackend } from '@cdktf/provider-vault/lib/auth-backend';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { goTextBool } from '../../model/go-bool';
import { Guardrail, resolved, Violation } from './guardrail';

// Audit options reach the server as text and are read with Go's strconv.ParseBool.
const isTrue = (v: unknown) => goTextBool(v) === true;
const isFalse = (v: unknown) => goTextBool(v) === false;
const DISCARDING_FILE_PATHS = ['discard', '/dev/null'];

export const auditKept: Guardrail = {
  id: 'HC-AUDIT-2',
  level: 'error',
  description: 'Audit devices HMAC values and keep their log (no log_raw, no discarding file_path); no mount exempts keys from HMACing',
  check(node, { stack }) {
    const out: Violation[] = [];
    if (node instanceof Audit) {
      const options = (node.optionsInput ?? {}) as Record<string, string>;
      if (isTrue(options.log_raw)) out.push({ field: 'options.log_raw', value: options.log_raw, message: 'writes secrets, tokens and values in clear into the audit log; remove it (values are HMAC\'d by default)' });
      if (isFalse(options.hmac_accessor)) out.push({ field: 'options.hmac_accessor', value: options.hmac_accessor, message: 'writes token accessors in clear, which lets a log reader revoke or look up tokens; remove it' });
      if (DISCARDING_FILE_PATHS.includes(String(options.file_path ?? '').trim())) {
        out.push({ field: 'options.file_path', value: options.file_path, message: 'discards every audit entry; write the log to a file on the logs volume such as /vault/logs/audit.log' });
      }
    }
    if (node instanceof Mount) {
      for (const [field, value] of [['audit_non_hmac_request_keys', node.auditNonHmacRequestKeysInput], ['audit_non_hmac_response_keys', node.auditNonHmacResponseKeysInput]] as const) {
        if (value && value.length > 0) out.push({ field, value, message: 'writes these request or response fields in clear into the audit log (a password or private key among them would leak); remove it' });
      }
    }
    if (node instanceof AuthBackend) {
      const tunes = (resolved(stack, node.tuneInput) ?? []) as Array<Record<string, unknown>>;
      (Array.isArray(tunes) ? tunes : [tunes]).forEach((t, i) => {
        for (const field of ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys']) {
          const value = t[field] ?? t[field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())];
          if (Array.isArray(value) && value.length > 0) out.push({ field: `tune[${i}].${field}`, value, message: 'writes these request or response fields in clear into the audit log (a secret_id among them would leak); remove it' });
        }
      });
    }
    return out;
  },
};
