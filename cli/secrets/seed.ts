// `secrets seed`: plans everything first (secrets-catalog/seed-plan.ts), writes nothing if any
// problem is found, then creates each secret with check-and-set (cas=0: create only), or replaces
// exactly the version it read when --force is given.
import * as fs from 'node:fs';
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG } from '../../services/catalog';
import { SeedEnvironment } from '../../secrets-catalog/field-generators';
import { planSeed, SeedPlan, SuppliedValues } from '../../secrets-catalog/seed-plan';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { currentVersion, writeSecret } from './kv';

export interface SeedOptions {
  readonly env: SeedEnvironment;
  readonly mount: string;
  readonly force: boolean;
  readonly rsaBits: number;
  /** JSON file of values production must be given: { "<path>": { "<field>": value } }. */
  readonly valuesFile?: string;
}

export interface SeedResult {
  readonly plan: SeedPlan;
  readonly written: string[];
}

/** Reads the supplied-values file; warns when others can read it. Never echoes its content. */
export function readValuesFile(io: CliIo, file: string): SuppliedValues {
  if (!fs.existsSync(file)) throw new CliError(`--values: "${file}" does not exist`, 2);
  if ((fs.statSync(file).mode & 0o077) !== 0) io.err(`warning: --values ${file} is readable by group or others; keep it mode 0600 and delete it after seeding`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`--values: "${file}" is not valid JSON (${(e as Error).name}); expected {"<path>": {"<field>": value}}`, 2);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(`--values: "${file}" must hold a JSON object {"<path>": {"<field>": value}}`, 2);
  }
  return parsed as SuppliedValues;
}

export async function runSeed(client: VaultClient, io: CliIo, opts: SeedOptions): Promise<SeedResult> {
  const progress = new Progress(io, 3);
  progress.next(`Reading which of the ${SECRET_CATALOG.length} catalog secrets exist under ${opts.mount}/`);
  const versions = new Map<string, number>();
  for (const entry of SECRET_CATALOG) {
    const v = await currentVersion(client, opts.mount, entry.path);
    if (v !== undefined) versions.set(entry.path, v);
  }
  progress.detail(`${versions.size} exist`);

  progress.next(`Generating and validating (${opts.env}${opts.env === 'prod' ? ': keypairs and the NATS seed only' : ''})`);
  const supplied = opts.valuesFile ? readValuesFile(io, opts.valuesFile) : undefined;
  const plan = await planSeed({ env: opts.env, existing: new Set(versions.keys()), supplied, force: opts.force, rsaBits: opts.rsaBits, catalog: SECRET_CATALOG });
  if (plan.problems.length > 0) {
    throw new CliError(`nothing written: ${plan.problems.length} problem(s):\n${plan.problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  progress.next(`Writing ${plan.writes.length} secret(s) with check-and-set`);
  const written: string[] = [];
  for (const w of plan.writes) {
    const cas = w.overwrite ? versions.get(w.entry.path) ?? 0 : 0;
    try {
      const version = await writeSecret(client, opts.mount, w.entry.path, w.data, cas);
      written.push(w.entry.path);
      progress.detail(`${w.overwrite ? 'replaced' : 'created'} ${w.entry.path} (version ${version}; fields ${Object.keys(w.data).join(', ')})`);
    } catch (e) {
      const done = written.length > 0 ? ` Already written: ${written.join(', ')}.` : '';
      throw new CliError(`writing ${w.entry.path} failed: ${describeError(e)}.${done} Re-run: existing secrets are kept.`);
    }
  }
  return { plan, written };
}

/** The summary on stdout: written, kept, and what production must still be given. */
export function printSeed(io: CliIo, result: SeedResult): void {
  io.out(`written: ${result.written.length}${result.written.length ? ` (${result.written.join(', ')})` : ''}`);
  io.out(`kept (exist; --force replaces): ${result.plan.kept.length}${result.plan.kept.length ? ` (${result.plan.kept.join(', ')})` : ''}`);
  if (result.plan.toSupply.length > 0) {
    io.out('must be supplied (not invented in prod; pass them with --values <file.json>):');
    for (const s of result.plan.toSupply) io.out(`  ${s.path}: ${s.fields.join(', ')}${s.optional ? ' (optional secret)' : ''}`);
  }
}
