// The comparison: every declared object against the server's, field by field, and every object the
// server has that the configuration does not declare (built-in mounts and policies aside).
import { BUILTIN_MOUNTS } from '../../model/mount-paths';
import { DeclaredConfig } from './declared-config';
import { comparable, display, FieldSpec, valueAt } from './field-values';
import { LiveConfig } from './live-config';
import { AUDIT_DEVICE_FIELDS, AUTH_METHOD_FIELDS, AUTH_TUNE_FIELDS, KV_SETTINGS_FIELDS, MOUNT_FIELDS, MOUNT_TUNE_FIELDS, ROLE_FIELDS, TRANSIT_KEY_FIELDS } from './object-fields';
import { policyRuleDifferences } from './policy-rules';

export type DriftKind = 'policy' | 'role' | 'auth method' | 'mount' | 'mount tune' | 'kv settings' | 'transit key' | 'audit device';

/** One difference: never a secret (values are configuration; map values outside an allow-list are masked). */
export interface DriftFinding {
  readonly kind: DriftKind;
  readonly name: string;
  readonly what: string;
  readonly declared: string;
  readonly live: string;
}

/** How many declared objects of each kind were compared (for the clean summary). */
export type ComparedCounts = Readonly<Record<DriftKind, number>>;

const BUILTIN_POLICIES = ['default', 'root'];
const BUILTIN_ENGINES = BUILTIN_MOUNTS.filter((m) => !m.startsWith('auth/'));
const BUILTIN_AUTH = BUILTIN_MOUNTS.filter((m) => m.startsWith('auth/')).map((m) => m.slice('auth/'.length));
const NOT_DECLARED = '(not declared)';
const MISSING = '(missing)';

/** Every difference between the declared configuration and the live server, in a stable order. */
export function compareConfig(declared: DeclaredConfig, live: LiveConfig): DriftFinding[] {
  const out: DriftFinding[] = [];
  const add = (kind: DriftKind, name: string, what: string, declaredValue: string, liveValue: string) => out.push({ kind, name, what, declared: declaredValue, live: liveValue });
  const missing = (kind: DriftKind, name: string) => add(kind, name, 'exists', 'yes', MISSING);
  const undeclared = (kind: DriftKind, name: string, liveValue = 'exists') => add(kind, name, 'exists', NOT_DECLARED, liveValue);

  // Policies: declared ones by their rules; undeclared ones by name (their text is not read).
  for (const p of declared.policies) {
    const text = live.policies.get(p.name);
    if (text === undefined) missing('policy', p.name);
    else for (const d of policyRuleDifferences(p.name, p.text, text)) add('policy', p.name, d.pattern === '(text)' ? 'text' : `path "${d.pattern}"`, d.declared ?? '(none)', d.live ?? '(none)');
  }
  const declaredPolicies = new Set(declared.policies.map((p) => p.name));
  for (const name of [...live.policyNames].sort()) if (!declaredPolicies.has(name) && !BUILTIN_POLICIES.includes(name)) undeclared('policy', name);

  for (const r of declared.roles) {
    const role = live.roles.get(`${r.backend}/${r.name}`);
    if (role === undefined) missing('role', r.name);
    else out.push(...fields('role', r.name, ROLE_FIELDS, r.attrs, role));
  }
  for (const [backend, names] of live.roleNames) {
    const known = new Set(declared.roles.filter((r) => r.backend === backend).map((r) => r.name));
    for (const name of [...(names ?? [])].sort()) if (!known.has(name)) undeclared('role', `${name} (auth/${backend})`);
  }

  for (const a of declared.authMethods) {
    const entry = live.authMethods.get(a.path);
    if (entry === undefined) {
      missing('auth method', a.path);
      continue;
    }
    out.push(...fields('auth method', a.path, AUTH_METHOD_FIELDS, a.attrs, entry));
    out.push(...fields('mount tune', `auth/${a.path}`, AUTH_TUNE_FIELDS, a.attrs, entry));
  }
  const declaredAuth = new Set(declared.authMethods.map((a) => a.path));
  for (const [path, entry] of [...live.authMethods].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!declaredAuth.has(path) && !BUILTIN_AUTH.includes(path)) undeclared('auth method', path, `type ${String(entry.type)}`);
  }

  for (const m of declared.mounts) {
    const entry = live.mounts.get(m.path);
    if (entry === undefined) {
      missing('mount', m.path);
      continue;
    }
    out.push(...fields('mount', m.path, MOUNT_FIELDS, m.attrs, entry));
    out.push(...fields('mount tune', m.path, MOUNT_TUNE_FIELDS, m.attrs, entry));
  }
  const declaredMounts = new Set(declared.mounts.map((m) => m.path));
  for (const [path, entry] of [...live.mounts].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!declaredMounts.has(path) && !(BUILTIN_ENGINES as readonly string[]).includes(path)) undeclared('mount', path, `type ${String(entry.type)}`);
  }

  for (const k of declared.kvSettings) {
    const settings = live.kvSettings.get(k.mount);
    if (settings === undefined) missing('kv settings', k.mount);
    else out.push(...fields('kv settings', k.mount, KV_SETTINGS_FIELDS, k.attrs, settings));
  }

  for (const k of declared.transitKeys) {
    const key = live.transitKeys.get(`${k.backend}/${k.name}`);
    if (key === undefined) missing('transit key', `${k.backend}/${k.name}`);
    else out.push(...fields('transit key', `${k.backend}/${k.name}`, TRANSIT_KEY_FIELDS, k.attrs, key));
  }
  for (const [backend, names] of live.transitKeyNames) {
    const known = new Set(declared.transitKeys.filter((k) => k.backend === backend).map((k) => k.name));
    for (const name of [...(names ?? [])].sort()) if (!known.has(name)) undeclared('transit key', `${backend}/${name}`);
  }

  for (const a of declared.audits) {
    const entry = live.audits.get(a.path);
    if (entry === undefined) missing('audit device', a.path);
    else out.push(...fields('audit device', a.path, AUDIT_DEVICE_FIELDS, a.attrs, entry));
  }
  const declaredAudits = new Set(declared.audits.map((a) => a.path));
  for (const [path, entry] of [...live.audits].sort(([x], [y]) => (x < y ? -1 : 1))) if (!declaredAudits.has(path)) undeclared('audit device', path, `type ${String(entry.type)}`);

  return out;
}

