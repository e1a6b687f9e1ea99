import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUARDRAILS } from '../../constructs/guardrails';
import { SECRET_CATALOG } from '../../services/catalog';
import { prodOverrides } from '../../stacks/settings';
import { ENVIRONMENTS } from '../../stacks/environments';
import { generateSample, renderSampleSection } from '../../review/sample-report';
import { GENERATED_SECTIONS, generatedSection } from '../../docs/readme-tables';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README stays true to the code', () => {
  test.each(Object.keys(GENERATED_SECTIONS))('GIVEN the generated table %s WHEN README is read THEN it is what the code renders now (run `npm run docs` after a change)', (name) => {
    expect(generatedSection(readme, name)).toBe(GENERATED_SECTIONS[name]());
  });

  test.each(SECRET_CATALOG.map((e) => e.path))('GIVEN catalog path %s WHEN README is read THEN the secret layout lists it', (p) => {
    expect(readme).toContain(`\`${p}\``);
  });

  test.each(Object.keys(prodOverrides()))('GIVEN override variable %s WHEN README is read THEN it is documented', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  test.each(GUARDRAILS.map((g) => g.id))('GIVEN guardrail %s WHEN README is read THEN it is listed', (id) => {
    expect(readme).toContain(`\`${id}\``);
  });

  test.each(ENVIRONMENTS.flatMap((e) => [`${e.name}-server`, `${e.name}-config`]))('GIVEN stack %s WHEN README is read THEN the deploy table names it', (stack) => {
    expect(readme).toContain(`\`${stack}\``);
  });

  test('GIVEN the production image default WHEN README is read THEN it matches the committed one', () => {
    const prod = ENVIRONMENTS.find((e) => e.production);
    expect(readme).toContain(`\`${prod?.server.image}\``);
  });

  let sample: string | undefined;
  test.each(['README.md', 'docs/review.md'])('GIVEN the review sample in %s WHEN regenerated from a fresh synth THEN it is identical (run `npm run review:sample` after a change)', (file) => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
    sample ??= renderSampleSection(generateSample());
    expect(doc).toContain(sample);
  });
});
