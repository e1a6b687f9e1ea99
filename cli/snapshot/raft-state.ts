// Reads `state.bin` of a raft snapshot: the storage entries of the raft FSM, each a protobuf
// StorageEntry { string key = 1; bytes value = 2; } preceded by its varint length. Values are
// barrier-encrypted except a few unencrypted core entries such as the seal configuration, which
// tells how many of the original cluster's unseal shares a restore needs. No value is ever
// returned except that seal configuration (it holds no secret).

/** Storage keys without which a snapshot cannot be unsealed and used. */
export const REQUIRED_STORAGE_KEYS = ['core/seal-config', 'core/keyring'] as const;
const SEAL_CONFIG_KEY = 'core/seal-config';

/** The seal of the cluster the snapshot was taken from (`core/seal-config`). */
export interface SnapshotSealConfig {
  /** e.g. `shamir` */
  readonly type: string;
  readonly shares: number;
  readonly threshold: number;
}

export interface RaftStateSummary {
  readonly entries: number;
  readonly sealConfig: SnapshotSealConfig;
}

export class RaftStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RaftStateError';
  }
}

function readVarint(buf: Buffer, at: number, what: string): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 49; i++) {
    value += (buf[i] & 0x7f) * 2 ** shift;
    if (buf[i] < 0x80) return [value, i + 1];
    shift += 7;
  }
  throw new RaftStateError(`${what} at byte ${at}: truncated or oversized varint`);
}

/** The key and (as a view) the value of one StorageEntry message; unknown fields are skipped. */
function parseEntry(msg: Buffer, base: number): { key?: string; value?: Buffer } {
  const out: { key?: string; value?: Buffer } = {};
  let i = 0;
  while (i < msg.length) {
    const [tag, afterTag] = readVarint(msg, i, 'field tag');
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    i = afterTag;
    if (wire === 0) {
      i = readVarint(msg, i, 'varint field')[1];
    } else if (wire === 2) {
      const [len, start] = readVarint(msg, i, 'field length');
      if (start + len > msg.length) throw new RaftStateError(`storage entry at byte ${base}: field ${field} overruns the entry`);
      const bytes = msg.subarray(start, start + len);
      if (field === 1) out.key = bytes.toString('utf8');
      if (field === 2) out.value = bytes;
      i = start + len;
    } else if (wire === 1 || wire === 5) {
      i += wire === 1 ? 8 : 4;
    } else {
      throw new RaftStateError(`storage entry at byte ${base}: unsupported protobuf wire type ${wire}`);
    }
  }
  if (i !== msg.length) throw new RaftStateError(`storage entry at byte ${base}: fields overrun the entry`);
  return out;
}

function parseSealConfig(value: Buffer): SnapshotSealConfig {
  let json: { type?: unknown; secret_shares?: unknown; secret_threshold?: unknown };
  try {
    json = JSON.parse(value.toString('utf8')) as typeof json;
  } catch {
    throw new RaftStateError(`${SEAL_CONFIG_KEY} is not JSON`);
  }
  const { type, secret_shares: shares, secret_threshold: threshold } = json;
  if (typeof type !== 'string' || !Number.isInteger(shares) || !Number.isInteger(threshold)) {
    throw new RaftStateError(`${SEAL_CONFIG_KEY} lacks type, secret_shares or secret_threshold`);
  }
  return { type, shares: shares as number, threshold: threshold as number };
}

/** Parses the whole of state.bin; throws RaftStateError unless every entry parses and the required keys are present. */
export function readRaftState(state: Buffer): RaftStateSummary {
  const seen = new Set<string>();
  let sealConfig: SnapshotSealConfig | undefined;
  let entries = 0;
  let i = 0;
  while (i < state.length) {
    const [len, start] = readVarint(state, i, 'entry length');
    if (start + len > state.length) throw new RaftStateError(`storage entry at byte ${i} is truncated (${len} bytes declared, ${state.length - start} present)`);
    const entry = parseEntry(state.subarray(start, start + len), i);
    if (entry.key === undefined) throw new RaftStateError(`storage entry at byte ${i} has no key`);
    entries += 1;
    seen.add(entry.key);
    if (entry.key === SEAL_CONFIG_KEY) sealConfig = parseSealConfig(entry.value ?? Buffer.alloc(0));
    i = start + len;
  }
  const missing = REQUIRED_STORAGE_KEYS.filter((k) => !seen.has(k));
  if (missing.length > 0 || !sealConfig) throw new RaftStateError(`no ${missing.join(', ')} among its ${entries} storage entries: not the snapshot of an initialized server`);
  return { entries, sealConfig };
}
