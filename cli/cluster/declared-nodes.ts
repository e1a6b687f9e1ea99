// The nodes the synthesized server stack declares (cdktf.out/stacks/prod-server/cdk.tf.json):
// their raft node ids and API addresses, so `unseal`, `status` and the bootstrap ceremony reach
// every node without the operator retyping the list. One source of truth: the stack.
import * as fs from 'node:fs';
import { DeclaredServerNode, serverNodesOfStackJson } from '../../terraform-json/server-nodes';
import { CliError } from '../errors';

export const DEFAULT_SERVER_JSON = 'cdktf.out/stacks/prod-server/cdk.tf.json';

/** A declared node the CLI can talk to: a raft member with an API address. */
export interface ClusterNode {
  readonly nodeId: string;
  /** `https://host:port` */
  readonly apiAddr: string;
}

/** The raft nodes of a synthesized server stack; errors name the flag, the file and what is wrong. */
export function readDeclaredNodes(file: string, flag = '--server-json'): { nodes: ClusterNode[]; declared: DeclaredServerNode[] } {
  if (!fs.existsSync(file)) throw new CliError(`${flag}: "${file}" does not exist; run \`npm run synth\` first (it writes ${DEFAULT_SERVER_JSON}) or pass the server stack's cdk.tf.json`, 2);
  if (!fs.statSync(file).isFile()) throw new CliError(`${flag}: "${file}" is not a file; expected a synthesized cdk.tf.json`, 2);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CliError(`${flag}: "${file}" is not JSON; expected a synthesized cdk.tf.json`, 2);
  }
  const declared = serverNodesOfStackJson(json);
  const nodes = declared.flatMap((n) => (n.nodeId && n.apiAddr ? [{ nodeId: n.nodeId, apiAddr: n.apiAddr.replace(/\/+$/, '') }] : []));
  if (nodes.length === 0) throw new CliError(`${flag}: "${file}" declares no server node with raft storage and an api_addr (a dev-mode stack has none); expected the prod-server stack`, 2);
  return { nodes, declared };
}
