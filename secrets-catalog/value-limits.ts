// Size limits of the values the CLI writes, checked before the first write. Sizes are bytes of the
// JSON encoding (what the request carries). The limits sit far below the server's request limit
// (max_request_size, 32 MiB by default in Vault and OpenBao) and far above any real value of the
// catalog (an 8192-bit PKCS#8 PEM is about 6.3 KiB): a value this large is a mistake (a file pasted
// into the wrong field), and catching it here keeps a seed from failing half-way.

/** Largest field value: 64 KiB. */
export const MAX_FIELD_BYTES = 64 * 1024;
/** Largest secret (all its fields together): 128 KiB, so two fields at the field limit are already too much together. */
export const MAX_SECRET_BYTES = 128 * 1024;
/** Largest --values file: 8 MiB (room for many secrets at their limit; it also stops reading an endless stream such as /dev/zero). */
export const MAX_VALUES_FILE_BYTES = 8 * 1024 * 1024;

/** Bytes of a value's JSON encoding. */
export function encodedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** `64 KiB` for a limit. */
export function formatLimit(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/** One problem per field over the field limit: `path field: N bytes, over the limit of ...`; never the value. */
export function fieldSizeProblems(path: string, data: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(data)
    .map(([field, value]) => [field, encodedBytes(value)] as const)
    .filter(([, bytes]) => bytes > MAX_FIELD_BYTES)
    .map(([field, bytes]) => `${path} ${field}: ${bytes} bytes (JSON-encoded), over the limit of ${MAX_FIELD_BYTES} bytes (${formatLimit(MAX_FIELD_BYTES)}) per field`);
}

/** The problem of a secret whose fields together exceed the secret limit, else null. */
export function secretSizeProblem(path: string, data: Readonly<Record<string, unknown>>): string | null {
  const total = encodedBytes(data);
  return total > MAX_SECRET_BYTES ? `${path}: ${total} bytes (JSON-encoded, all fields), over the limit of ${MAX_SECRET_BYTES} bytes (${formatLimit(MAX_SECRET_BYTES)}) per secret` : null;
}

/** Field problems, then the secret's own. */
export function sizeProblems(path: string, data: Readonly<Record<string, unknown>>): string[] {
  const secret = secretSizeProblem(path, data);
  return [...fieldSizeProblems(path, data), ...(secret ? [secret] : [])];
}
