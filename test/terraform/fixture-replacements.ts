// The apply fixture (test/e2e/support/resources/*) against the real provider's plans: every
// attribute a single-attribute plan replaced must be one the fixture's schema marks forceNew (or
// forceNewWhen), so the fixture refuses what Terraform would destroy. The fixture may be stricter
// (it refuses a remount the provider does in place): those are listed, not failed.
import { HANDLERS } from '../e2e/support/resources';

export interface FixtureComparison {
  /** The provider replaces, the fixture would update in place: wrong, fails the run. */
  readonly disagreements: string[];
  /** The provider updates in place, the fixture refuses (forceNew): stricter, for information. */
  readonly stricter: string[];
}

export function compareFixture(byType: ReadonlyMap<string, { readonly replace: ReadonlySet<string>; readonly update: ReadonlySet<string> }>): FixtureComparison {
  const disagreements: string[] = [];
  const stricter: string[] = [];
  for (const [type, planned] of [...byType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const h = HANDLERS.get(type);
    if (!h) continue;
    for (const attribute of [...planned.replace].sort()) {
      const spec = h.schema[attribute];
      if (spec && !spec.forceNew && !spec.forceNewWhen) disagreements.push(`${type}.${attribute}: the provider replaces the resource, the fixture's schema updates it in place`);
    }
    for (const attribute of [...planned.update].sort()) {
      if (h.schema[attribute]?.forceNew) stricter.push(`${type}.${attribute}`);
    }
  }
  return { disagreements, stricter };
}
