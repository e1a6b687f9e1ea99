// Resource-level differences between two versions of a stack: added, removed, replaced (a
// ForceNew attribute or the Terraform address changed) or updated, with attribute changes (values
// only where safe to print).
import { AttributeChange, ResourceChange } from './report-model';
import { SynthStack } from './stack-loader';
import { forcesReplacement, identify, IdentifiedResource, keyAttributes, PRINTABLE_ATTRIBUTES, REMOUNTED_KEY } from './resource-identity';
import { terraformBool } from '../terraform-json/terraform-values';
import { referencesIn } from '../terraform-json/references';
import { perPair, PerPair, perStack, PerStack } from './stack-memo';

/** Stable JSON for comparisons (object keys sorted). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function indexResources(stack: SynthStack | undefined): ReadonlyMap<string, IdentifiedResource> {
  return perStack(INDEXES, stack, () => indexOf(stack));
}

const INDEXES: PerStack<ReadonlyMap<string, IdentifiedResource>> = new WeakMap();

function indexOf(stack: SynthStack | undefined): Map<string, IdentifiedResource> {
  const out = new Map<string, IdentifiedResource>();
  for (const r of stack?.resources ?? []) {
    const id = identify(r);
    out.set(id.id, id);
  }
  return out;
}

function printable(type: string, attribute: string): boolean {
  return (PRINTABLE_ATTRIBUTES[type] ?? []).includes(attribute);
}

/** Provider-side settings that never change the object: Terraform plans no change for them. */
const NOT_PLANNED = new Set(['timeouts']);

function attributeChanges(type: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): AttributeChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((n) => !NOT_PLANNED.has(n)).sort();
  const out: AttributeChange[] = [];
  for (const n of names) {
    if (canonical(before[n]) === canonical(after[n])) continue;
    out.push(printable(type, n) ? { attribute: n, before: before[n], after: after[n] } : { attribute: n, redacted: true });
  }
  return out;
}

function lifecycleChanges(b: IdentifiedResource, h: IdentifiedResource): AttributeChange[] {
  const out: AttributeChange[] = [];
  if (b.resource.preventDestroy !== h.resource.preventDestroy) out.push({ attribute: 'lifecycle.prevent_destroy', before: b.resource.preventDestroy, after: h.resource.preventDestroy });
  if (b.resource.importId !== h.resource.importId) out.push({ attribute: 'import.id', before: b.resource.importId ?? null, after: h.resource.importId ?? null });
  return out;
}

/**
 * Compares one stack's base and head versions (either may be missing). Resources are paired by
 * the object they manage (type and key); Terraform pairs them by address, so:
 *   - the same object under another address, without a `moved` block, is replaced (Terraform
 *     destroys the old address and creates the new one);
 *   - the same address with another key is the provider's update when it remounts the key in
 *     place (vault_mount and vault_auth_backend `path`), else the old object is removed and a new
 *     one added (Terraform replaces the resource).
 */
export function diffResources(stackName: string, base: SynthStack | undefined, head: SynthStack | undefined): readonly ResourceChange[] {
  // The parsed resources are per stack name (stack-loader), so the pair decides the name too.
  return perPair(RESOURCE_CHANGES, base, head, () => resourceChanges(stackName, base, head));
}

const RESOURCE_CHANGES: PerPair<readonly ResourceChange[]> = new WeakMap();

