// Generators for the ACL differential test: adversarial policies (exact, `*` globs, `+` segment
// wildcards, trailing slashes, deny, empty and legacy rules, repeated patterns across policies)
// and, for any set of rules, paths that match them, nearly match them, or miss them.
// Deterministic: the same seed gives the same cases.

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEGMENTS = ['a', 'ab', 'b', 'data', 'foo', 'foobar', 'x'];
const CAPS = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'scan'];

export interface GeneratedPolicy {
  readonly name: string;
  /** Policy text as written to the server (HCL or JSON). */
  readonly text: string;
  readonly patterns: readonly string[];
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function pattern(r: () => number): string {
  const n = 1 + Math.floor(r() * 4);
  const segs: string[] = [];
  for (let i = 0; i < n; i++) segs.push(r() < 0.3 ? '+' : pick(r, SEGMENTS));
  let p = segs.join('/');
  const ending = r();
  if (ending < 0.25) p += '/*';
  else if (ending < 0.4 && !p.endsWith('+')) p += '*';
  else if (ending < 0.5 && !p.endsWith('+')) p = p.slice(0, Math.max(1, p.length - 1)) + '*';
  else if (ending < 0.55) p += '/';
  if (r() < 0.05) p = '*';
  if (r() < 0.05) p = '+/*';
  return p;
}

function capabilities(r: () => number): string[] {
  const x = r();
  if (x < 0.1) return ['deny'];
  if (x < 0.15) return [];
  const caps = CAPS.filter(() => r() < 0.35);
  return caps.length ? caps : ['read'];
}

/** `count` policies drawing on one shared pool of patterns, so that some patterns repeat across policies. */
export function generatePolicies(seed: number, prefix: string, count: number, rulesPerPolicy: number): GeneratedPolicy[] {
  const r = rng(seed);
  const pool = Array.from({ length: rulesPerPolicy * 2 }, () => pattern(r));
  const policies: GeneratedPolicy[] = [];
  for (let i = 0; i < count; i++) {
    const rules = new Map<string, { caps: string[]; legacy?: string }>();
    for (let j = 0; j < rulesPerPolicy; j++) {
      const p = pick(r, pool);
      const legacy = r() < 0.08 ? pick(r, ['read', 'write', 'sudo', 'deny']) : undefined;
      rules.set(p, { caps: capabilities(r), legacy });
    }
    const asJson = r() < 0.3;
    const text = asJson
      ? JSON.stringify({ path: Object.fromEntries([...rules].map(([p, v]) => [p, { capabilities: v.caps, ...(v.legacy ? { policy: v.legacy } : {}) }])) })
      : [...rules]
          .map(([p, v]) => `# generated\npath ${JSON.stringify(p)} {\n  capabilities = [${v.caps.map((c) => JSON.stringify(c)).join(', ')}]\n${v.legacy ? `  policy = "${v.legacy}"\n` : ''}}`)
          .join('\n');
    policies.push({ name: `${prefix}-${i}`, text, patterns: [...rules.keys()] });
  }
  return policies;
}

/** Paths around the given patterns: instances, near misses, trailing-slash variants, and random paths. */
export function pathsFor(seed: number, patterns: readonly string[], count: number): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  const instance = (p: string): string => {
    let s = p.replace(/\+/g, () => pick(r, SEGMENTS));
    if (s.endsWith('*')) s = s.slice(0, -1) + (r() < 0.4 ? '' : pick(r, ['', 'x', 'bar', '/', 'y/z', 'oo/a']));
    return s;
  };
  const mutate = (s: string): string => {
    const segs = s.split('/');
    const m = r();
    if (m < 0.2) return segs.slice(0, -1).join('/') || s + '/x';
    if (m < 0.4) return `${s}/${pick(r, SEGMENTS)}`;
    if (m < 0.55) return s.endsWith('/') ? s.slice(0, -1) : `${s}/`;
    if (m < 0.7) return s.slice(0, -1) || 'z';
    if (m < 0.85) return `${s}${pick(r, ['a', 'r', 'x'])}`;
    segs[Math.floor(r() * segs.length)] = pick(r, SEGMENTS);
    return segs.join('/');
  };
  // Every pattern gets an instance and the same with a trailing slash (LIST's fallbacks), then random fill.
  for (const p of patterns) {
    const s = instance(p);
    if (s && !s.startsWith('/')) out.add(s);
    const slashed = s.endsWith('/') ? s.slice(0, -1) : `${s}/`;
    if (slashed && !slashed.startsWith('/')) out.add(slashed);
  }
  let guard = 0;
  while (out.size < count && guard++ < count * 50) {
    const x = r();
    let p: string;
    if (patterns.length > 0 && x < 0.45) p = instance(pick(r, patterns));
    else if (patterns.length > 0 && x < 0.85) p = mutate(instance(pick(r, patterns)));
    else p = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, SEGMENTS)).join('/') + (r() < 0.2 ? '/' : '');
    if (p.length > 0 && !p.startsWith('/')) out.add(p);
  }
  return [...out];
}
