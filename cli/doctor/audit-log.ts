// Is the audit log being written? With --audit-log (the log as this machine sees it, e.g. the host
// side of the server's logs volume), doctor notes the file's size, makes one authenticated request,
// and expects the file to have grown: the file device writes the request and the response before
// the server answers. Only sizes and times are read, never the content.
import * as fs from 'node:fs';
import { readMountLeaseTtls } from '../credentials/approle-api';
import { CheckRow, DoctorCheck, row, ServerContext } from './check';

const CHECK = 'audit-log';

export type LogFileState = { readonly kind: 'absent' } | { readonly kind: 'not-a-file' } | { readonly kind: 'file'; readonly size: number; readonly modified: Date };

function stateOf(file: string): LogFileState {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? { kind: 'file', size: st.size, modified: st.mtime } : { kind: 'not-a-file' };
  } catch {
    return { kind: 'absent' };
  }
}

/** The row for the log: present, and grown between `before` and `after` one audited request. */
export function evaluateAuditLog(file: string, before: LogFileState, after: LogFileState, declaredFilePath: string): CheckRow {
  const where = `pass the path where this machine sees the device's file_path (${declaredFilePath})`;
  if (after.kind === 'absent') return row.fail(CHECK, file, 'does not exist', `${where}; if it is right, see the audit-device row`);
  if (after.kind === 'not-a-file') return row.fail(CHECK, file, 'is not a regular file', where);
  if (before.kind !== 'file' || after.size > before.size) {
    return row.ok(CHECK, file, `written: grew by ${after.size - (before.kind === 'file' ? before.size : 0)} bytes during one request (${after.size} bytes)`);
  }
  // Shorter than before: rotated (and written again) in between.
  if (after.size < before.size) return row.ok(CHECK, file, `written: rotated and written during one request (${after.size} bytes)`);
  return row.fail(CHECK, file, `not written: still ${after.size} bytes after an audited request, last changed ${after.modified.toISOString()}`, `see the audit-device row; ${where}`);
}

export const auditLogCheck: DoctorCheck = {
  id: CHECK,
  title: 'audit log being written (--audit-log)',
  needs: 'token',
  async run(ctx: ServerContext) {
    const file = ctx.options.auditLog;
    if (!file) return [];
    const before = stateOf(file);
    await readMountLeaseTtls(ctx.client); // any audited request
    return [evaluateAuditLog(file, before, stateOf(file), ctx.options.declaredAudit.options.file_path ?? '?')];
  },
};
