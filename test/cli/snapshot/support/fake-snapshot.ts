// Snapshot-shaped archives for unit tests, built like OpenBao builds them (a varint-delimited
// stream of protobuf StorageEntry messages in state.bin, meta.json, SHA256SUMS, a sealed sums file)
// but archived by the system's GNU tar, an implementation independent of the reader under test.
// Real snapshots of a real server are checked in test/e2e/snapshot-drill.test.ts.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

const field = (num: number, bytes: Buffer) => Buffer.concat([varint(num * 8 + 2), varint(bytes.length), bytes]);

/** state.bin from storage entries. */
export function encodeState(entries: ReadonlyArray<readonly [string, Buffer | string]>): Buffer {
  return Buffer.concat(entries.map(([key, value]) => {
    const msg = Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))]);
    return Buffer.concat([varint(msg.length), msg]);
  }));
}

export const sealConfigJson = (shares: number, threshold: number) =>
  JSON.stringify({ type: 'shamir', secret_shares: shares, secret_threshold: threshold, pgp_keys: null, nonce: '', backup: false });

/** The storage entries of an initialized server (values random: they stand for barrier-encrypted data). */
export function initializedState(shares = 5, threshold = 3): Array<[string, Buffer | string]> {
  return [
    ['core/audit', randomBytes(80)],
    ['core/keyring', randomBytes(120)],
    ['core/seal-config', sealConfigJson(shares, threshold)],
    ['core/shamir-kek', randomBytes(60)],
    ['logical/0c1d/hoodcloud/control-plane/database', randomBytes(300)],
  ];
}

export interface FakeSnapshotOptions {
  state?: Buffer;
  meta?: Record<string, unknown> | string;
  /** Replaces SHA256SUMS. */
  sums?: string;
  /** Members left out of the archive. */
  omit?: string[];
  /** Extra members. */
  extra?: Record<string, Buffer | string>;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The gzip'd tar archive as bytes. */
export function fakeSnapshot(o: FakeSnapshotOptions = {}): Buffer {
  const state = o.state ?? encodeState(initializedState());
  const meta = typeof o.meta === 'string' ? o.meta : JSON.stringify({ Version: 1, ID: 'bolt-snapshot', Index: 42, Term: 3, Peers: null, Size: state.length, ...o.meta });
  const sums = o.sums ?? `${sha(meta)}  meta.json\n${sha(state)}  state.bin\n`;
  const members: Record<string, Buffer | string> = { 'meta.json': meta, 'state.bin': state, SHA256SUMS: sums, 'SHA256SUMS.sealed': randomBytes(185), ...o.extra };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoodcloud-fake-snapshot-'));
  try {
    const names = Object.keys(members).filter((n) => !(o.omit ?? []).includes(n));
    for (const n of names) fs.writeFileSync(path.join(dir, n), members[n], { mode: 0o600 });
    execFileSync('tar', ['--format=ustar', '-czf', path.join(dir, 'out.tgz'), '-C', dir, ...names]);
    return fs.readFileSync(path.join(dir, 'out.tgz'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
