// The names of the objects HoodCloud's data and audit trail live in, declared once. The config
// stack creates them under these names; the operations CLI addresses them by these names; the
// review protects whatever the base configuration declares, so a rename here is still protected.
export const LAYOUT = {
  /** KV v2 mount of the application secrets. */
  kvMount: 'secret',
  /** Transit mount of the master key. */
  transitMount: 'transit',
  /** The transit key that wraps every service's data-encryption keys. */
  masterKey: 'hoodcloud-masterkey',
  /** AppRole auth mount (`auth/<path>`). */
  approleMount: 'approle',
  /** Path of the file audit device in `sys/audit`. */
  auditDevice: 'file',
  /** Where the server writes the audit log (inside the server's logs volume). */
  auditFilePath: '/vault/logs/audit.log',
} as const;
