// NATS NKEYS account seeds, through the NATS project's own library (@nats-io/nkeys): the payment
// service signs its users' JWTs with this seed.
import { createAccount, fromSeed, NKeysError } from '@nats-io/nkeys';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

/** A fresh random account seed (`SA…`). */
export function generateAccountSeed(): string {
  return text(createAccount().getSeed());
}

/** The public key (`A…` for an account) of an encoded seed; throws on an invalid seed. */
export function publicKeyOfSeed(seed: string): string {
  return fromSeed(bytes(seed)).getPublicKey();
}

/** Null when the text is a valid NKEYS account seed, else the reason (never the text itself). */
export function accountSeedProblem(seed: string): string | null {
  let publicKey: string;
  try {
    publicKey = fromSeed(bytes(seed)).getPublicKey();
  } catch (e) {
    // The library's messages name the defect (checksum, prefix, length), never the seed.
    return e instanceof NKeysError ? e.message.replace(/^nkeys: /, '') : 'not an NKEYS seed';
  }
  if (!publicKey.startsWith('A')) return `an account seed (SA…) is required, this one is for a ${publicKey[0] === 'U' ? 'user' : `key of type ${publicKey[0]}`}`;
  return null;
}
