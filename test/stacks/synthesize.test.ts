import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEV, PROD } from '../../stacks/environments';
import { REQUIRED_TERRAFORM_VERSION } from '../../stacks/terraform-block';
import { synthToTemp } from '../support/synth';
import { synthesizeApp, SynthError } from '../../stacks/hoodcloud-app';

describe('synthesizeApp', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-synth-test-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  // An open CIDR in production breaks one guardrail; a second environment breaks another.
  const badProd = { ...PROD, roles: { ...PROD.roles, 'hoodcloud-admin': { secretIdBoundCidrs: ['0.0.0.0/0'], tokenBoundCidrs: ['10.0.0.1/32'] } } };
  const badDev = { ...DEV, server: { ...DEV.server, nodes: [{ ...DEV.server.nodes[0], address: 'localhost' }] } };

  test('GIVEN a clean output directory WHEN a guardrail fails THEN nothing is written and no staging directory is left', () => {
    const outdir = path.join(root, 'cdktf.out');
    expect(() => synthesizeApp({ outdir, environments: [badProd] })).toThrow(SynthError);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('GIVEN a previous output WHEN a later synth fails THEN the previous output is untouched', () => {
    const outdir = path.join(root, 'cdktf.out');
    synthesizeApp({ outdir, environments: [DEV] });
    const before = fs.readFileSync(path.join(outdir, 'stacks', 'dev-config', 'cdk.tf.json'), 'utf8');
    expect(() => synthesizeApp({ outdir, environments: [DEV, badProd] })).toThrow(SynthError);
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'dev-config', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(root)).toEqual(['cdktf.out']);
  });

  test('GIVEN problems in two stacks WHEN synthesized THEN one error lists both, with rule id, construct, field and value', () => {
    let error: SynthError | undefined;
    try {
      synthesizeApp({ outdir: path.join(root, 'cdktf.out'), environments: [badDev, badProd] });
    } catch (e) {
      error = e as SynthError;
    }
    expect(error?.problems).toEqual(expect.arrayContaining([
      '[dev-server/vault] bindAddress = "localhost": expected an IPv4 or IPv6 address such as 127.0.0.1 (not a host name or CIDR)',
      expect.stringContaining('[HC-CIDR-2] prod-config/role-hoodcloud-admin/role: secret_id_bound_cidrs = ["0.0.0.0/0"]: admits every IPv4 address'),
    ]));
    // The failure never advertises a way past the checks.
    expect(error?.message).not.toMatch(/CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS|skipValidation/);
  });

  test('GIVEN the committed environments WHEN synthesized THEN a manifest and one cdk.tf.json per stack are written', () => {
    const result = synthToTemp();
    const manifest = JSON.parse(fs.readFileSync(path.join(result.outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual([...result.stacks].sort());
    // cdktf deploy follows these: each config stack waits for its server stack.
    for (const env of ['dev', 'e2e', 'prod']) expect(manifest.stacks[`${env}-config`].dependencies).toEqual([`${env}-server`]);
    for (const s of result.stacks) expect(fs.existsSync(path.join(result.outdir, 'stacks', s, 'cdk.tf.json'))).toBe(true);
  });

  test('GIVEN no terraform binary on PATH WHEN production (the most import blocks) is synthesized THEN it succeeds', () => {
    // cdktf's own importFrom would run `terraform version` here and fail the synth.
    const savedPath = process.env.PATH;
    process.env.PATH = root;
    let result;
    try {
      result = synthesizeApp({ outdir: path.join(root, 'cdktf.out'), environments: [PROD] });
    } finally {
      process.env.PATH = savedPath;
    }
    const config = JSON.parse(fs.readFileSync(path.join(result.outdir, 'stacks', 'prod-config', 'cdk.tf.json'), 'utf8'));
    expect(config.import.length).toBeGreaterThan(0);
  });

  test('GIVEN the committed environments WHEN synthesized THEN every stack declares the Terraform its import blocks need', () => {
    const out = synthToTemp();
    for (const name of out.stacks) expect(out.stack(name).terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
  });
});
