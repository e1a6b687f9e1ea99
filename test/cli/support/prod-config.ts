// The prod-config stack synthesized for a loopback test server (audit log in a temp directory).
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

