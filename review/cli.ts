// `tsx review/cli.ts --base <cdktf.out> --head <cdktf.out> [--plan <stack>=<plan.json>]... [--json]`
// Exit codes: 0 no blocking change; 1 blocking change(s); 2 bad input or usage.
import { Command, CommanderError } from 'commander';
import { PolicyParseError } from '../model/policy-parser';
import { review } from './diff';
import { loadPlan, parsePlanOption, StackPlan } from './plan-input';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { DISK_FILES, loadSynthOutput, ReviewInputError, SynthFiles } from './stack-loader';

export const EXIT_OK = 0;
export const EXIT_BLOCKING = 1;
export const EXIT_INPUT_ERROR = 2;

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Runs the review command; returns the exit code instead of exiting (testable; `files`: where the synth outputs are read). */
export function runCli(argv: readonly string[], io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }, files: SynthFiles = DISK_FILES): number {
  const program = new Command()
    .name('review')
    .description('Review two synthesized cdktf outputs: who gains or loses access, and what could destroy data.')
    .requiredOption('--base <dir>', 'cdktf.out of the base branch')
    .requiredOption('--head <dir>', 'cdktf.out of the pull request')
    .option(
      '--plan <stack=file>',
      'the `terraform show -json` of a real plan of one head stack (repeatable): that stack\'s replace or update is taken from the plan',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--json', 'print JSON instead of Markdown', false)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_INPUT_ERROR;
    throw e;
  }
  const opts = program.opts<{ base: string; head: string; json: boolean; plan: string[] }>();
  try {
    const base = loadSynthOutput(opts.base, '--base', files);
    const head = loadSynthOutput(opts.head, '--head', files);
    const plans = new Map<string, StackPlan>();
    for (const value of opts.plan) {
      const { stack, file } = parsePlanOption(value);
      if (!head.stacks.has(stack)) throw new ReviewInputError(`--plan ${value}: --head has no stack "${stack}" (it has ${[...head.stacks.keys()].sort().join(', ')})`);
      if (plans.has(stack)) throw new ReviewInputError(`--plan ${value}: stack "${stack}" is given a plan twice (one --plan per stack)`);
      plans.set(stack, loadPlan(stack, file));
    }
    const result = review(base, head, { plans });
    io.stdout(opts.json ? renderJson(result) : renderMarkdown(result));
    return result.blocking.length > 0 ? EXIT_BLOCKING : EXIT_OK;
  } catch (e) {
    if (e instanceof ReviewInputError || e instanceof PolicyParseError) {
      io.stderr(`review: ${e.message}\n`);
      return EXIT_INPUT_ERROR;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2));
}