/** The declared objects compared, by kind. */
export function comparedCounts(declared: DeclaredConfig): ComparedCounts {
  return {
    policy: declared.policies.length,
    role: declared.roles.length,
    'auth method': declared.authMethods.length,
    mount: declared.mounts.length,
    'mount tune': declared.mounts.length + declared.authMethods.length,
    'kv settings': declared.kvSettings.length,
    'transit key': declared.transitKeys.length,
    'audit device': declared.audits.length,
  };
}

/** The fields of one object that differ; a map field is reported key by key. */
function fields(kind: DriftKind, name: string, specs: readonly FieldSpec[], declaredAttrs: Readonly<Record<string, unknown>>, liveObject: Readonly<Record<string, unknown>>): DriftFinding[] {
  const out: DriftFinding[] = [];
  for (const spec of specs) {
    const want = declaredAttrs[spec.declared ?? spec.name];
    const have = valueAt(liveObject, spec.live ?? spec.name);
    if (spec.kind === 'map') {
      out.push(...mapKeys(kind, name, spec, want, have));
      continue;
    }
    if (comparable(spec, want) !== comparable(spec, have)) out.push({ kind, name, what: spec.name, declared: display(spec, want), live: display(spec, have) });
  }
  return out;
}

function mapKeys(kind: DriftKind, name: string, spec: FieldSpec, want: unknown, have: unknown): DriftFinding[] {
  const asMap = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const w = asMap(want);
  const h = asMap(have);
  const printable = (key: string) => !spec.printableKeys || spec.printableKeys.includes(key);
  const shown = (key: string, v: unknown, other: unknown) => (v === undefined ? '(none)' : printable(key) ? String(v) : other === undefined ? '(set)' : '(another value, not shown)');
  return [...new Set([...Object.keys(w), ...Object.keys(h)])]
    .sort()
    .filter((key) => (w[key] === undefined ? undefined : String(w[key])) !== (h[key] === undefined ? undefined : String(h[key])))
    .map((key) => ({ kind, name, what: `${spec.name}.${key}`, declared: shown(key, w[key], undefined), live: shown(key, h[key], w[key]) }));
}
