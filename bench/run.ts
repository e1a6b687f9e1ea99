// `npm run bench`: prints synth wall time for every environment next to the framework floor (a
// one-resource stack synthesized the same way, in the same run), how synth time grows with the
// number of AppRoles, and the unit suite's wall time next to its floors. Figures are printed,
// never asserted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Mount } from '@cdktf/provider-vault/lib/mount';
import { ENVIRONMENTS } from '../stacks/environments';
import { synthesizeApp } from '../stacks/hoodcloud-app';
import { buildGeneratedStack } from './generated-stack';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function timeIt(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function summarize(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (${samples.length} runs)`;
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-bench-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`hoodcloud-vault-stack bench on ${os.cpus().length} cores, node ${process.version}`);

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

// 1. The framework floor: cdktf's own cost of one stack with one provider and one resource.
const floor = Array.from({ length: RUNS }, () =>
  withTempDir((dir) =>
    timeIt(() => {
      const app = new App({ outdir: dir });
      const stack = new TerraformStack(app, 'floor');
      new VaultProvider(stack, 'vault', { address: 'http://127.0.0.1:8201' });
      new Mount(stack, 'kv', { path: 'secret', type: 'kv' });
      app.synth();
    }),
  ),
);
console.log(`framework floor (1 stack, 1 resource): ${summarize(floor)}`);

// 2. Synthesizing every environment (what `npm run synth` does, without process start-up).
const synthAll = Array.from({ length: RUNS }, () =>
  withTempDir((dir) => timeIt(() => synthesizeApp({ outdir: path.join(dir, 'cdktf.out'), environments: ENVIRONMENTS }))),
);
console.log(`synth all environments (${ENVIRONMENTS.length * 2} stacks): ${summarize(synthAll)}, x${(median(synthAll) / median(floor)).toFixed(1)} the floor`);

// 3. Growth with the number of AppRoles (each with its own policy), guardrails included.
console.log('synth of one generated config stack by AppRole count:');
let previous: number | undefined;
for (const roles of [4, 40, 400]) {
  const samples = Array.from({ length: roles >= 400 ? Math.min(RUNS, 3) : RUNS }, () =>
    withTempDir((dir) =>
      timeIt(() => {
        const app = new App({ outdir: dir });
        buildGeneratedStack(app, roles);
        app.synth();
      }),
    ),
  );
  const m = median(samples);
  const growth = previous ? `, x${(m / previous).toFixed(1)} for x10 roles` : '';
  console.log(`  ${String(roles).padStart(4)} roles: ${summarize(samples)}${growth}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  previous = m;
}

// 4. The unit test suite (type check and lint excluded), as a child process of vitest on this
// process's Node.js (npm's and npx's start-up are not part of it): first with vitest's caches
// cleared, what the first run after a checkout costs, then twice with its on-disk module cache warm,
// what every later run costs. Next to it, two floors with the same project settings: vitest alone
// (one small file), and the product loaded in both workers with no test work (bench/unit-floor).
const vitestEntry = path.join('node_modules', 'vitest', 'vitest.mjs');
function unitSuite(label: string, args: string[] = ['--project', 'unit']): void {
  const start = Date.now();
  const unit = spawnSync(process.execPath, [vitestEntry, 'run', '--reporter=dot', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Date.now() - start;
  const summary = (unit.stdout + unit.stderr).split('\n').find((l) => /^\s*Tests\s/.test(l)) ?? '(no summary)';
  console.log(`unit test suite, ${label}: ${ms} ms wall (${summary.trim().replace(/\s+/g, ' ')}), exit ${unit.status}`);
}
const cleared = spawnSync(process.execPath, [vitestEntry, '--clearCache'], { encoding: 'utf8' });
if (cleared.status !== 0) throw new Error(`vitest --clearCache failed (exit ${cleared.status}): ${cleared.stderr}`);
unitSuite('caches cleared');
unitSuite('module cache warm, 1st');
unitSuite('module cache warm, 2nd');
unitSuite('one small file (vitest floor)', ['--project', 'unit', 'test/cli/io.test.ts']);
// The floor is a project of its own, so its first run fills its own module cache: the 2nd is the figure.
for (const run of ['1st', '2nd']) unitSuite(`product loaded in both workers, no test work (floor), ${run}`, ['--config', path.join('bench', 'unit-floor', 'vitest.config.ts')]);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
