// Plans `secrets seed` without touching a server: which secrets to write, which to keep (they exist),
// which production must be given, and every problem. Nothing is written unless the plan has no problem.
import { SecretEntry } from './secret-entry';
import { checkEntry, isProblem } from './entry-check';
import { fillEntry, SeedEnvironment } from './field-generators';
import { RsaKeyPairSource } from './rsa-keypair';
import { SuppliedValues, suppliedValueProblems } from './supplied-values';
import { fieldSizeProblems, secretSizeProblem } from './value-limits';

export type { SuppliedValues } from './supplied-values';

export interface SeedPlanOptions {
  readonly env: SeedEnvironment;
  /** Logical KV paths that already hold a secret. */
  readonly existing: ReadonlySet<string>;
  readonly supplied?: SuppliedValues;
  /** Overwrite existing secrets. @default false */
  readonly force?: boolean;
  /** @default 4096 */
  readonly rsaBits?: number;
  /** @default generateRsaKeyPair */
  readonly rsaKeyPairs?: RsaKeyPairSource;
  /** The secrets to seed (services/catalog.ts). */
  readonly catalog: readonly SecretEntry[];
}

export interface PlannedWrite {
  readonly entry: SecretEntry;
  readonly data: Record<string, unknown>;
  /** True when the secret exists and --force replaces it. */
  readonly overwrite: boolean;
}

export interface SeedPlan {
  readonly writes: PlannedWrite[];
  /** Paths that exist and are kept (never touched without --force). */
  readonly kept: string[];
  /** Kept paths the supplied values name: those values are not written (a re-run of the same seed, or a change that is a rotation). */
  readonly suppliedButKept: string[];
  /** Secrets that production must be given, with the fields it must supply (nothing is invented). */
  readonly toSupply: { path: string; fields: string[]; optional: boolean }[];
  /** Problems that stop the whole seed (nothing is written): `path field: reason`, never a value. */
  readonly problems: string[];
}

export async function planSeed(opts: SeedPlanOptions): Promise<SeedPlan> {
  const catalog = opts.catalog;
  const supplied = opts.supplied ?? {};
  const plan: SeedPlan = { writes: [], kept: [], suppliedButKept: [], toSupply: [], problems: [] };

  plan.problems.push(...suppliedValueProblems(catalog, supplied));

  for (const entry of catalog) {
    const given = supplied[entry.path] ?? {};
    if (opts.existing.has(entry.path) && !opts.force) {
      // Create-only: a re-run completes a partly seeded catalog and leaves what exists alone.
      plan.kept.push(entry.path);
      if (Object.keys(given).length > 0) plan.suppliedButKept.push(entry.path);
      continue;
    }
    if (fieldSizeProblems(entry.path, given).length > 0) {
      continue; // reported above; nothing generated for it
    }
    const entryRequired = entry.required ?? true;
    const nothingGiven = Object.keys(given).length === 0;
    if (!entryRequired && nothingGiven && opts.env === 'prod') {
      plan.toSupply.push({ path: entry.path, fields: entry.fields.map((f) => f.name), optional: true });
      continue;
    }
    const data = await fillEntry(entry, given, { env: opts.env, rsaBits: opts.rsaBits, rsaKeyPairs: opts.rsaKeyPairs });
    const tooLarge = secretSizeProblem(entry.path, data);
    if (tooLarge) {
      plan.problems.push(tooLarge);
      continue;
    }
    const findings = checkEntry(entry, data);
    const missing = findings.filter((f) => f.status === 'missing').map((f) => f.field);
    const malformed = findings.filter((f) => f.status === 'malformed');
    for (const f of malformed) plan.problems.push(`${entry.path} ${f.field}: ${f.problem}`);
    if (missing.length > 0) {
      if (opts.env === 'prod' && nothingGiven) {
        plan.toSupply.push({ path: entry.path, fields: missing, optional: !entryRequired });
      } else {
        plan.problems.push(`${entry.path}: fields not supplied and not generatable in ${opts.env}: ${missing.join(', ')}`);
      }
      continue;
    }
    if (!findings.some(isProblem)) plan.writes.push({ entry, data, overwrite: opts.existing.has(entry.path) });
  }
  return plan;
}
