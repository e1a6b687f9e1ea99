// Is every request audited the way the configuration says? sys/audit must list the declared device
// with the declared type and options, and never with log_raw (values in clear text in the log).
import { goParseBool } from '../../model/go-bool';
import { bootstrapService } from '../../services/catalog';
import { CheckRow, DoctorCheck, REAPPLY, row, ServerContext } from './check';
import { DeclaredAuditDevice } from './declared-audit';

const CHECK = 'audit-device';

/** A device as sys/audit lists it. */
export interface EnabledAuditDevice {
  readonly type: string;
  readonly options?: Readonly<Record<string, string>>;
}

const REPLACE = `a device is changed by enabling it again: with a root token (regenerated from the unseal shares) enable a corrected device at a second path, disable sys/audit/<path>, then ${REAPPLY}`;

/** Rows comparing what the server lists with what the configuration declares. */
export function evaluateAuditDevice(declared: DeclaredAuditDevice, enabled: Readonly<Record<string, EnabledAuditDevice>>): CheckRow[] {
  const subject = `sys/audit/${declared.path}`;
  const device = enabled[`${declared.path}/`];
  const others = Object.keys(enabled).filter((k) => k !== `${declared.path}/`);
  const alsoEnabled = others.length ? `; also enabled: ${others.join(', ')}` : '';
  if (!device) {
    return [row.fail(CHECK, subject, `not enabled: requests are not audited by the declared device${alsoEnabled || '; no audit device at all'}`, `${REAPPLY}; ${bootstrapService().roleName} may enable it, never disable it`)];
  }
  const options = device.options ?? {};
  // The server took the option with strconv.ParseBool, so "T" or "1" log in clear text as "true" does.
  const logRaw = options.log_raw;
  if (logRaw !== undefined && goParseBool(logRaw) === true) {
    return [row.fail(CHECK, subject, `log_raw is ${logRaw === 'true' ? 'true' : `${logRaw} (true as the server reads it)`}: secret values are written to the log in clear text`, REPLACE)];
  }
  const differences = [
    ...(device.type !== declared.type ? [`type ${device.type} (declared ${declared.type})`] : []),
    ...Object.entries(declared.options).filter(([k, v]) => options[k] !== v).map(([k, v]) => `${k} ${options[k] ?? '(unset)'} (declared ${v})`),
  ];
  if (differences.length > 0) return [row.fail(CHECK, subject, `differs from ${declared.source}: ${differences.join(', ')}`, REPLACE)];
  const shown = Object.entries(declared.options).map(([k, v]) => `${k} ${v}`).join(', ');
  const rows = [row.ok(CHECK, subject, `enabled as declared (${declared.source}): type ${device.type}, ${shown}${alsoEnabled}`)];
  if (!declared.complete) {
    rows.push(row.warn(CHECK, subject, `only file_path compared: no synthesized configuration, so the declared options are unknown`, 'npm run synth (writes cdktf.out/stacks/prod-config/cdk.tf.json), or pass --config-json <prod-config cdk.tf.json>'));
  }
  return rows;
}

export const auditDeviceCheck: DoctorCheck = {
  id: CHECK,
  title: 'audit device enabled as declared',
  needs: 'token',
  async run(ctx: ServerContext) {
    const res = await ctx.client.get<{ data?: Record<string, EnabledAuditDevice> }>('sys/audit');
    return evaluateAuditDevice(ctx.options.declaredAudit, (res.data ?? {}) as Record<string, EnabledAuditDevice>);
  },
};
