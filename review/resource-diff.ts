// Resource-level differences between two versions of a stack: added, removed, replaced (a
// ForceNew attribute changed) or updated, with attribute changes (values only where safe to print).
import { AttributeChange, ResourceChange } from './report-model';
import { SynthStack } from './stack-loader';
import { FORCE_NEW_ATTRIBUTES, identify, IdentifiedResource, PRINTABLE_ATTRIBUTES } from './resource-identity';

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

export function indexResources(stack: SynthStack | undefined): Map<string, IdentifiedResource> {
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

function attributeChanges(type: string, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): AttributeChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
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

/** Compares one stack's base and head versions (either may be missing). */
export function diffResources(stackName: string, base: SynthStack | undefined, head: SynthStack | undefined): ResourceChange[] {
  const b = indexResources(base);
  const h = indexResources(head);
  const ids = [...new Set([...b.keys(), ...h.keys()])].sort();
  const out: ResourceChange[] = [];
  for (const id of ids) {
    const before = b.get(id);
    const after = h.get(id);
    const any = (after ?? before)!;
    const common = { stack: stackName, kind: any.kind, type: any.resource.type, key: any.key };
    if (!before || !after) {
      const r = (before ?? after)!;
      const changes: AttributeChange[] = Object.keys(r.resource.attributes)
        .sort()
        .map((a) => (printable(r.resource.type, a) ? { attribute: a, [before ? 'before' : 'after']: r.resource.attributes[a] } : { attribute: a, redacted: true }));
      // Removing a resource block also removes its prevent_destroy: Terraform then destroys it without complaint.
      if (before?.resource.preventDestroy) changes.push({ attribute: 'lifecycle.prevent_destroy', before: true, after: null });
      out.push({ ...common, action: before ? 'removed' : 'added', forcedBy: [], changes });
      continue;
    }
    const changes = [...attributeChanges(any.resource.type, before.resource.attributes, after.resource.attributes), ...lifecycleChanges(before, after)];
    if (changes.length === 0) continue;
    const forcedBy = forceNewChanges(before, after);
    out.push({ ...common, action: forcedBy.length ? 'replaced' : 'updated', forcedBy, changes });
  }
  return out;
}

/** The attribute changes that make Terraform destroy and re-create the resource. */
function forceNewChanges(b: IdentifiedResource, h: IdentifiedResource): string[] {
  const type = b.resource.type;
  const ba = b.resource.attributes;
  const ha = h.resource.attributes;
  const forced = (FORCE_NEW_ATTRIBUTES[type] ?? []).filter((a) => canonical(ba[a]) !== canonical(ha[a]));
  if (type === 'vault_transit_secret_backend_key') {
    // exportable and allow_plaintext_backup cannot be turned off on a live key: turning them off replaces it.
    for (const a of ['exportable', 'allow_plaintext_backup']) if (ba[a] === true && ha[a] !== true) forced.push(a);
  }
  return forced;
}
