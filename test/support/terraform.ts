// Real Terraform for the tests: where the binary is, and `terraform validate` of one synthesized
// stack at the language level (a folder holding only its cdk.tf.json, no init, no providers).
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The Terraform release these machines carry and the stacks are proven with. */
export const TERRAFORM_VERSION = '1.11.4';

/** `terraform` on PATH (or $TERRAFORM_BIN), with its version; a clear error when it is missing. */
export function findTerraform(): { readonly path: string; readonly version: string } {
  const bin = process.env.TERRAFORM_BIN || 'terraform';
  const out = spawnSync(bin, ['version', '-json'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (out.error || out.status !== 0) {
    throw new Error(
      `terraform is not installed (tried ${JSON.stringify(bin)}: ${out.error?.message ?? out.stderr.trim()}); it is a prerequisite like Node.js: install Terraform ${TERRAFORM_VERSION} and put it on PATH`,
    );
  }
  const version = String((JSON.parse(out.stdout) as { terraform_version?: string }).terraform_version ?? '');
  return { path: bin, version };
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

/** Without `terraform init` every stack reports its providers as missing; nothing else is acceptable. */
export function isMissingProvider(d: Diagnostic): boolean {
  return d.severity === 'error' && d.summary === 'Missing required provider';
}

/** One diagnostic as a line: `error: Invalid expression (cdk.tf.json:55): A single static ...`. */
export function describeDiagnostic(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : '';
  return `${d.severity}: ${d.summary}${where}${d.detail ? `: ${d.detail.replace(/\s+/g, ' ').trim()}` : ''}`;
}

/**
 * `terraform validate -json` on a copy of one stack's JSON in a folder of its own: expressions,
 * references, depends_on, lifecycle and import blocks are checked without providers.
 */
export async function validateAtLanguageLevel(terraformBin: string, stackJsonFile: string): Promise<Diagnostic[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tf-validate-'));
  try {
    fs.copyFileSync(stackJsonFile, path.join(dir, 'cdk.tf.json'));
    // An empty CLI config: the user's (a provider mirror, credentials) plays no part here.
    fs.writeFileSync(path.join(dir, 'empty.tfrc'), '');
    const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'empty.tfrc'), TF_DATA_DIR: path.join(dir, '.terraform'), TF_IN_AUTOMATION: '1' };
    let stdout: string;
    try {
      stdout = (await execFileAsync(terraformBin, ['validate', '-json', '-no-color'], { cwd: dir, env })).stdout;
    } catch (e) {
      // validate exits 1 when it reports errors; its JSON is still on stdout.
      stdout = String((e as { stdout?: string }).stdout ?? '');
      if (stdout.trim() === '') throw e;
    }
    return ((JSON.parse(stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
