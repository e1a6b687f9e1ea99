// The key types `tls init` and `tls renew` generate: ECDSA on the NIST curves every TLS 1.3 client
// and Go's crypto/tls (Vault, OpenBao) support. Small keys, fast handshakes, no RSA padding choices.
import { KeyObject } from 'node:crypto';

export const KEY_TYPES = {
  'ecdsa-p256': { namedCurve: 'prime256v1', digest: 'sha256', label: 'ECDSA P-256' },
  'ecdsa-p384': { namedCurve: 'secp384r1', digest: 'sha384', label: 'ECDSA P-384' },
} as const;

export type KeyType = keyof typeof KEY_TYPES;

export const KEY_TYPE_NAMES = Object.keys(KEY_TYPES) as KeyType[];

/** The digest a CA signs with: SHA-384 for a P-384 key (matching strength), SHA-256 otherwise. */
export function signingDigest(caKey: KeyObject): string {
  return caKey.asymmetricKeyDetails?.namedCurve === KEY_TYPES['ecdsa-p384'].namedCurve ? 'sha384' : 'sha256';
}
