// The capability vocabulary and the named capability sets grants are built from. One place, so a
// reviewer sees every set a grant can hand out.

/**
 * Capabilities both Vault and OpenBao accept. OpenBao rejects unknown ones (`subscribe`, `recover`)
 * and adds `scan`; portable policies use only these.
 */
export const PORTABLE_CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;

export type Capability = (typeof PORTABLE_CAPABILITIES)[number];

export function isPortableCapability(value: string): value is Capability {
  return (PORTABLE_CAPABILITIES as readonly string[]).includes(value);
}

/** Named sets used by the grant methods. */
export const CAPS = {
  read: ['read'],
  readList: ['read', 'list'],
  list: ['list'],
  /** POST-only endpoints (transit encrypt/decrypt/datakey/rewrap/rotate, secret-id issue). */
  update: ['update'],
  /** Full management without delete: settings, and objects that must never be removed through the API. */
  readWrite: ['create', 'read', 'update', 'patch', 'list'],
  manage: ['create', 'read', 'update', 'patch', 'delete', 'list'],
  /** Root-protected endpoints (sys/audit) need sudo. */
  readSudo: ['read', 'list', 'sudo'],
  deny: ['deny'],
} as const satisfies Record<string, readonly Capability[]>;
