// Binding changes for the review: which new CIDRs are not covered by the old ones.
import { cidrContains, parseCidr, ParsedCidr } from '../constructs/cidr';

export { isOpenCidr as isOpen } from '../constructs/cidr';

/** The entries of `after` not covered by any entry of `before` (unparseable entries count as not covered). */
export function widening(before: readonly string[], after: readonly string[]): string[] {
  const b = before.map(parseCidr).filter((c): c is ParsedCidr => c !== undefined);
  return after.filter((t) => {
    const c = parseCidr(t);
    return !c || !b.some((o) => cidrContains(o, c));
  });
}
