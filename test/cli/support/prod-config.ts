// The prod stacks synthesized for a loopback test server (audit log in a temp directory): prod-config,
// and prod-server declaring that one server as the only node (what `bootstrap --server-json` reads).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { PROD } from '../../../stacks/environments';

/**
 * Synthesizes the prod environment with the audit file at `auditFilePath` and one node, the server at
 * `address` (`https://127.0.0.1:<port>`); returns prod-config's cdk.tf.json path (prod-server's is
 * {@link serverJsonBeside} it).
 */
export function synthesizeProdConfig(outdir: string, auditFilePath: string, address: string): string {
  const url = new URL(address);
  const node = { id: PROD.server.nodes[0].id, address: url.hostname, port: Number(url.port) };
  synthesizeApp({ outdir, environments: [{ ...PROD, auditFilePath, vaultAddress: address, server: { ...PROD.server, nodes: [node] } }] });
  const file = path.join(outdir, 'stacks', 'prod-config', 'cdk.tf.json');
  if (!fs.existsSync(file)) throw new Error(`synth wrote no ${file}`);
  return file;
}

/** The prod-server stack synthesized beside a prod-config cdk.tf.json. */
export function serverJsonBeside(configJsonFile: string): string {
  return path.join(path.dirname(path.dirname(configJsonFile)), 'prod-server', 'cdk.tf.json');
}

/**
 * A copy of a synthesized one-node prod-server stack (at `file`) whose node's api_addr is `address`:
 * for tests that run one synth's configuration on servers with other ports.
 */
export function serverJsonAt(serverJson: string, address: string, file: string): string {
  const json = JSON.parse(fs.readFileSync(serverJson, 'utf8'));
  const containers = Object.values(json.resource.docker_container as Record<string, { upload: Array<{ content: string }> }>);
  if (containers.length !== 1) throw new Error(`${serverJson} declares ${containers.length} containers; expected one node`);
  for (const upload of containers[0].upload) {
    if (!upload.content.trimStart().startsWith('{')) continue;
    const config = JSON.parse(upload.content);
    if (config.api_addr) upload.content = JSON.stringify({ ...config, api_addr: address });
  }
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}
