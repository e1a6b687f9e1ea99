// The rules of a `vault_policy` as the server will read them: the synthesized policy text, parsed.
import { IConstruct } from 'constructs';
import { Policy } from '@cdktf/provider-vault/lib/policy';
import { parsePolicy, ParsedPolicy } from '../../model/policy-parser';
import { GuardrailContext, resolved } from './guardrail';

/** The parsed policy of a `vault_policy` node; undefined for any other node. Throws on text the server would refuse. */
export function synthesizedPolicy(node: IConstruct, { stack }: GuardrailContext): ParsedPolicy | undefined {
  if (!(node instanceof Policy)) return undefined;
  return parsePolicy(String(resolved(stack, node.nameInput)), String(resolved(stack, node.policyInput) ?? ''));
}
