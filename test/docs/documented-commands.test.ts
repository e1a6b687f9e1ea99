// Every command README and the docs show, read from their sh code blocks: each `npm run <script>`
// names a script of package.json, each `npx cdktf deploy <stack>` a synthesized stack, and each
// `npm run ops -- <command> --flag …` a command of the operations CLI that has every flag written
// (read from the command's own --help, in-process). A renamed flag or command fails here, not in a
// platform engineer's terminal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS } from '../../stacks/environments';
import { cliRunner } from '../cli/support/run-cli';
import { PACKAGE_JSON, PROJECT_ROOT } from '../support/project';

const DOCS = ['README.md', ...fs.readdirSync(path.join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const scripts = Object.keys(PACKAGE_JSON.scripts);

/** The command lines of a document's sh code blocks, backslash continuations joined, comments cut. */
function shellLines(doc: string): string[] {
  const blocks = [...doc.matchAll(/^```(?:sh|bash)\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  return blocks.flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n')).map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter((l) => l !== '');
}

/** The words after each match of `marker` up to the end of that command (a pipe, redirection, `;`, `&&` or `)`); `$(…)` is one word. */
function wordsAfter(line: string, marker: RegExp): string[][] {
  const flat = line.replace(/\$\([^)]*\)/g, '$SUBST');
  return [...flat.matchAll(new RegExp(marker.source, 'g'))].map((m) => {
    const rest = flat.slice(m.index + m[0].length).split(/\s*(?:\|\|?|&&|;|\)|>|<)\s*/)[0];
    return rest.split(/\s+/).filter((w) => w !== '');
  });
}

const lines: { doc: string; line: string }[] = DOCS.flatMap((doc) => shellLines(fs.readFileSync(path.join(PROJECT_ROOT, doc), 'utf8')).map((line) => ({ doc, line })));
const opsCommands: { doc: string; line: string; words: string[] }[] = lines.flatMap(({ doc, line }) => wordsAfter(line, /npm run (?:--silent )?ops -- /).map((words) => ({ doc, line, words })));
const npmScripts = lines.flatMap(({ doc, line }) => [...line.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => ({ doc, line, script: m[1] })));
const deploys = lines.flatMap(({ doc, line }) => wordsAfter(line, /cdktf deploy /).map((words) => ({ doc, line, stacks: words.filter((w) => !w.startsWith('-')) })));

const cli = cliRunner();
const helpCache = new Map<string, Promise<string>>();
const helpOf = (commandPath: readonly string[]) => {
  const key = commandPath.join(' ');
  if (!helpCache.has(key)) helpCache.set(key, cli.run([...commandPath, '--help']).then((r) => r.stdout));
  return helpCache.get(key)!;
};
const subcommandsIn = (help: string) => (help.split(/^Commands:$/m)[1] ?? '').split('\n').map((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1]).filter((n): n is string => n !== undefined && n !== 'help');
const optionsIn = (help: string) => new Set([...(help.split(/^Options:$/m)[1] ?? '').matchAll(/(?:^|[\s,])(--?[\w-]+)/gm)].map((m) => m[1]));

/** The command path a documented invocation names (`credentials issue`), and the flags it passes. */
async function resolve(words: readonly string[]): Promise<{ commandPath: string[]; flags: string[]; unknown?: string }> {
  const commandPath: string[] = [];
  let i = 0;
  for (;;) {
    const subs = subcommandsIn(await helpOf(commandPath));
    if (subs.length === 0) break;
    const next = words[i];
    if (next === undefined || next.startsWith('-')) break;
    if (!subs.includes(next)) return { commandPath, flags: [], unknown: next };
    commandPath.push(next);
    i += 1;
  }
  const flags = words.slice(i).filter((w) => /^--?[a-zA-Z]/.test(w)).map((w) => w.split('=')[0]);
  return { commandPath, flags };
}

describe('commands shown in README and docs/', () => {
  test('GIVEN the documents WHEN their code blocks are read THEN they show operations commands, scripts and deploys (the extraction works)', () => {
    expect(opsCommands.length).toBeGreaterThan(30);
    expect(npmScripts.length).toBeGreaterThan(opsCommands.length);
    expect(deploys.length).toBeGreaterThan(3);
  });

  test('GIVEN every `npm run <script>` shown WHEN package.json is read THEN the script exists', () => {
    expect(npmScripts.filter((s) => !scripts.includes(s.script)).map((s) => `${s.doc}: ${s.line}`)).toEqual([]);
  });

  test('GIVEN every `cdktf deploy` shown WHEN compared with the environments THEN each stack it names is synthesized', () => {
    const stacks = ENVIRONMENTS.flatMap((e) => [`${e.name}-server`, `${e.name}-config`]);
    expect(deploys.flatMap((d) => d.stacks.filter((s) => !stacks.includes(s)).map((s) => `${d.doc}: ${s} in ${d.line}`))).toEqual([]);
  });

  test('GIVEN every `npm run ops -- …` shown WHEN resolved against the CLI THEN the command exists and takes every flag written', async () => {
    const wrong: string[] = [];
    for (const { doc, line, words } of opsCommands) {
      const { commandPath, flags, unknown } = await resolve(words);
      if (unknown !== undefined) {
        wrong.push(`${doc}: no command "${[...commandPath, unknown].join(' ')}" in: ${line}`);
        continue;
      }
      const known = optionsIn(await helpOf(commandPath));
      for (const flag of flags) if (!known.has(flag)) wrong.push(`${doc}: "${commandPath.join(' ')}" has no option ${flag} in: ${line}`);
    }
    expect(wrong).toEqual([]);
  });
});
