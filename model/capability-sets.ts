// The named capability sets grants are built from: one place, so a reviewer sees every set a grant
// can hand out. Private to the grant methods of the constructs.
import { PortableCapability } from './capabilities';

export const CAPS = {
  read: ['read'],
  readList: ['read', 'list'],
  list: ['list'],
  /** POST-only endpoints (transit encrypt/decrypt/datakey/rewrap/rotate, secret-id issue). */
  update: ['update'],
  readUpdate: ['read', 'update'],
  /** Full management without delete: settings, and objects that must never be removed through the API. */
  readWrite: ['create', 'read', 'update', 'patch', 'list'],
  manage: ['create', 'read', 'update', 'patch', 'delete', 'list'],
  /** Enabling a mount, auth method or audit device is root-protected: create/update need sudo. */
  enableSudo: ['create', 'update', 'sudo'],
  /** Root-protected endpoints (sys/audit) need sudo. */
  readSudo: ['read', 'list', 'sudo'],
  deny: ['deny'],
} as const satisfies Record<string, readonly PortableCapability[]>;
