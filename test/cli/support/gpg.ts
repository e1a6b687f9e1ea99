// Real OpenPGP custodian keys made with the gpg CLI in a throwaway keyring (GNUPGHOME in a temp dir).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Keyring {
  readonly home: string;
  /** Creates a key (ed25519 + cv25519 encryption subkey) and exports its public key; returns the file. */
  exportNewKey(name: string, opts?: { armor?: boolean }): string;
  /** Decrypts base64 of a binary OpenPGP message (what sys/init returns per share) with the keyring. */
  decryptBase64(b64: string): string;
}

export function makeKeyring(dir: string): Keyring {
  const home = path.join(dir, 'gnupg');
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const gpg = (args: string[], input?: Buffer) =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    home,
    exportNewKey(name, opts = {}) {
      const email = `${name}@hoodcloud.invalid`;
      gpg(['--quick-gen-key', `${name} <${email}>`, 'futuredefault', 'default', 'never']);
      const file = path.join(dir, `${name}.${opts.armor ? 'asc' : 'gpg'}`);
      fs.writeFileSync(file, gpg([...(opts.armor ? ['--armor'] : []), '--export', email]));
      return file;
    },
    decryptBase64(b64) {
      return gpg(['--decrypt'], Buffer.from(b64, 'base64')).toString('utf8').trim();
    },
  };
}
