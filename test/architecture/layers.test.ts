// The folders form layers and no folder imports a folder above it (no folder-level import cycle):
// the ground floor (model, vault-api, terraform-json) imports nothing of the project; constructs
// and the secrets catalog build on it; policies on constructs; the service registry on policies;
// stacks on the registry; the tools (cli, review, docs, the entry point and the test config) on
// everything; the bench on all of them (it runs the unit project's settings for the suite's floor).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importsOf } from './support/imports';
import { PROJECT_ROOT } from '../support/project';


/** Lower number = lower layer. Folders of one layer may not import each other (no sideways cycles). */
const LAYERS: Readonly<Record<string, number>> = {
  model: 0,
  'vault-api': 0,
  'terraform-json': 0,
  'secrets-catalog': 1,
  constructs: 1,
  policies: 2,
  services: 3,
  stacks: 4,
  review: 5,
  cli: 5,
  docs: 6,
  '(root)': 6,
  bench: 7,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'test', 'cdktf.out', '.tools', '.git', 'bench/out'].includes(e.name) || e.name.startsWith('.') ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const folderOf = (file: string) => {
  const rel = path.relative(PROJECT_ROOT, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0] : '(root)';
};

interface Edge { readonly from: string; readonly to: string; readonly file: string; readonly spec: string }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(PROJECT_ROOT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const { spec } of importsOf(text).filter((i) => i.spec.startsWith('.'))) {
      const target = path.resolve(path.dirname(file), spec);
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) out.push({ from, to, file: path.relative(PROJECT_ROOT, file), spec });
    }
  }
  return out;
}

describe('folder layers', () => {
  const all = edges();

  test('GIVEN the sources WHEN scanned THEN the imports between folders are found (the scan sees real edges)', () => {
    expect(all.some((e) => e.from === 'stacks' && e.to === 'services')).toBe(true);
    expect(all.some((e) => e.from === 'constructs' && e.to === 'model')).toBe(true);
  });

  test('GIVEN every source folder WHEN listed THEN each has a layer', () => {
    const folders = new Set(sourceFiles(PROJECT_ROOT).map(folderOf));
    expect([...folders].filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  test('GIVEN every import between folders WHEN checked THEN it goes to a lower layer (never up, never sideways)', () => {
    // The one sideways edge allowed: the CLI uses the review's ACL evaluator (never the other way).
    const allowed = (e: Edge) => e.from === 'cli' && e.to === 'review';
    const wrong = all.filter((e) => LAYERS[e.to] >= LAYERS[e.from] && !allowed(e));
    expect(wrong.map((e) => `${e.file} (${e.from}, layer ${LAYERS[e.from]}) imports ${e.spec} (${e.to}, layer ${LAYERS[e.to]})`)).toEqual([]);
  });

  test('GIVEN the two tool folders WHEN checked THEN the review never imports the CLI (cli may use the review, not the other way)', () => {
    expect(all.filter((e) => e.from === 'review' && e.to === 'cli').map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  test('GIVEN the import graph WHEN searched for cycles between folders THEN there is none (the check can fail: an edge added upward is found)', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of all) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const cycle = (g: Map<string, Set<string>>): string[] | undefined => {
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (n: string, trail: string[]): string[] | undefined => {
        if (state.get(n) === 'visiting') return [...trail, n];
        if (state.get(n) === 'done') return undefined;
        state.set(n, 'visiting');
        for (const m of g.get(n) ?? []) {
          const found = visit(m, [...trail, n]);
          if (found) return found;
        }
        state.set(n, 'done');
        return undefined;
      };
      for (const n of g.keys()) {
        const found = visit(n, []);
        if (found) return found;
      }
      return undefined;
    };
    expect(cycle(graph)).toBeUndefined();
    const withUpward = new Map(graph);
    withUpward.set('model', new Set([...(graph.get('model') ?? []), 'stacks']));
    expect(cycle(withUpward)).toBeDefined();
  });
});
