// The programs npm runs with tsx (package.json's scripts) run outside vitest, where importing vitest
// throws ("Vitest cannot be imported in a CommonJS module using require()"). No module they reach may
// import it at run time: `npm run test:terraform` once broke this way, through a review test helper.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importsOf } from './support/imports';
import { PACKAGE_JSON, PROJECT_ROOT } from '../support/project';


/** The files npm scripts run with tsx. */
const programs = [...new Set(Object.values(PACKAGE_JSON.scripts).flatMap((command) => [...command.matchAll(/\btsx\s+(\S+\.ts)\b/g)].map((m) => m[1])))];

function resolveSource(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((p) => p.endsWith('.ts') && fs.existsSync(p));
}

/** Every way the program reaches a module that imports vitest at run time, as a chain of files. */
function vitestChains(program: string): string[] {
  const seen = new Set<string>();
  const chains: string[] = [];
  const visit = (file: string, trail: readonly string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...trail, path.relative(PROJECT_ROOT, file)];
    for (const { spec, typeOnly } of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (typeOnly) continue;
      if (spec === 'vitest' || spec.startsWith('vitest/')) chains.push(`${here.join(' → ')} imports ${spec}`);
      const target = spec.startsWith('.') ? resolveSource(file, spec) : undefined;
      if (target) visit(target, here);
    }
  };
  visit(path.join(PROJECT_ROOT, program), []);
  return chains;
}

describe('programs npm runs with tsx', () => {
  test('GIVEN package.json WHEN its scripts are read THEN the tsx programs are found, the terraform runner and the bench among them', () => {
    expect(programs).toEqual(expect.arrayContaining(['main.ts', 'cli/main.ts', 'test/terraform/run.ts', 'bench/run.ts']));
  });

  test.each(programs)('GIVEN %s WHEN its imports are followed THEN no module it reaches imports vitest', (program) => {
    expect(vitestChains(program)).toEqual([]);
  });

  test('GIVEN a test helper that reaches vitest WHEN its imports are followed THEN the chain names every file (the check can fail)', () => {
    expect(vitestChains('test/support/synth.ts')).toEqual(['test/support/synth.ts → test/support/scratch.ts imports vitest']);
  });
});
