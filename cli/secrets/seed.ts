// `secrets seed`: plans everything first (secrets-catalog/seed-plan.ts), writes nothing if any
// problem is found, then creates each missing secret with check-and-set (cas=0: create only), or
// replaces exactly the version it read when --force is given. Re-running the same command after an
// interruption writes only what is still missing: what exists is never read, regenerated or touched.
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG } from '../../services/catalog';
import { SeedEnvironment } from '../../secrets-catalog/field-generators';
import { planSeed, SeedPlan } from '../../secrets-catalog/seed-plan';
import { SuppliedValues } from '../../secrets-catalog/supplied-values';
import { CliError, describeError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { currentVersion, isCasMismatch, writeSecret } from './kv';

export interface SeedOptions {
  readonly env: SeedEnvironment;
  readonly mount: string;
  readonly force: boolean;
  readonly rsaBits: number;
  /** The --values file's content (values-file.ts): { "<path>": { "<field>": value } }. */
  readonly supplied?: SuppliedValues;
}

export interface SeedResult {
  readonly plan: SeedPlan;
  readonly written: string[];
}

export async function runSeed(client: VaultClient, io: CliIo, opts: SeedOptions): Promise<SeedResult> {
  const supplied = opts.supplied;
  const progress = new Progress(io, 3);
  progress.next(`Reading which of the ${SECRET_CATALOG.length} catalog secrets exist under ${opts.mount}/`);
  const versions = new Map<string, number>();
  for (const entry of SECRET_CATALOG) {
    const v = await currentVersion(client, opts.mount, entry.path);
    if (v !== undefined) versions.set(entry.path, v);
  }
  progress.detail(`${versions.size} exist${versions.size > 0 && !opts.force ? ' (kept as they are)' : ''}`);

  progress.next(`Generating and validating (${opts.env}${opts.env === 'prod' ? ': keypairs and the NATS seed only' : ''})`);
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
      const why = isCasMismatch(e)
        ? cas === 0 ? 'it was created by someone else meanwhile (create-only write refused)' : `it changed meanwhile (version ${cas} was read)`
        : describeError(e);
      throw new CliError(`writing ${w.entry.path} failed: ${why}; nothing written for it.${done} Re-run the same command: it writes only the secrets still missing.`);
    }
  }
  return { plan, written };
}

/** The summary on stdout: written, kept, and what production must still be given. */
export function printSeed(io: CliIo, result: SeedResult): void {
  io.out(`written: ${result.written.length}${result.written.length ? ` (${result.written.join(', ')})` : ''}`);
  io.out(`kept (exist; --force replaces): ${result.plan.kept.length}${result.plan.kept.length ? ` (${result.plan.kept.join(', ')})` : ''}`);
  if (result.plan.suppliedButKept.length > 0) {
    io.out(`not written, they exist: the --values given for ${result.plan.suppliedButKept.join(', ')} (to change an existing secret: secrets rotate <path> --values <file>)`);
  }
  if (result.plan.toSupply.length > 0) {
    io.out('must be supplied (not invented in prod; pass them with --values <file.json>):');
    for (const s of result.plan.toSupply) io.out(`  ${s.path}: ${s.fields.join(', ')}${s.optional ? ' (optional secret)' : ''}`);
  }
}
