// README's tables that restate code (settings variables, roles, secret layout, guardrails) are
// generated from the code itself, between `<!-- generated:<name> -->` markers: `npm run docs`
// rewrites them, and test/docs/readme.test.ts fails when one is stale. Nothing here is typed twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUARDRAILS } from '../constructs/guardrails';
import { SECRET_CATALOG } from '../services/catalog';
import { SERVICES } from '../services/registry';
import { hostPort } from '../model/host-port';
import { PROD } from '../stacks/environments';
import { PROD_SERVER_VARIABLES } from '../stacks/settings';

export const README = path.join(__dirname, '..', 'README.md');

const code = (s: string) => `\`${s}\``;
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** Production's override variables, their meaning and the committed default. */
export function settingsTable(): string {
  const defaults: Record<keyof typeof PROD_SERVER_VARIABLES, string> = {
    HOODCLOUD_VAULT_NODES: PROD.server.nodes.map((n) => `${n.id}=${hostPort(n.address, n.port)}`).join(','),
    HOODCLOUD_VAULT_DOCKER_HOSTS: PROD.server.nodes.filter((n) => n.dockerHost).map((n) => `${n.id}=${n.dockerHost}`).join(',') || 'unset',
    HOODCLOUD_VAULT_ADDR: PROD.vaultAddress,
    VAULT_IMAGE: PROD.server.image,
    VAULT_TLS_CERT_FILE: PROD.server.tls?.certHostFile ?? '',
    VAULT_TLS_KEY_FILE: PROD.server.tls?.keyHostFile ?? '',
  };
  const server = (Object.keys(PROD_SERVER_VARIABLES) as Array<keyof typeof PROD_SERVER_VARIABLES>).map((v) => [code(v), PROD_SERVER_VARIABLES[v], code(defaults[v])]);
  const roles = SERVICES.map((s) => [code(s.cidrVariable), `CIDRs (comma-separated) ${code(s.roleName)} is bound to`, PROD.roles[s.roleName].secretIdBoundCidrs.map(code).join(', ')]);
  return table(['variable', 'meaning', 'default'], [...server, ...roles]);
}

/** One row per registry entry: who the role is, what it reads, what it does with the master key. */
export function rolesTable(): string {
  return table(
    ['role', 'used by', 'KV subtree it reads', 'master key', 'production CIDRs'],
    SERVICES.map((s) => [
      code(s.roleName),
      s.description + (s.bootstrap ? ' (created by the bootstrap ceremony)' : ''),
      s.intent.operator ? 'every secret (manages them)' : s.intent.readsOwnSecrets ? code(`${s.kvSubtree}/*`) : 'none',
      s.intent.operator ? 'create, configure, rotate (never export, back up, delete)' : s.intent.masterKeyOperations.length ? s.intent.masterKeyOperations.join(', ') : 'none',
      code(s.cidrVariable),
    ]),
  );
}

/** The secret catalog: path, owner, fields. */
export function secretLayoutTable(): string {
  return table(
    ['path', 'owner', 'fields'],
    SECRET_CATALOG.map((e) => [
      `${code(e.path)}${e.required === false ? ' (optional)' : ''}`,
      e.owner,
      e.fields.map((f) => `${code(f.name)}${f.required === false ? ' (optional)' : ''}`).join(', '),
    ]),
  );
}

/** Every guardrail: id, level, what it checks. */
export function guardrailTable(): string {
  return table(['id', 'level', 'rule'], GUARDRAILS.map((g) => [code(g.id), g.level, g.description]));
}

export const GENERATED_SECTIONS: Readonly<Record<string, () => string>> = {
  'settings-variables': settingsTable,
  roles: rolesTable,
  'secret-layout': secretLayoutTable,
  guardrails: guardrailTable,
};

const marker = (name: string) => new RegExp(`(<!-- generated:${name} \\(npm run docs\\) -->\\n)[\\s\\S]*?(\\n<!-- /generated:${name} -->)`);

/** The text between a section's markers in `doc`, or undefined when the markers are missing. */
export function generatedSection(doc: string, name: string): string | undefined {
  const m = marker(name).exec(doc);
  return m ? m[0].slice(m[1].length, m[0].length - m[2].length) : undefined;
}

/** `doc` with every generated section rewritten from the code. */
export function regenerate(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    if (!marker(name).test(out)) throw new Error(`README.md has no <!-- generated:${name} (npm run docs) --> ... <!-- /generated:${name} --> section`);
    out = out.replace(marker(name), (_m, open: string, close: string) => `${open}${render()}${close}`);
  }
  return out;
}

if (require.main === module) {
  fs.writeFileSync(README, regenerate(fs.readFileSync(README, 'utf8')));
  console.log(`README.md: ${Object.keys(GENERATED_SECTIONS).join(', ')} regenerated`);
}