function resourceChanges(stackName: string, base: SynthStack | undefined, head: SynthStack | undefined): ResourceChange[] {
  const moved = head?.moved ?? new Map<string, string>();
  const b = indexResources(base);
  const h = indexResources(head && withMovedReferences(head));
  const out: Array<{ id: string; change: ResourceChange }> = [];
  const onlyBase: IdentifiedResource[] = [];
  const onlyHead: IdentifiedResource[] = [];
  for (const id of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const before = b.get(id);
    const after = h.get(id);
    if (!after) onlyBase.push(before!);
    else if (!before) onlyHead.push(after);
    else {
      const change = pairedChange(stackName, before, after, moved);
      if (change) out.push({ id, change });
    }
  }
  for (const before of onlyBase) {
    // The same Terraform resource (address, or a moved block) now managing another key.
    const i = onlyHead.findIndex((x) => x.resource.type === before.resource.type && (x.resource.address === before.resource.address || moved.get(x.resource.address) === before.resource.address));
    if (i >= 0 && remountsInPlace(before, onlyHead[i])) {
      const after = onlyHead.splice(i, 1)[0];
      out.push({ id: before.id, change: { ...pairedChange(stackName, before, after, moved)!, movedTo: after.key } });
      continue;
    }
    // A key changed at the same address keeps the head's prevent_destroy (Terraform then refuses the replacement).
    const successor = i >= 0 ? onlyHead[i] : undefined;
    out.push({ id: before.id, change: unpairedChange(stackName, before, 'removed', successor?.resource.preventDestroy === true) });
  }
  for (const after of onlyHead) out.push({ id: after.id, change: unpairedChange(stackName, after, 'added') });
  rippleReplacements(stackName, out, b, h);
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((x) => x.change);
}

/** Terraform treats a reference to a moved resource's new address as one to the object it already manages. */
function withMovedReferences(head: SynthStack): SynthStack {
  if (head.moved.size === 0) return head;
  const rewrite = (v: unknown): unknown => {
    let text = JSON.stringify(v);
    if (text === undefined) return v;
    for (const [to, from] of head.moved) text = text.split(`\${${to}.`).join(`\${${from}.`);
    return JSON.parse(text) as unknown;
  };
  return { ...head, resources: head.resources.map((r) => ({ ...r, attributes: rewrite(r.attributes) as Record<string, unknown> })) };
}

/** Addresses whose computed attributes (not resolvable from the JSON) a value refers to. */
function computedReferences(v: unknown): Set<string> {
  try {
    return referencesIn(v, '');
  } catch {
    return new Set();
  }
}

/**
 * A resource that refers to a computed attribute of a resource Terraform creates anew (its id, an
 * image id) sees that attribute change to "known after apply": an update, or a replacement when
 * the attribute forces one, which ripples on to what refers to it in turn.
 */
function rippleReplacements(stackName: string, out: Array<{ id: string; change: ResourceChange }>, b: ReadonlyMap<string, IdentifiedResource>, h: ReadonlyMap<string, IdentifiedResource>): void {
  const created = new Set(out.filter((x) => x.change.action === 'replaced' || x.change.action === 'added').map((x) => x.change.addresses.head!));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, after] of h) {
      const entry = out.find((x) => x.id === id || (x.change.addresses.head === after.resource.address && x.change.action !== 'removed'));
      if (entry && (entry.change.action === 'replaced' || entry.change.action === 'added')) continue;
      const unknown = Object.keys(after.resource.attributes)
        .filter((a) => [...computedReferences(after.resource.attributes[a])].some((r) => created.has(r)))
        .filter((a) => !entry?.change.changes.some((c) => c.attribute === a && c.after === KNOWN_AFTER_APPLY));
      if (unknown.length === 0) continue;
      const forced = unknown.filter((a) => forcesReplacement(after.resource.type, a) === true);
      const why = (a: string) => `${a} (known after apply: ${[...computedReferences(after.resource.attributes[a])].filter((r) => created.has(r)).join(', ')} is created anew)`;
      const previous: ResourceChange = entry?.change ?? {
        stack: stackName,
        kind: after.kind,
        type: after.resource.type,
        key: b.get(id)?.key ?? after.key,
        addresses: { base: b.get(id)?.resource.address ?? after.resource.address, head: after.resource.address },
        action: 'updated',
        forcedBy: [],
        actionFrom: 'synth',
        changes: [],
      };
      const change: ResourceChange = {
        ...previous,
        action: forced.length || previous.action === 'replaced' ? 'replaced' : 'updated',
        forcedBy: [...previous.forcedBy, ...forced.map(why)],
        changes: [...previous.changes, ...unknown.map((a) => ({ attribute: a, after: KNOWN_AFTER_APPLY }))],
      };
      if (entry) entry.change = change;
      else out.push({ id, change });
      if (change.action === 'replaced') {
        created.add(after.resource.address);
        changed = true;
      }
    }
  }
}

