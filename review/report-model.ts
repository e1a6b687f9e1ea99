// The review's result as plain data: what the Markdown renderer prints and `--json` emits.
import { GrantCapability } from '../model/capabilities';
import { ProbeArea } from './probes';
import { ResourceKind } from './resource-identity';
import { TOPOLOGY_RULES } from './topology';

export interface ReviewResult {
  /** Format version of the JSON output. */
  readonly version: 1;
  readonly base: string;
  readonly head: string;
  readonly environments: readonly EnvironmentReview[];
  /** Every blocking finding, across environments. Non-empty ⇒ exit code 1. */
  readonly blocking: readonly Finding[];
  /** True when no role gains or loses any capability anywhere. */
  readonly noAccessChanges: boolean;
  /** True when nothing at all differs (access, bindings, profile, resources, stacks). */
  readonly noChanges: boolean;
}

export interface EnvironmentReview {
  readonly environment: string;
  readonly stacks: readonly StackPresence[];
  readonly access: readonly RoleAccessChange[];
  readonly bindings: readonly BindingChange[];
  readonly profile: readonly ProfileChange[];
  readonly resources: readonly ResourceChange[];
  readonly blocking: readonly Finding[];
  /** Notes that are not changes (e.g. a policy attached to a role but not defined in the stack). */
  readonly notes: readonly string[];
  /** Stacks whose resource actions were taken from a real `terraform plan` (`--plan`). */
  readonly plannedStacks: readonly string[];
}

export interface StackPresence {
  readonly stack: string;
  readonly presence: 'both' | 'base-only' | 'head-only';
}

export interface RoleAccessChange {
  readonly role: string;
  readonly policiesBefore: readonly string[];
  readonly policiesAfter: readonly string[];
  readonly changes: readonly PathAccessChange[];
}

export interface PathAccessChange {
  readonly area: ProbeArea;
  readonly path: string;
  readonly what: string;
  readonly before: readonly GrantCapability[];
  readonly after: readonly GrantCapability[];
  readonly gained: readonly GrantCapability[];
  readonly lost: readonly GrantCapability[];
  /** Operation probes: whether the operation's capability is held before and after. */
  readonly operation?: { readonly needs: GrantCapability; readonly allowedBefore: boolean; readonly allowedAfter: boolean };
  /** Response-wrapping limits of the deciding rule (e.g. `1s–300s`; empty = none) when they changed: a request must then be wrapped within them. */
  readonly wrapping?: { readonly before: string; readonly after: string };
  /** The rule that decides after the change (pattern and policies), or before when the path lost all access. */
  readonly decidedBy?: string;
}

export interface BindingChange {
  readonly role: string;
  readonly field: 'secret_id_bound_cidrs' | 'token_bound_cidrs';
  readonly before: readonly string[] | null;
  readonly after: readonly string[] | null;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** narrowed: every new entry lies inside an old one; widened: some new entry reaches addresses the old ones did not; open: anyone. */
  readonly effect: 'narrowed' | 'widened' | 'open' | 'unchanged-scope';
}

export interface ProfileChange {
  readonly role: string;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly effect: 'weaker' | 'stricter' | 'changed';
}

export interface ResourceChange {
  readonly stack: string;
  readonly kind: ResourceKind;
  readonly type: string;
  /** The object's key (mount path, `backend/name`...) in the base; in the head for an added one. */
  readonly key: string;
  /** Terraform's addresses of the resource (`<type>.<logical id>`) in the base and the head, where it exists. */
  readonly addresses: { readonly base?: string; readonly head?: string };
  readonly action: 'added' | 'removed' | 'replaced' | 'updated';
  /** Attributes whose change forces the replacement (or `address <base> → <head>`: Terraform destroys the old address). */
  readonly forcedBy: readonly string[];
  /** A mount moved in place (`sys/remount`, the provider's update of `path`): its key in the head. */
  readonly movedTo?: string;
  /**
   * Where the action comes from: `plan`, the `terraform show -json` of a real plan given with
   * `--plan` (its actions for the resource are in `planActions`); `synth`, the two synthesized
   * configurations and the provider's replacement rules (resource-identity.ts).
   */
  readonly actionFrom: 'plan' | 'synth';
  /** The plan's actions for the resource (e.g. `["delete","create"]`), when the action comes from a plan. */
  readonly planActions?: readonly string[];
  readonly changes: readonly AttributeChange[];
}

export interface AttributeChange {
  readonly attribute: string;
  /** Values are only given for attributes known to be safe to print; otherwise `redacted` is true. */
  readonly before?: unknown;
  readonly after?: unknown;
  readonly redacted?: boolean;
}

export interface Finding {
  readonly environment: string;
  readonly rule: BlockingRule;
  readonly message: string;
}

/** Every blocking rule id (docs/review.md lists each one). */
export const BLOCKING_RULES = [
  'kv-mount-removed-or-replaced',
  'transit-mount-removed-or-replaced',
  'transit-key-removed-or-replaced',
  'prevent-destroy-removed',
  'transit-key-deletion-or-export-enabled',
  'audit-device-removed',
  'binding-opened',
  'server-volume-removed-or-replaced',
  'server-volume-mount-changed',
  'bind-secret-id-disabled',
  'root-policy-attached',
  'transit-key-created-exportable-or-deletable',
  'transit-min-decryption-version-raised',
  'audit-hmac-weakened',
  'audit-log-raw',
  'audit-log-discarded',
  'server-tls-disabled',
  'server-listener-widened',
  'service-role-gains-operator-policy',
  'service-role-gains-management-capability',
  // The raft topology of a production server stack, named where those rules are checked.
  ...TOPOLOGY_RULES,
] as const;

export type BlockingRule = (typeof BLOCKING_RULES)[number];
