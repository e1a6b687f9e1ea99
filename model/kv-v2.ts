// The KV version 2 HTTP API under a mount: every logical secret path is reached through one of
// these prefixes (`secret/data/<path>`, `secret/metadata/<path>`, ...); a policy path under a KV v2
// mount without one matches nothing useful.

export const KV_V2_API_PREFIXES = ['data', 'metadata', 'delete', 'undelete', 'destroy', 'subkeys', 'config'] as const;
export type KvV2ApiPrefix = (typeof KV_V2_API_PREFIXES)[number];

/** `<mount>/<prefix>/<logical path>` */
export function kvV2ApiPath(mount: string, prefix: Exclude<KvV2ApiPrefix, 'config'>, logicalPath: string): string {
  return `${mount}/${prefix}/${logicalPath}`;
}

/** The API prefix of a path under `mount` (`data` for `secret/data/x`), if it is one. */
export function kvV2PrefixOf(mount: string, path: string): KvV2ApiPrefix | undefined {
  if (!path.startsWith(`${mount}/`)) return undefined;
  const first = path.slice(mount.length + 1).split('/')[0];
  return (KV_V2_API_PREFIXES as readonly string[]).includes(first) ? (first as KvV2ApiPrefix) : undefined;
}
