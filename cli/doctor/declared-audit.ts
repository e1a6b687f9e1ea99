// The audit device the configuration declares: at LAYOUT.auditDevice, with the options of the
// synthesized prod-config stack (the same file bootstrap enables it from), so doctor compares the
// server with the stack rather than with a second copy of the options.
import * as fs from 'node:fs';
import { LAYOUT } from '../../stacks/layout';
import { DEFAULT_CONFIG_JSON, readBootstrapObjects } from '../bootstrap/declared-objects';
import { CliError } from '../errors';

export interface DeclaredAuditDevice {
  /** Device path in sys/audit, without the trailing slash. */
  readonly path: string;
  readonly type: string;
  /** The declared options; only `file_path` when no synthesized configuration was found. */
  readonly options: Readonly<Record<string, string>>;
  /** Where the declaration was read, for the table. */
  readonly source: string;
  /** False when only the layout's names are known (no synthesized stack to read the other options from). */
  readonly complete: boolean;
}

/**
 * Reads the declared device from `configJson`. A file the operator named must be readable (usage
 * error otherwise); when the default file is absent, the layout's names stand in and doctor says so.
 */
export function readDeclaredAuditDevice(configJson: string | undefined, defaultFile = DEFAULT_CONFIG_JSON): DeclaredAuditDevice {
  const file = configJson ?? defaultFile;
  if (configJson === undefined && !fs.existsSync(file)) {
    return { path: LAYOUT.auditDevice, type: 'file', options: { file_path: LAYOUT.auditFilePath }, source: 'stacks/layout.ts', complete: false };
  }
  const audit = readBootstrapObjects(file).audits.find((a) => a.path === LAYOUT.auditDevice);
  if (!audit) throw new CliError(`--config-json: "${file}" declares no vault_audit at path "${LAYOUT.auditDevice}" (stacks/layout.ts auditDevice)`, 2);
  return { path: audit.path, type: audit.body.type, options: Object.fromEntries(Object.entries(audit.body.options).map(([k, v]) => [k, String(v)])), source: file, complete: true };
}
