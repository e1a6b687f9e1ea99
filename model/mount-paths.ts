// Mount paths as policies and the API name them: without slashes, with the built-in mounts every
// server has.

/** Mounts every Vault server has. */
export const BUILTIN_MOUNTS = ['sys', 'auth/token', 'identity', 'cubbyhole'] as const;

/** `"/secret/"` → `secret`. */
export function trimSlashes(path: unknown): string {
  return String(path ?? '').replace(/^\/+|\/+$/g, '');
}

/** The longest of `mounts` that `path` falls under, if any. */
export function mountOf(path: string, mounts: readonly string[]): string | undefined {
  return mounts.filter((m) => path === m || path.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
}
