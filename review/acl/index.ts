// The ACL evaluator: parse Vault/OpenBao policies (HCL or JSON) and compute what a token holding
// them may do on a path, with the servers' own matching and priority rules.
export * from './capabilities';
export { parseHcl, HclSyntaxError } from './hcl';
export { parsePolicy, PolicyParseError } from './policy-parser';
export type { PathRule, PolicyDocument, RuleKind } from './policy-parser';
export { Acl, evaluate } from './evaluator';
export type { Decision, MergedRule } from './evaluator';
