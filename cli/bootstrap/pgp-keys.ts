// Custodians' PGP public keys for sys/init `pgp_keys`: the server wants base64 of the binary key.
// Accepts a binary export (`gpg --export`) or an ASCII-armored one (`gpg --armor --export`).
import * as fs from 'node:fs';
import { CliError } from '../errors';

const ARMOR_BEGIN = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

function dearmor(text: string, file: string): Buffer {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === ARMOR_BEGIN);
  const end = lines.findIndex((l) => l.startsWith('-----END PGP PUBLIC KEY BLOCK-----'));
  if (start < 0 || end < start) throw new CliError(`--pgp-key ${file}: armored key has no END line`, 2);
  let i = start + 1;
  while (i < end && lines[i].trim() !== '') i++; // armor headers end with an empty line
  const body = lines.slice(i + 1, end).filter((l) => !l.startsWith('=')).join('');
  return Buffer.from(body, 'base64');
}

/** Reads one public key file; checks that it starts with a public-key packet (tag 6). */
export function readPgpPublicKey(file: string): string {
  if (!fs.existsSync(file)) throw new CliError(`--pgp-key ${file}: file does not exist`, 2);
  if (!fs.statSync(file).isFile()) throw new CliError(`--pgp-key ${file}: not a file; expected the output of \`gpg --export <id>\``, 2);
  const raw = fs.readFileSync(file);
  const bytes = raw.toString('latin1').includes(ARMOR_BEGIN) ? dearmor(raw.toString('utf8'), file) : raw;
  const first = bytes[0] ?? 0;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  if (!(first & 0x80) || tag !== 6) {
    throw new CliError(`--pgp-key ${file}: not an OpenPGP public key (expected the output of \`gpg --export <id>\` or \`gpg --armor --export <id>\`)`, 2);
  }
  return bytes.toString('base64');
}
