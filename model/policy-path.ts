// ACL policy path patterns as the server reads them (OpenBao internal/vault/policy/policy.go): one
// leading `/` is dropped; `+*` is refused; a path holding `/+` (or starting `+/`, or equal to `+`)
// has segment wildcards; otherwise a trailing `*` makes a prefix rule. The policy builder refuses
// what the server would refuse, and the review's parser reads policies with the same rules.

export type PolicyPathKind = 'exact' | 'prefix' | 'segment';

export type PolicyPathParse = { readonly pattern: string; readonly kind: PolicyPathKind; readonly problem?: undefined } | { readonly problem: string };

export function parsePolicyPath(path: string): PolicyPathParse {
  const pattern = path.startsWith('/') ? path.slice(1) : path;
  if (pattern.includes('+*')) return { problem: "invalid use of wildcards ('+*' is forbidden)" };
  // eslint-disable-next-line no-control-regex -- the control characters are what is refused
  if (/[\u0000-\u001f]/.test(pattern)) return { problem: 'holds a control character' };
  const segment = pattern === '+' || pattern.includes('/+') || pattern.startsWith('+/');
  return { pattern, kind: segment ? 'segment' : pattern.endsWith('*') ? 'prefix' : 'exact' };
}

/** `*`, `+`, `+/*`, `+/+`...: a path that names no mount at all. */
export function isBareWildcardPath(path: string): boolean {
  return path.split('/').every((segment) => segment === '*' || segment === '+' || segment === '');
}
