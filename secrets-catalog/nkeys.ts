// NATS NKEYS: ed25519 keys encoded as base32(prefix bytes + key + CRC16-XMODEM little-endian).
// A seed carries two prefix bytes: 'S' (seed) and the key type ('A' account, 'U' user, ...).
import { createPrivateKey, createPublicKey, randomBytes, KeyObject } from 'node:crypto';
import { base32Decode, base32Encode } from './base32';
import { crc16Xmodem } from './crc16';

/** Prefix bytes of the NKEYS key types (the first base32 character of the encoded key). */
export const NKEY_TYPES = {
  account: 0, // 'A'
  cluster: 2 << 3, // 'C'
  server: 13 << 3, // 'N'
  operator: 14 << 3, // 'O'
  user: 20 << 3, // 'U'
} as const;
export type NkeyType = keyof typeof NKEY_TYPES;

const PREFIX_BYTE_SEED = 18 << 3; // 'S'
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Why an encoded seed is not valid, in words that never include the seed. */
export class NkeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NkeyError';
  }
}

function withChecksum(payload: Uint8Array): Uint8Array {
  const crc = crc16Xmodem(payload);
  return Uint8Array.from([...payload, crc & 0xff, crc >> 8]);
}

/** Encodes a 32-byte ed25519 seed as an NKEYS seed of the given type (`SA…` for an account). */
export function encodeSeed(type: NkeyType, rawSeed: Uint8Array): string {
  if (rawSeed.length !== 32) throw new NkeyError(`an NKEYS seed holds 32 bytes, got ${rawSeed.length}`);
  const t = NKEY_TYPES[type];
  return base32Encode(withChecksum(Uint8Array.from([PREFIX_BYTE_SEED | (t >> 5), (t & 31) << 3, ...rawSeed])));
}

/** Decodes an NKEYS seed: checks alphabet, length, checksum and the seed prefix; returns its type and the 32 raw bytes. */
export function decodeSeed(encoded: string): { type: NkeyType; rawSeed: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = base32Decode(encoded);
  } catch (e) {
    throw new NkeyError((e as Error).message);
  }
  if (bytes.length !== 36) throw new NkeyError(`wrong length: decodes to ${bytes.length} bytes, an NKEYS seed decodes to 36`);
  const payload = bytes.subarray(0, 34);
  const crc = bytes[34] | (bytes[35] << 8);
  if (crc16Xmodem(payload) !== crc) throw new NkeyError('checksum (CRC16) does not match: the seed is corrupted or mistyped');
  if ((payload[0] & 0xf8) !== PREFIX_BYTE_SEED) throw new NkeyError('not a seed: an NKEYS seed starts with S');
  const typeByte = ((payload[0] & 0x07) << 5) | ((payload[1] & 0xf8) >> 3);
  const type = (Object.keys(NKEY_TYPES) as NkeyType[]).find((k) => NKEY_TYPES[k] === typeByte);
  if (!type) throw new NkeyError(`unknown key type byte ${typeByte}`);
  return { type, rawSeed: Uint8Array.from(payload.subarray(2)) };
}

/** The ed25519 private key object of a 32-byte seed. */
export function ed25519PrivateKeyFromSeed(rawSeed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, rawSeed]), format: 'der', type: 'pkcs8' });
}

/** The encoded public key (`A…` for an account seed) of an encoded seed. */
export function publicKeyOfSeed(encodedSeed: string): string {
  const { type, rawSeed } = decodeSeed(encodedSeed);
  const spki = createPublicKey(ed25519PrivateKeyFromSeed(rawSeed)).export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  return base32Encode(withChecksum(Uint8Array.from([NKEY_TYPES[type], ...raw])));
}

/** A fresh random account seed (`SA…`). */
export function generateAccountSeed(): string {
  return encodeSeed('account', randomBytes(32));
}

/** Null when the text is a valid NKEYS account seed, else the reason (never the text itself). */
export function accountSeedProblem(encoded: string): string | null {
  try {
    const { type } = decodeSeed(encoded);
    if (type !== 'account') return `an account seed (SA…) is required, this is a ${type} seed`;
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
