// Walks request.data / response.data of audit entries by field name only: the audit command may
// say WHICH fields a request carried or where a searched HMAC sits, never what a field holds.

/** Dotted names of the leaf fields (and empty objects or arrays), e.g. `data.password`, `keys[]`. */
export function fieldNames(data: unknown): string[] {
  const out = new Set<string>();
  walk(data, '', (name) => out.add(name));
  return [...out];
}

/** Dotted names, under `prefix`, of the string leaves equal to one of `hashes`. */
export function fieldsHolding(data: unknown, hashes: ReadonlySet<string>, prefix: string): string[] {
  const out: string[] = [];
  walk(data, prefix, (name, leaf) => {
    if (typeof leaf === 'string' && hashes.has(leaf)) out.push(name);
  });
  return out;
}

function walk(value: unknown, name: string, visit: (name: string, leaf: unknown) => void): void {
  if (Array.isArray(value)) {
    if (value.length === 0) visit(`${name}[]`, value);
    for (const item of value) walk(item, `${name}[]`, visit);
    return;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0 && name !== '') visit(name, value);
    for (const key of keys) walk((value as Record<string, unknown>)[key], name === '' ? key : `${name}.${key}`, visit);
    return;
  }
  if (value !== undefined && name !== '') visit(name, value);
}
