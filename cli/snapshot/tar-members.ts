// Reads the members of an uncompressed tar archive (POSIX ustar, as Go's archive/tar writes the
// raft snapshot; PAX `path` records honoured). Only regular files are expected: anything else
// (directories, links, devices) makes the archive invalid for a snapshot.
const BLOCK = 512;

/** One regular file of the archive. */
export interface TarMember {
  readonly name: string;
  readonly data: Buffer;
}

/** The archive is not a tar archive, or holds something a snapshot never holds. */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

const text = (b: Buffer) => {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf8');
};

function octal(field: Buffer, what: string, offset: number): number {
  const s = text(field).trim();
  if (!/^[0-7]+$/.test(s)) throw new TarFormatError(`header at byte ${offset}: ${what} "${s}" is not an octal number`);
  return parseInt(s, 8);
}

/** The header checksum: the sum of all header bytes with the checksum field counted as spaces. */
function headerChecksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

/** PAX extended header records ("<len> key=value\n"); only `path` matters here. */
function paxPath(data: Buffer): string | undefined {
  let rest = data.toString('utf8');
  while (rest.length > 0) {
    const m = /^(\d+) /.exec(rest);
    if (!m) return undefined;
    const record = rest.slice(m[0].length, Number(m[1]) - 1);
    rest = rest.slice(Number(m[1]));
    if (record.startsWith('path=')) return record.slice('path='.length);
  }
  return undefined;
}

/** Every regular file in the archive, in order. Throws TarFormatError on anything malformed. */
export function readTarMembers(archive: Buffer): TarMember[] {
  const members: TarMember[] = [];
  let offset = 0;
  let nextName: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return members; // end-of-archive marker
    if (!text(header.subarray(257, 263)).startsWith('ustar')) throw new TarFormatError(`header at byte ${offset} has no ustar magic`);
    if (octal(header.subarray(148, 156), 'checksum', offset) !== headerChecksum(header)) throw new TarFormatError(`header at byte ${offset}: checksum mismatch`);
    const size = octal(header.subarray(124, 136), 'size', offset);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = text(header.subarray(345, 500));
    const name = nextName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarFormatError(`member "${name}" is truncated (${size} bytes declared, ${archive.length - start} present)`);
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    nextName = undefined;
    if (type === 'x') {
      nextName = paxPath(data);
    } else if (type === 'g') {
      // global PAX header: nothing a snapshot needs
    } else if (type === '0' || type === '7') {
      members.push({ name, data: Buffer.from(data) });
    } else {
      throw new TarFormatError(`member "${name}" has tar type "${type}"; a snapshot holds regular files only`);
    }
  }
  throw new TarFormatError('the archive ends without the end-of-archive marker (truncated?)');
}
