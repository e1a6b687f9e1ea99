// Values an operator supplies (`--values <file>` of `secrets seed` and `secrets rotate`):
// `{ "<kv path>": { "<field>": value } }`, checked against the catalog before anything is generated
// or written. Problems name path and field, never a value.
import { ROTATION_MANAGED_KINDS, SecretEntry } from './secret-entry';
import { fieldSizeProblems } from './value-limits';

/** Values an operator supplies: `{ "<kv path>": { "<field>": value } }`. */
export type SuppliedValues = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Paths outside the catalog, values that are not objects, unknown or rotation-managed fields, fields over the size limit. */
export function suppliedValueProblems(catalog: readonly SecretEntry[], supplied: SuppliedValues): string[] {
  const problems: string[] = [];
  for (const [path, fields] of Object.entries(supplied)) {
    const entry = catalog.find((e) => e.path === path);
    if (!entry) {
      problems.push(`${path}: not a path of the secrets catalog (known: ${catalog.map((e) => e.path).join(', ')})`);
      continue;
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      problems.push(`${path}: supplied values must be an object of field names to values`);
      continue;
    }
    for (const name of Object.keys(fields)) {
      const field = entry.fields.find((f) => f.name === name);
      if (!field) problems.push(`${path} ${name}: not a field of this secret (fields: ${entry.fields.map((f) => f.name).join(', ')})`);
      else if (ROTATION_MANAGED_KINDS.has(field.kind)) problems.push(`${path} ${name}: written by \`secrets rotate\` (the grace period of the replaced key), never supplied`);
    }
    problems.push(...fieldSizeProblems(path, fields));
  }
  return problems;
}
