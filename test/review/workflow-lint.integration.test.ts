// Lints every GitHub Actions workflow with the real actionlint (and shellcheck on the `run:`
// scripts), installed by scripts/install-actionlint.sh. Any finding fails the test.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../review/markdown';
import { PROJECT_ROOT } from '../support/project';

const ACTIONLINT = path.join(PROJECT_ROOT, '.tools', 'bin', 'actionlint');
const WORKFLOWS = path.join(PROJECT_ROOT, '.github', 'workflows');

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const workflowFiles = fs.existsSync(WORKFLOWS) ? fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

describe('GitHub Actions workflows', () => {
  test('GIVEN the linters WHEN looked up THEN actionlint and shellcheck are installed (scripts/install-actionlint.sh)', () => {
    expect({ actionlint: fs.existsSync(ACTIONLINT), shellcheck: which('shellcheck') !== undefined }).toEqual({ actionlint: true, shellcheck: true });
  });

  test('GIVEN the workflows directory WHEN listed THEN it holds the PR review workflow', () => {
    expect(workflowFiles).toContain('pr-review.yml');
  });

  test.each(workflowFiles)('GIVEN .github/workflows/%s WHEN linted by actionlint with shellcheck THEN there are no findings', (file) => {
    const r = spawnSync(ACTIONLINT, ['-no-color', `-shellcheck=${which('shellcheck') ?? ''}`, path.join('.github', 'workflows', file)], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect({ status: r.status, findings: r.stdout + r.stderr }).toEqual({ status: 0, findings: '' });
  });

  test('GIVEN a workflow with a mistake WHEN linted THEN actionlint reports it (the lint can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-actionlint-'));
    try {
      fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
      const bad = 'on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }} $UNQUOTED\n';
      fs.writeFileSync(path.join(dir, '.github', 'workflows', 'bad.yml'), bad);
      const r = spawnSync(ACTIONLINT, ['-no-color', `-shellcheck=${which('shellcheck') ?? ''}`, '.github/workflows/bad.yml'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('property "nope" is not defined');
      expect(r.stdout).toContain('SC2086');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN pr-review.yml WHEN read THEN it runs on pull_request, may write PR comments, finds its comment by the review marker and fails on exit code 1', () => {
    const text = fs.readFileSync(path.join(WORKFLOWS, 'pr-review.yml'), 'utf8');
    const wf = parse(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Array<{ name?: string; if?: string; run?: string; with?: { script?: string } }> }> };
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = wf.jobs.review.steps;
    expect(steps.find((s) => s.name === 'Post or update the review comment')?.with?.script).toContain(`const marker = '${COMMENT_MARKER}'`);
    // Without plans the first review decides; with plans the review with the plans does.
    expect(steps.find((s) => s.name === 'Fail on blocking changes')?.if).toBe("steps.review.outputs.exit-code == '1' && steps.review.outputs.plans != 'true'");
    expect(steps.filter((s) => s.run?.includes('npm run synth'))).toHaveLength(2);
    const withPlans = wf.jobs['review-with-plans'].steps;
    expect(withPlans.find((s) => s.name === 'Post or update the review comment')?.with?.script).toContain(`const marker = '${COMMENT_MARKER}'`);
    expect(withPlans.find((s) => s.name === 'Fail on blocking changes')?.if).toBe("steps.review.outputs.exit-code == '1'");
    expect(withPlans.find((s) => s.name === 'Review with the plans')?.run).toMatch(/args\+=\(--plan "\$stack=\$plan"\)/);
  });

  test('GIVEN pr-review.yml WHEN read THEN each plan job saves `terraform show -json` of its planfile for the review with the plans', () => {
    const wf = parse(fs.readFileSync(path.join(WORKFLOWS, 'pr-review.yml'), 'utf8')) as { jobs: Record<string, { needs?: string[]; if?: string; steps: Array<{ name?: string; run?: string; uses?: string }> }> };
    const plan = wf.jobs.plan.steps.find((s) => s.name === 'terraform plan')!.run!;
    expect(plan).toContain('-out=tfplan');
    expect(plan).toMatch(/terraform show -json tfplan \| jq .*> plan\.json/);
    expect(wf.jobs.plan.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(wf.jobs['review-with-plans'].needs).toEqual(['review', 'plan']);
    expect(wf.jobs['review-with-plans'].if).toContain("needs.review.outputs.plans == 'true'");
  });

  test('GIVEN e2e.yml WHEN read THEN it runs npm run test:terraform with the pinned Terraform (real providers from the registry)', () => {
    const wf = parse(fs.readFileSync(path.join(WORKFLOWS, 'e2e.yml'), 'utf8')) as { jobs: Record<string, { steps: Array<{ run?: string; with?: Record<string, string> }> }> };
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => /npm run test:terraform$/.test(s.run ?? ''))).toBe(true);
    expect(steps.find((s) => s.with?.terraform_version)?.with?.terraform_version).toBe('1.11.4');
  });
});
