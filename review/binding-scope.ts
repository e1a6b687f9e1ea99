// What a binding change does to who can use a role, with model/cidr.ts's one meaning of a CIDR:
// a list is open when the union of its blocks admits everyone (or when it is empty), and a change
// widens when some new block is not covered by the union of the old ones.
import { Cidr, coveredByUnion, familiesAdmittingEveryone, parseCidr } from '../model/cidr';
import { ReviewInputError } from './stack-loader';

/** Parses a synthesized list; a block that does not parse is bad input, never a guess. */
export function parseBinding(values: readonly string[], where: string): Cidr[] {
  return values.map((v, i) => {
    const r = parseCidr(v);
    if (!r.cidr) throw new ReviewInputError(`${where}[${i}] = ${JSON.stringify(v)}: the value ${r.problem}`);
    return r.cidr;
  });
}

/** No restriction at all: an empty list, or blocks whose union admits everyone. */
export function isOpenBinding(cidrs: readonly Cidr[]): boolean {
  return cidrs.length === 0 || familiesAdmittingEveryone(cidrs).length > 0;
}

/** The blocks of `after` not covered by the union of `before`. */
export function widening(before: readonly Cidr[], after: readonly Cidr[]): Cidr[] {
  return after.filter((c) => !coveredByUnion(c, before));
}
