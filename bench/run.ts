// `npm run bench`: prints synth wall time for every environment, the unit suite's wall time,
// and how synth time grows with the number of AppRoles. Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
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

// 1. Synthesizing every environment (what `npm run synth` does, without process start-up).
const synthAll = Array.from({ length: RUNS }, () =>
  withTempDir((dir) => timeIt(() => synthesizeApp({ outdir: path.join(dir, 'cdktf.out'), environments: ENVIRONMENTS }))),
);
console.log(`synth all environments (${ENVIRONMENTS.length * 2} stacks): ${summarize(synthAll)}`);

// 2. Growth with the number of AppRoles (each with its own policy), guardrails included.
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
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  const growth = previous ? `, x${(median / previous).toFixed(1)} for x10 roles` : '';
  console.log(`  ${String(roles).padStart(4)} roles: ${summarize(samples)}${growth}; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  previous = median;
}

// 3. The unit test suite (type check and lint excluded), as a child process.
const jestStart = Date.now();
const jest = spawnSync('npx', ['jest', '--selectProjects', 'unit', '--silent'], { encoding: 'utf8' });
const jestMs = Date.now() - jestStart;
const summary = (jest.stderr + jest.stdout).split('\n').find((l) => l.startsWith('Tests:')) ?? '(no summary)';
console.log(`unit test suite: ${jestMs} ms wall (${summary.trim()}), exit ${jest.status}`);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
