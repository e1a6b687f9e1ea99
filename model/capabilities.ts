// Vault/OpenBao ACL capabilities and request operations, as the servers name them.
// OpenBao accepts exactly these nine capabilities (it adds `scan`; Vault's `subscribe`/`recover`
// are rejected as `invalid capability`). `deny` is not a grant: it overrides every other one.

/** Every capability a policy may name. */
export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'scan', 'deny'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The capabilities that grant something (all but `deny`), in the order reports print them. */
export const GRANT_CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'scan', 'sudo'] as const;
export type GrantCapability = (typeof GRANT_CAPABILITIES)[number];

/** Capabilities both Vault and OpenBao accept (the design's portable subset). */
export const PORTABLE_CAPABILITIES: readonly Capability[] = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'];

/** Legacy `policy = "..."` values and the capabilities they stand for. */
export const LEGACY_POLICY_CAPABILITIES: Readonly<Record<string, readonly Capability[]>> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

/** Request operations, each checked against one capability (revoke/renew/rollback use `update`). */
export type Operation = 'create' | 'read' | 'update' | 'patch' | 'delete' | 'list' | 'scan' | 'help' | 'revoke' | 'renew' | 'rollback';

/** The capability an operation needs (`help` needs none). */
export function capabilityForOperation(op: Operation): GrantCapability | undefined {
  switch (op) {
    case 'help':
      return undefined;
    case 'revoke':
    case 'renew':
    case 'rollback':
      return 'update';
    default:
      return op;
  }
}

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

/** Sorts capabilities in report order (create, read, update, patch, delete, list, scan, sudo). */
export function sortCapabilities<T extends string>(caps: Iterable<T>): T[] {
  const order = (c: string) => {
    const i = (GRANT_CAPABILITIES as readonly string[]).indexOf(c);
    return i < 0 ? GRANT_CAPABILITIES.length : i;
  };
  return [...new Set(caps)].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
}