/** What a plan shows for a value computed during the apply. */
export const KNOWN_AFTER_APPLY = '(known after apply)';

function unpairedChange(stackName: string, r: IdentifiedResource, action: 'removed' | 'added', preventDestroyKept = false): ResourceChange {
  const changes: AttributeChange[] = Object.keys(r.resource.attributes)
    .sort()
    .map((a) => (printable(r.resource.type, a) ? { attribute: a, [action === 'removed' ? 'before' : 'after']: r.resource.attributes[a] } : { attribute: a, redacted: true }));
  // Removing a resource block also removes its prevent_destroy: Terraform then destroys it without complaint.
  if (action === 'removed' && r.resource.preventDestroy && !preventDestroyKept) changes.push({ attribute: 'lifecycle.prevent_destroy', before: true, after: null });
  return {
    stack: stackName,
    kind: r.kind,
    type: r.resource.type,
    key: r.key,
    addresses: action === 'removed' ? { base: r.resource.address } : { head: r.resource.address },
    action,
    forcedBy: [],
    actionFrom: 'synth',
    changes,
  };
}

/** Base and head of one object (or of one remounted resource); undefined when nothing differs. */
function pairedChange(stackName: string, before: IdentifiedResource, after: IdentifiedResource, moved: ReadonlyMap<string, string>): ResourceChange | undefined {
  const changes = [...attributeChanges(before.resource.type, before.resource.attributes, after.resource.attributes), ...lifecycleChanges(before, after)];
  const forcedBy = forceNewChanges(before, after);
  const addressChanged = before.resource.address !== after.resource.address && moved.get(after.resource.address) !== before.resource.address;
  if (addressChanged) {
    changes.push({ attribute: 'address', before: before.resource.address, after: after.resource.address });
    forcedBy.unshift(`address ${before.resource.address} → ${after.resource.address} (no moved block)`);
  }
  if (changes.length === 0) return undefined;
  return {
    stack: stackName,
    kind: before.kind,
    type: before.resource.type,
    key: before.key,
    addresses: { base: before.resource.address, head: after.resource.address },
    action: forcedBy.length ? 'replaced' : 'updated',
    forcedBy,
    actionFrom: 'synth',
    changes,
  };
}

/** The provider moves the object in place: only its remountable key attribute changed, nothing forces a replacement. */
function remountsInPlace(b: IdentifiedResource, h: IdentifiedResource): boolean {
  const key = REMOUNTED_KEY[b.resource.type];
  if (!key || b.resource.attributes[key] === undefined || h.resource.attributes[key] === undefined) return false;
  if (terraformBool(h.resource.attributes.disable_remount) === true) return false;
  const otherKeys = keyAttributes(b.resource).filter((a) => a !== key);
  if (otherKeys.some((a) => canonical(b.resource.attributes[a]) !== canonical(h.resource.attributes[a]))) return false;
  return forceNewChanges(b, h).length === 0;
}

/** The attribute changes that make Terraform destroy and re-create the resource. */
function forceNewChanges(b: IdentifiedResource, h: IdentifiedResource): string[] {
  const type = b.resource.type;
  const ba = b.resource.attributes;
  const ha = h.resource.attributes;
  const names = [...new Set([...Object.keys(ba), ...Object.keys(ha)])].sort();
  const forced = names.filter((a) => forcesReplacement(type, a) === true && canonical(ba[a]) !== canonical(ha[a]));
  if (type === 'vault_transit_secret_backend_key') {
    // exportable and allow_plaintext_backup cannot be turned off on a live key: the provider forces a
    // replacement (and its own check then refuses the plan).
    for (const a of ['exportable', 'allow_plaintext_backup']) if (terraformBool(ba[a]) === true && terraformBool(ha[a]) !== true) forced.push(a);
  }
  return forced;
}
