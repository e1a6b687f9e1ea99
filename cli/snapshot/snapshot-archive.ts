// What a raft snapshot file of OpenBao 2.7.2 (`GET sys/storage/raft/snapshot`) must be, checked
// offline: a gzip'd tar archive of
//   meta.json           raft metadata: Version, Index, Term, Size (= length of state.bin), ...
//   state.bin           the storage entries (see raft-state.ts)
//   SHA256SUMS          sha256 of meta.json and state.bin, `<hex>  <name>` per line
//   SHA256SUMS.sealed   the same, encrypted by the cluster's barrier: only a server with the
//                       snapshot's own keys can check it (which is why a restore onto another
//                       cluster needs snapshot-force)
// Only the seal configuration and raft metadata are read out; no value of the archive is reported.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { RaftStateError, readRaftState, SnapshotSealConfig } from './raft-state';
import { readTarMembers, TarFormatError, TarMember } from './tar-members';

export const SUMS_MEMBER = 'SHA256SUMS';
export const SEALED_SUMS_MEMBER = 'SHA256SUMS.sealed';
const META_MEMBER = 'meta.json';
const STATE_MEMBER = 'state.bin';

/** What an intact snapshot file tells without being unsealed. */
export interface SnapshotSummary {
  /** Size of the file. */
  readonly bytes: number;
  /** sha256 of the whole file (hex), as `sha256sum` prints it. */
  readonly sha256: string;
  /** Archive members, in order. */
  readonly members: readonly string[];
  readonly raftIndex: number;
  readonly raftTerm: number;
  /** Storage entries in state.bin. */
  readonly entries: number;
  /** Seal of the original cluster: a restore is unsealed with `threshold` of its `shares`. */
  readonly sealConfig: SnapshotSealConfig;
}

/** The file is not an intact raft snapshot; the message says what is wrong (never any content). */
export class SnapshotFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFileError';
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function parseSums(sums: Buffer): Map<string, string> {
  const byName = new Map<string, string>();
  for (const line of sums.toString('utf8').split('\n').filter((l) => l !== '')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new SnapshotFileError(`${SUMS_MEMBER} has a line that is not "<sha256>  <name>"`);
    byName.set(m[2], m[1]);
  }
  return byName;
}

/** Every member but the two checksum files is listed in SHA256SUMS with a matching hash, and meta.json and state.bin are among them. */
function verifySums(members: readonly TarMember[]): void {
  const sums = members.find((m) => m.name === SUMS_MEMBER);
  if (!sums) throw new SnapshotFileError(`the archive has no ${SUMS_MEMBER}`);
  if (!members.some((m) => m.name === SEALED_SUMS_MEMBER && m.data.length > 0)) throw new SnapshotFileError(`the archive has no ${SEALED_SUMS_MEMBER}`);
  const listed = parseSums(sums.data);
  for (const required of [META_MEMBER, STATE_MEMBER]) {
    if (!listed.has(required)) throw new SnapshotFileError(`${SUMS_MEMBER} does not list ${required}`);
  }
  for (const [name, hash] of listed) {
    const member = members.find((m) => m.name === name);
    if (!member) throw new SnapshotFileError(`${SUMS_MEMBER} lists ${name}, which the archive lacks`);
    if (sha256(member.data) !== hash) throw new SnapshotFileError(`${name} does not match its sha256 in ${SUMS_MEMBER} (corrupted)`);
  }
  const unlisted = members.filter((m) => m.name !== SUMS_MEMBER && m.name !== SEALED_SUMS_MEMBER && !listed.has(m.name));
  if (unlisted.length > 0) throw new SnapshotFileError(`${unlisted.map((m) => m.name).join(', ')} not covered by ${SUMS_MEMBER}`);
}

function readMeta(meta: Buffer, stateSize: number): { index: number; term: number } {
  let json: { Version?: unknown; Index?: unknown; Term?: unknown; Size?: unknown };
  try {
    json = JSON.parse(meta.toString('utf8')) as typeof json;
  } catch {
    throw new SnapshotFileError(`${META_MEMBER} is not JSON`);
  }
  for (const field of ['Version', 'Index', 'Term', 'Size'] as const) {
    if (!Number.isInteger(json[field])) throw new SnapshotFileError(`${META_MEMBER} has no integer ${field}`);
  }
  if (json.Size !== stateSize) throw new SnapshotFileError(`${META_MEMBER} says state.bin has ${String(json.Size)} bytes; it has ${stateSize}`);
  return { index: json.Index as number, term: json.Term as number };
}

/** Checks a snapshot file's bytes completely; throws SnapshotFileError naming the first problem. */
export function inspectSnapshot(file: Buffer): SnapshotSummary {
  let tar: Buffer;
  try {
    tar = gunzipSync(file);
  } catch (e) {
    throw new SnapshotFileError(`not a gzip stream (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let members: TarMember[];
  try {
    members = readTarMembers(tar);
  } catch (e) {
    if (e instanceof TarFormatError) throw new SnapshotFileError(`not a valid tar archive: ${e.message}`);
    throw e;
  }
  const names = members.map((m) => m.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new SnapshotFileError(`the archive holds ${duplicate} twice`);
  verifySums(members);
  const state = members.find((m) => m.name === STATE_MEMBER)!.data;
  const meta = readMeta(members.find((m) => m.name === META_MEMBER)!.data, state.length);
  let raft;
  try {
    raft = readRaftState(state);
  } catch (e) {
    if (e instanceof RaftStateError) throw new SnapshotFileError(`${STATE_MEMBER}: ${e.message}`);
    throw e;
  }
  return {
    bytes: file.length,
    sha256: sha256(file),
    members: names,
    raftIndex: meta.index,
    raftTerm: meta.term,
    entries: raft.entries,
    sealConfig: raft.sealConfig,
  };
}

/** One line for the operator: size, checksum, raft position, and what unsealing a restore takes. */
export function describeSnapshot(s: SnapshotSummary): string[] {
  return [
    `${s.bytes} bytes, sha256 ${s.sha256}`,
    `raft index ${s.raftIndex} (term ${s.raftTerm}), ${s.entries} storage entries, members ${s.members.join(', ')}`,
    `sealed by its cluster's ${s.sealConfig.type} seal: a restore is unsealed with ${s.sealConfig.threshold} of that cluster's ${s.sealConfig.shares} unseal shares`,
  ];
}
