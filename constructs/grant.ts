// Every grant goes through one primitive: it adds path rules to the grantee's policy document and
// returns what it granted, so callers (and tests) can see it without reading the HCL.
import { Capability } from '../model/capabilities';
import { ParameterConstraints } from '../model/policy-document';
import { IPolicyGrantee } from './grantee';

export interface GrantRule {
  readonly path: string;
  readonly capabilities: readonly Capability[];
  readonly constraints?: ParameterConstraints;
}

/** What one grant method added to a policy. */
export class Grant {
  constructor(
    readonly grantee: IPolicyGrantee,
    /** Why, as written above each rule in the policy. */
    readonly reason: string,
    readonly rules: readonly GrantRule[],
  ) {}

  /** The paths this grant touched. */
  get paths(): string[] {
    return this.rules.map((r) => r.path);
  }
}

/** Adds `rules` to the grantee's policy with one reason; the document refuses what the server would refuse. */
export function grant(grantee: IPolicyGrantee, reason: string, rules: readonly GrantRule[]): Grant {
  for (const r of rules) grantee.document.addRule(r.path, r.capabilities, reason, r.constraints);
  return new Grant(grantee, reason, rules);
}
