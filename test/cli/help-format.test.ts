// Every command's --help, read in-process: no repeatable option shows commander's `(default: [])`,
// while the options stay listed and other defaults stay shown.
import { cliRunner } from './support/run-cli';

const cli = cliRunner();

/** The subcommand names a help text lists under `Commands:` (commander's own `help` left out). */
function subcommandsIn(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1];
  if (section === undefined) return [];
  return section.split('\n').map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1]).filter((n): n is string => n !== undefined && n !== 'help');
}

/** The help text of every command of the CLI, keyed by its path (`credentials issue`). */
async function everyHelp(): Promise<Map<string, string>> {
  const helps = new Map<string, string>();
  const pending: string[][] = [[]];
  while (pending.length > 0) {
    const path = pending.shift()!;
    const run = await cli.run([...path, '--help']);
    helps.set(path.join(' ') || '(program)', run.stdout);
    for (const sub of subcommandsIn(run.stdout)) pending.push([...path, sub]);
  }
  return helps;
}

describe('--help of repeatable options', () => {
  // Every help text once for the file (a walk runs the CLI once per command).
  let helps: Map<string, string>;
  beforeAll(async () => {
    helps = await everyHelp();
  });

  test('GIVEN every command of the CLI WHEN its --help is printed THEN none shows "(default: [])"', () => {
    expect(helps.size).toBeGreaterThan(20);
    const offending = [...helps].filter(([, help]) => help.includes('(default: [])')).map(([name]) => name);
    expect(offending).toEqual([]);
  });

  test('GIVEN repeatable options (credentials issue --cidr, audit --path) WHEN help is printed THEN they are still listed with their description, and a real default is still shown', () => {
    expect(helps.get('credentials issue')).toMatch(/--cidr <cidr>\s+restrict the secret ID to this CIDR block/);
    expect(helps.get('audit')).toMatch(/--path <prefix\|glob>\s+only requests whose path starts with this prefix/);
    expect(helps.get('credentials issue')).toContain('(default: "0400")');
  });
});
