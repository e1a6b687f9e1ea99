// The prod-config stack synthesized for a loopback test server (audit log in a temp directory),
// and the state `terraform import` gives the objects bootstrap created before Terraform ran.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeApp } from '../../../stacks/hoodcloud-app';
import { PROD } from '../../../stacks/environments';

/** Synthesizes the prod environment with the audit file at `auditFilePath`; returns prod-config's cdk.tf.json path. */
export function synthesizeProdConfig(outdir: string, auditFilePath: string, address: string): string {
  synthesizeApp({ outdir, environments: [{ ...PROD, auditFilePath, vaultAddress: address }] });
  const file = path.join(outdir, 'stacks', 'prod-config', 'cdk.tf.json');
  if (!fs.existsSync(file)) throw new Error(`synth wrote no ${file}`);
  return file;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * What `terraform import` records for the audit device and the AppRole mount bootstrap created,
 * unless the stack already adopts them with import blocks: `{ address: { id, attributes: {} } }`.
 */
export function bootstrapImports(json: { resource?: Resources; import?: { id: string; to: string }[] }): Record<string, { id: string; attributes: Record<string, unknown> }> {
  const imported = new Set((json.import ?? []).map((i) => i.to));
  const state: Record<string, { id: string; attributes: Record<string, unknown> }> = {};
  for (const type of ['vault_audit', 'vault_auth_backend']) {
    for (const [name, r] of Object.entries(json.resource?.[type] ?? {})) {
      const address = `${type}.${name}`;
      if (!imported.has(address)) state[address] = { id: String(r.path ?? r.type), attributes: {} };
    }
  }
  return state;
}
