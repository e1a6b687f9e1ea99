// The ACL capability vocabulary, as Vault and OpenBao name it: one list, one order, for the policy
// builder, the guardrails, the policy parser, the ACL evaluator and the reports.
// OpenBao accepts exactly these nine (it adds `scan`; Vault's `subscribe`/`recover` are rejected
// as `invalid capability`). `deny` is not a grant: it overrides every other capability.

/** Every capability a policy may name, in the order policies and reports print them. */
export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'scan', 'sudo', 'deny'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The capabilities that grant something (all but `deny`). */
export const GRANT_CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'scan', 'sudo'] as const;
export type GrantCapability = (typeof GRANT_CAPABILITIES)[number];

/** Capabilities both Vault and OpenBao accept: what this project's policies use. */
export const PORTABLE_CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny'] as const;
export type PortableCapability = (typeof PORTABLE_CAPABILITIES)[number];

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

export function isPortableCapability(value: string): value is PortableCapability {
  return (PORTABLE_CAPABILITIES as readonly string[]).includes(value);
}

/** Capabilities in the one order (unknown ones last, alphabetically), without repeats. */
export function sortCapabilities<T extends string>(caps: Iterable<T>): T[] {
  const order = (c: string) => {
    const i = (CAPABILITIES as readonly string[]).indexOf(c);
    return i < 0 ? CAPABILITIES.length : i;
  };
  return [...new Set(caps)].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
}
