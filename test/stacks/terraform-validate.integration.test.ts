// Real Terraform judges the synthesized JSON: `terraform validate` at the language level on every
// stack of every environment. The only acceptable error is the provider that was never installed.
import * as path from 'node:path';
import { describeDiagnostic, findTerraform, isMissingProvider, validateAtLanguageLevel, type Diagnostic } from '../support/terraform';
import { synthToTemp, SynthOutput } from '../support/synth';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let out: SynthOutput;
let results: Map<string, Diagnostic[]>;

beforeAll(async () => {
  const terraform = findTerraform();
  out = synthToTemp();
  const entries = await Promise.all(
    out.stacks.map(async (s) => [s, await validateAtLanguageLevel(terraform.path, path.join(out.outdir, 'stacks', s, 'cdk.tf.json'))] as const),
  );
  results = new Map(entries);
});
afterAll(() => out?.cleanup());

describe('terraform validate (language level, no providers)', () => {
  test('GIVEN the committed environments WHEN synthesized THEN every stack is validated', () => {
    expect([...results.keys()].sort()).toEqual([...out.stacks].sort());
    expect(results.size).toBeGreaterThanOrEqual(6);
  });

  test('GIVEN each synthesized stack WHEN terraform validates it THEN it reports nothing but the missing provider', () => {
    const problems = [...results.entries()].flatMap(([stack, diagnostics]) => diagnostics.filter((d) => !isMissingProvider(d)).map((d) => `${stack}: ${describeDiagnostic(d)}`));
    expect(problems).toEqual([]);
  });

  test('GIVEN each synthesized stack WHEN validated THEN it names its providers as not installed (validate read a real configuration, not an empty folder)', () => {
    for (const [stack, diagnostics] of results) expect({ stack, missingProvider: diagnostics.some(isMissingProvider) }).toEqual({ stack, missingProvider: true });
  });
});

describe('the language-level check itself', () => {
  test('GIVEN a depends_on written as an interpolation WHEN validated THEN terraform reports the invalid expression with its line', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-tf-bad-'));
    try {
      const file = path.join(dir, 'cdk.tf.json');
      fs.writeFileSync(file, JSON.stringify({
        terraform: { required_providers: { vault: { source: 'hashicorp/vault', version: '5.6.0' } } },
        resource: { vault_policy: { a: { name: 'a', policy: 'x' }, b: { name: 'b', policy: 'x', depends_on: ['${vault_policy.a}'] } } },
      }, null, 2));
      const diagnostics = await validateAtLanguageLevel(findTerraform().path, file);
      const problems = diagnostics.filter((d) => !isMissingProvider(d)).map(describeDiagnostic);
      expect(problems).toEqual([expect.stringMatching(/^error: Invalid expression \(cdk\.tf\.json:\d+\): A single static variable reference is required/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
