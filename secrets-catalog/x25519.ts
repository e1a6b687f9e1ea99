// X25519 keypairs for sealed-box encryption, as base64 of the raw 32-byte keys. Raw keys come out of
// node:crypto as JWK (RFC 8037: `d` private, `x` public, base64url). A raw private key goes in as
// PKCS#8 instead: a JWK private key must carry its public half `x` too, and from Node 24 on
// node:crypto checks `x` against `d`, so it cannot derive `x` from `d` alone.
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';

export interface X25519KeyPair {
  /** base64 of the 32-byte private key */
  readonly privateKey: string;
  /** base64 of the 32-byte public key */
  readonly publicKey: string;
}

/** Decodes strict base64 of exactly 32 bytes; throws with a reason that never includes the text. */
export function decodeKey32(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw new Error('not base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new Error(`decodes to ${bytes.length} bytes, 32 expected`);
  return bytes;
}

// PKCS#8 of an X25519 private key (RFC 8410 section 7) is this fixed header, then the 32 key bytes:
// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.110 (X25519) }, OCTET STRING { OCTET STRING (32) } }.
const PKCS8_X25519_HEADER = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** The raw keys of a key object, base64 (a public key object has no `d`). */
function rawKeys(key: KeyObject): { d: string; x: string } {
  const jwk = key.export({ format: 'jwk' });
  return { d: Buffer.from(String(jwk.d ?? ''), 'base64url').toString('base64'), x: Buffer.from(String(jwk.x), 'base64url').toString('base64') };
}

/** The base64 public key of a base64 X25519 private key. */
export function x25519PublicKeyOf(privateKeyB64: string): string {
  const der = Buffer.concat([PKCS8_X25519_HEADER, decodeKey32(privateKeyB64)]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return rawKeys(createPublicKey(key)).x;
}

/** A fresh X25519 keypair; the public key derives from the private key. */
export function generateX25519KeyPair(): X25519KeyPair {
  const { d, x } = rawKeys(generateKeyPairSync('x25519').privateKey);
  return { privateKey: d, publicKey: x };
}
