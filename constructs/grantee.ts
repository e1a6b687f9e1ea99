import { PolicyDocument } from '../model/policy-document';

/** Something grants can be added to: a Vault ACL policy (and through it, the roles that carry it). */
export interface IPolicyGrantee {
  /** The policy name as Vault knows it. */
  readonly policyName: string;
  /** The document grants add rules to. */
  readonly document: PolicyDocument;
}
