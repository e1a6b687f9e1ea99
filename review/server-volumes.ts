// Blocking rules for the Docker volumes of a production server stack: removing or replacing a
// `docker_volume` destroys what it holds (the provider force-removes it: raft data, audit log), and
// moving or dropping its mount in the container makes the server write somewhere else (the image
// declares /vault/file and /vault/logs as anonymous volumes), so the data on it is no longer used.
import { Finding, ResourceChange } from './report-model';
import { SynthStack } from './stack-loader';
import { isJsonObject } from '../terraform-json/json-object';

/** One named volume mounted into a container: `docker_container.volumes[]` with a `volume_name`. */
export interface VolumeMount {
  readonly container: string;
  readonly volume: string;
  readonly containerPath: string;
}


/** Trailing slashes do not change where Docker mounts a volume. */
function normalPath(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/** Named-volume mounts of every container of a stack (references to the volume's name are resolved by the loader). */
export function volumeMounts(stack: SynthStack | undefined): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const r of stack?.resources ?? []) {
    if (r.type !== 'docker_container') continue;
    const container = typeof r.attributes.name === 'string' ? r.attributes.name : r.logicalId;
    const volumes = Array.isArray(r.attributes.volumes) ? r.attributes.volumes : [];
    for (const v of volumes) {
      if (isJsonObject(v) && typeof v.volume_name === 'string' && typeof v.container_path === 'string') {
        out.push({ container, volume: v.volume_name, containerPath: normalPath(v.container_path) });
      }
    }
  }
  return out;
}

function volumeNames(stack: SynthStack | undefined): Set<string> {
  return new Set((stack?.resources ?? []).filter((r) => r.type === 'docker_volume' && typeof r.attributes.name === 'string').map((r) => String(r.attributes.name)));
}

/** The raft storage paths of the server configs uploaded into the stack's containers (JSON configs only). */
function raftPaths(stack: SynthStack | undefined): string[] {
  const out: string[] = [];
  for (const r of stack?.resources ?? []) {
    if (r.type !== 'docker_container' || !Array.isArray(r.attributes.upload)) continue;
    for (const u of r.attributes.upload) {
      if (!isJsonObject(u) || typeof u.content !== 'string') continue;
      try {
        const cfg = JSON.parse(u.content) as unknown;
        const raft = isJsonObject(cfg) && isJsonObject(cfg.storage) && isJsonObject(cfg.storage.raft) ? cfg.storage.raft.path : undefined;
        if (typeof raft === 'string') out.push(normalPath(raft));
      } catch {
        // not a JSON server config (HCL or another file): nothing to learn from it
      }
    }
  }
  return out;
}

/** `file_path` of every file audit device in the given (config) stacks. */
function auditFiles(stacks: ReadonlyArray<SynthStack | undefined>): string[] {
  const out: string[] = [];
  for (const s of stacks) {
    for (const r of s?.resources ?? []) {
      const options = r.attributes.options;
      if (r.type === 'vault_audit' && isJsonObject(options) && typeof options.file_path === 'string') out.push(options.file_path);
    }
  }
  return out;
}

function under(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir === '/' ? '/' : `${dir}/`);
}

/**
 * The paths the official Vault image declares as volumes for state (its Dockerfile: `/vault/file` for
 * file/raft storage, `/vault/logs` for audit logs): state is assumed there when no config says otherwise.
 */
const IMAGE_STATE_PATHS: Readonly<Record<string, string>> = { '/vault/file': 'data at the image\'s storage path', '/vault/logs': 'data at the image\'s log path' };

/**
 * What a volume holds that the server cannot rebuild, from where it is mounted: `raft storage` (the
 * raft path of the uploaded server config lies on it), `audit log` (a file audit device of the
 * environment writes on it), else the image's own state paths. Empty: nothing lost with it (e.g.
 * the config volume, rewritten from the stack on every container create).
 */
function holds(mounts: readonly VolumeMount[], raft: readonly string[], audit: readonly string[]): string[] {
  const what = new Set<string>();
  for (const m of mounts) {
    if (raft.some((p) => under(p, m.containerPath))) what.add('raft storage');
    if (audit.some((p) => under(p, m.containerPath))) what.add('audit log');
  }
  if (what.size === 0) for (const m of mounts) if (IMAGE_STATE_PATHS[m.containerPath]) what.add(IMAGE_STATE_PATHS[m.containerPath]);
  return [...what];
}

function describe(mounts: readonly VolumeMount[], what: readonly string[]): string {
  const where = mounts.map((m) => `"${m.containerPath}" in container "${m.container}"`).join(', ');
  return `mounted at ${where}: ${what.join(', ')}`;
}

/**
 * Findings for one production environment's stacks, for the volumes that hold state (see {@link holds}):
 * `server-volume-removed-or-replaced` when such a docker_volume is removed or replaced,
 * `server-volume-mount-changed` when one that still exists in head is no longer mounted at the same
 * container path.
 */
export function serverVolumeFindings(
  env: string,
  stacks: readonly string[],
  resources: readonly ResourceChange[],
  base: ReadonlyMap<string, SynthStack>,
  head: ReadonlyMap<string, SynthStack>,
): Finding[] {
  const out: Finding[] = [];
  const audit = auditFiles(stacks.map((s) => base.get(s)));
  for (const s of stacks) {
    const b = base.get(s);
    const h = head.get(s);
    const mountsBefore = volumeMounts(b);
    const raft = raftPaths(b);
    for (const r of resources) {
      if (r.stack !== s || r.type !== 'docker_volume' || (r.action !== 'removed' && r.action !== 'replaced')) continue;
      const mine = mountsBefore.filter((m) => m.volume === r.key);
      const what = holds(mine, raft, audit);
      if (what.length === 0) continue; // holds nothing the server cannot rebuild: listed under Resources only
      const how = r.action === 'replaced' ? `replaced (forced by ${r.forcedBy.join(', ')})` : 'removed';
      out.push({ environment: env, rule: 'server-volume-removed-or-replaced', message: `${s}: docker volume "${r.key}" (${describe(mine, what)}) is ${how}: the provider deletes it, and the ${what.join(' and the ')} with it` });
    }
    if (!b || !h) continue;
    const mountsAfter = volumeMounts(h);
    // Without any container in head nothing runs, so nothing is written elsewhere (the removal is listed under Resources).
    if (!h.resources.some((r) => r.type === 'docker_container')) continue;
    const stillThere = volumeNames(h);
    const declared = volumeNames(b);
    for (const m of mountsBefore) {
      if (!declared.has(m.volume) || !stillThere.has(m.volume)) continue; // an unmanaged volume, or one removed (its own finding)
      const now = mountsAfter.filter((x) => x.volume === m.volume);
      if (now.some((x) => x.containerPath === m.containerPath)) continue;
      const what = holds([m], raft, audit);
      if (what.length === 0) continue;
      const label = `docker volume "${m.volume}" (${what.join(', ')})`;
      const change = now.length
        ? `is mounted at ${now.map((x) => `"${x.containerPath}"`).join(', ')} instead of "${m.containerPath}"`
        : `is no longer mounted (was at "${m.containerPath}" in container "${m.container}")`;
      out.push({ environment: env, rule: 'server-volume-mount-changed', message: `${s}: ${label} ${change}: what the server writes to "${m.containerPath}" would go to storage that starts empty and is lost with the container, and what the volume holds would no longer be used` });
    }
  }
  return out;
}
