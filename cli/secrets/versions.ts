// `secrets versions <path>`: the versions KV v2 keeps of one catalog secret, from its metadata
// (numbers, creation times, deleted or destroyed); never a value.
import { VaultClient } from '../../vault-api/client';
import { SECRET_CATALOG } from '../../services/catalog';
import { SecretEntry } from '../../secrets-catalog/secret-entry';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { renderTable } from '../table';
import { KV_DEFAULT_MAX_VERSIONS, readMetadata, readMountMaxVersions, SecretMetadata, VersionInfo } from './kv';

/** The catalog entry of a path given on the command line; a usage error listing the paths otherwise. */
export function catalogEntry(logicalPath: string): SecretEntry {
  const entry = SECRET_CATALOG.find((e) => e.path === logicalPath);
  if (!entry) throw new CliError(`<path>: "${logicalPath}" is not a secret of the catalog; expected one of ${SECRET_CATALOG.map((e) => e.path).join(', ')}`, 2);
  return entry;
}

/** The metadata of a catalog secret that must exist. */
export async function existingMetadata(client: VaultClient, mount: string, logicalPath: string): Promise<SecretMetadata> {
  const metadata = await readMetadata(client, mount, logicalPath);
  if (!metadata) throw new CliError(`${logicalPath} does not exist under ${mount}/; create it with \`secrets seed\` first`);
  return metadata;
}

function state(v: VersionInfo, current: number): string {
  const what = v.destroyed ? 'destroyed' : v.deletionTime ? `deleted ${v.deletionTime}` : 'readable';
  return v.version === current ? `current, ${what}` : what;
}

/** How many versions are kept: the secret's own max_versions, else the mount's (0 there = KV v2's default). */
function keepLimit(metadata: SecretMetadata, mountMaxVersions: number | undefined): string {
  if (metadata.maxVersions > 0) return `; this secret keeps at most ${metadata.maxVersions}`;
  if (mountMaxVersions === undefined) return '; older ones beyond the mount\'s max_versions are removed';
  return `; the mount keeps at most ${mountMaxVersions || KV_DEFAULT_MAX_VERSIONS}${mountMaxVersions === 0 ? ' (the default)' : ''}`;
}

/** One line of summary and a table, newest version first. */
export function printVersions(io: CliIo, logicalPath: string, metadata: SecretMetadata, mountMaxVersions?: number): void {
  const limit = keepLimit(metadata, mountMaxVersions);
  io.out(`${logicalPath}: current version ${metadata.currentVersion}, ${metadata.versions.length} version(s) kept${limit}`);
  const rows = [...metadata.versions].reverse().map((v) => [String(v.version), v.createdTime, state(v, metadata.currentVersion)]);
  io.out(renderTable(['VERSION', 'CREATED', 'STATE'], rows));
}

export async function runVersions(client: VaultClient, io: CliIo, opts: { mount: string; path: string }): Promise<SecretMetadata> {
  catalogEntry(opts.path);
  const metadata = await existingMetadata(client, opts.mount, opts.path);
  printVersions(io, opts.path, metadata, await readMountMaxVersions(client, opts.mount));
  return metadata;
}
