// What Terraform will do, from the plan itself: each resource change of a stack with a `--plan`
// takes its action from the plan's actions for its address (replaced when the plan deletes and
// creates it, updated when it updates it in place), and a resource the plan destroys that the two
// synthesized configurations do not show as changing (drift on the server, a leftover in the
// state) is added, so the blocking rules judge everything the plan destroys.
import { destroys, PlannedChange, StackPlan } from './plan-input';
import { ResourceChange } from './report-model';
import { identify, PRINTABLE_ATTRIBUTES } from './resource-identity';
import { ReviewInputError, SynthStack } from './stack-loader';

function planned(rc: ResourceChange, p: PlannedChange, action: ResourceChange['action'], extra: Partial<ResourceChange> = {}): ResourceChange {
  const forcedBy = action === 'replaced' ? (p.replacedBecauseOf.length ? [...p.replacedBecauseOf] : rc.forcedBy.length ? [...rc.forcedBy] : ['(the plan gives no attribute)']) : [];
  return { ...rc, action, forcedBy, actionFrom: 'plan', planActions: p.actions, ...extra };
}

/** The stack's resource changes with their actions from the plan, and notes on what the plan does beyond them. */
export function applyPlan(changes: readonly ResourceChange[], plan: StackPlan, base: SynthStack | undefined, head: SynthStack | undefined): { changes: ResourceChange[]; notes: string[] } {
  const where = `--plan ${plan.stack}=${plan.file}`;
  for (const r of head?.resources ?? []) {
    if (!plan.changes.has(r.address)) {
      throw new ReviewInputError(`${where}: the plan has no entry for ${r.address}, which the head declares; the plan must be made from the head's synth output of stack ${plan.stack}`);
    }
  }
  const decided = new Map<ResourceChange, ResourceChange>();
  const merged = new Set<ResourceChange>();
  const seen = new Set<string>();
  const decide = (rc: ResourceChange): ResourceChange => {
    const pb = rc.addresses.base ? plan.changes.get(rc.addresses.base) : undefined;
    const ph = rc.addresses.head ? plan.changes.get(rc.addresses.head) : undefined;
    if (rc.action === 'added') return { ...rc, actionFrom: 'plan', planActions: ph!.actions };
    // The plan's word on the old object: at its base address, or at the head address after a moved block.
    const p = pb ?? ph;
    // A base resource that is neither in the head nor in the state: the plan does nothing to it.
    if (!p) return { ...rc, actionFrom: 'plan', planActions: [] };
    if (destroys(p)) return planned(rc, p, rc.action === 'removed' ? 'removed' : 'replaced');
    if (ph && destroys(ph)) return planned(rc, ph, 'replaced');
    if (rc.action === 'removed') {
      // The plan keeps the object at its address: the head's resource there manages it under its new key.
      const address = rc.addresses.base!;
      const successor = changes.find((x) => x.action === 'added' && x.addresses.head === address);
      if (successor) merged.add(successor);
      return planned(rc, p, 'updated', { addresses: { base: address, head: address }, ...(successor ? { movedTo: successor.key } : {}) });
    }
    return planned(rc, p, 'updated');
  };
  // Removals first: one may take over the addition at its address (a key changed in place).
  for (const rc of [...changes.filter((c) => c.action !== 'added'), ...changes.filter((c) => c.action === 'added')]) {
    if (merged.has(rc)) continue;
    if (rc.addresses.base) seen.add(rc.addresses.base);
    if (rc.addresses.head) seen.add(rc.addresses.head);
    decided.set(rc, decide(rc));
  }
  const result = changes.filter((c) => decided.has(c)).map((c) => decided.get(c)!);
  const notes: string[] = [];
  for (const [address, p] of [...plan.changes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (seen.has(address) || p.actions.every((a) => a === 'no-op' || a === 'read')) continue;
    if (destroys(p)) {
      const declared = base?.resources.find((r) => r.address === address) ?? head?.resources.find((r) => r.address === address);
      const id = identify(declared ?? { type: p.type, logicalId: address, address, attributes: p.before ?? {}, preventDestroy: false });
      result.push({
        stack: plan.stack,
        kind: id.kind,
        type: p.type,
        key: id.key,
        addresses: { base: address, ...(p.actions.includes('create') ? { head: address } : {}) },
        action: p.actions.includes('create') ? 'replaced' : 'removed',
        forcedBy: p.actions.includes('create') ? (p.replacedBecauseOf.length ? [...p.replacedBecauseOf] : ['(the plan gives no attribute)']) : [],
        actionFrom: 'plan',
        planActions: p.actions,
        // What the plan says the object was (a mount's type tells what it holds); printable attributes only.
        changes: p.before && p.before.type !== undefined && (PRINTABLE_ATTRIBUTES[p.type] ?? []).includes('type') ? [{ attribute: 'type', before: p.before.type }] : [],
      });
      notes.push(`${plan.stack}: the plan ${p.actions.includes('create') ? 'replaces' : 'destroys'} ${address} although the synthesized configurations do not change it (the server or the state differs from the base)`);
    } else {
      notes.push(`${plan.stack}: the plan also ${p.actions.join(' and ')}s ${address}, which the synthesized configurations do not change (the server or the state differs from the base)`);
    }
  }
  return { changes: result, notes };
}
