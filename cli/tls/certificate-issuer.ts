// Makes the CA and server certificates. node:crypto generates the keys; it cannot build X.509
// certificates, so the openssl CLI (`x509 -new`) signs them. openssl reads keys only from files: it
// works in a private temp directory (0700, removed afterwards) that only ever holds the CA key of a
// CA being created and public material. The server's private key is never written there: openssl gets
// its public half (-force_pubkey). Nothing here prints or logs a key.
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from '../errors';
import { KEY_TYPES, KeyType } from './key-types';
import { SubjectAltNames } from './san';

/** A private key and the certificate for it, both PEM. */
export interface KeyAndCertificate {
  readonly keyPem: string;
  readonly certPem: string;
}

/** A CA as openssl uses it to sign: certificate and key files (in a workspace, or in --ca-dir). */
export interface SigningCa {
  readonly certFile: string;
  readonly keyFile: string;
  /** e.g. `sha256`; see key-types.ts signingDigest. */
  readonly digest: string;
}

/** A private temp directory for openssl's input and output files. */
export class Workspace {
  private constructor(readonly dir: string) {}

  /** Runs `fn` with a fresh workspace under `parent` and removes it afterwards, whatever happens. */
  static use<T>(fn: (ws: Workspace) => T, parent = os.tmpdir()): T {
    const dir = fs.mkdtempSync(path.join(parent, 'hoodcloud-openssl-'));
    fs.chmodSync(dir, 0o700);
    try {
      return fn(new Workspace(dir));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Writes a new file (mode 0600) and returns its path. */
  write(name: string, content: string): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
    return file;
  }

  read(name: string): string {
    return fs.readFileSync(path.join(this.dir, name), 'utf8');
  }
}

/** A new key pair of the given type; the private key as PKCS#8 PEM (what Vault/OpenBao and openssl read). */
export function generateKey(type: KeyType): { privateKey: KeyObject; privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: KEY_TYPES[type].namedCurve });
  return {
    privateKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A random positive 128-bit serial number in openssl's hex notation (RFC 5280: at most 20 octets, positive). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return `0x${bytes.toString('hex')}`;
}

/** Runs openssl; a failure is a CliError with openssl's own message (it never contains key material). */
function openssl(what: string, args: readonly string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new CliError('openssl is not installed (not found on PATH); it signs the certificates: install it, e.g. apt-get install openssl');
  }
  if (r.error) throw new CliError(`openssl (${what}) could not run: ${r.error.message}`);
  if (r.status !== 0) {
    const detail = r.stderr.trim().split('\n').slice(0, 3).join(' / ') || '(openssl gave no reason)';
    throw new CliError(`openssl failed to ${what} (exit ${r.status}): ${detail}`);
  }
}

// Certificate extensions (RFC 5280), in an openssl config section of their own: nothing comes from
// the system openssl.cnf. The CA may only sign end-entity certificates (pathlen 0); the server
// certificate is for TLS servers only and lists every address clients dial.
const CA_EXTENSIONS = [
  'basicConstraints = critical, CA:TRUE, pathlen:0',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
];

function serverExtensions(sans: SubjectAltNames): string[] {
  const altNames = [...sans.ipAddresses.map((ip) => `IP:${ip}`), ...sans.dnsNames.map((d) => `DNS:${d}`)].join(', ');
  return [
    'basicConstraints = critical, CA:FALSE',
    // ECDSA keys sign the handshake; they never encipher a key (no keyEncipherment).
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    `subjectAltName = ${altNames}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ];
}

const extensionsFile = (ws: Workspace, name: string, lines: readonly string[]) => ws.write(name, `[ext]\n${lines.join('\n')}\n`);

/** Creates a self-signed CA; its key stays in the workspace file the result names (for signing the server certificate). */
export function createCa(ws: Workspace, opts: { commonName: string; keyType: KeyType; days: number }): KeyAndCertificate & SigningCa {
  const key = generateKey(opts.keyType);
  const keyFile = ws.write('ca.key', key.privatePem);
  const certFile = path.join(ws.dir, 'ca.crt');
  const digest = KEY_TYPES[opts.keyType].digest;
  openssl('create the CA certificate', [
    'x509', '-new', '-key', keyFile, '-subj', `/CN=${opts.commonName}`, '-days', String(opts.days), '-set_serial', randomSerial(),
    '-extfile', extensionsFile(ws, 'ca.ext', CA_EXTENSIONS), '-extensions', 'ext', `-${digest}`, '-out', certFile,
  ]);
  return { keyPem: key.privatePem, certPem: ws.read('ca.crt'), keyFile, certFile, digest };
}

/** The subject common name of the server certificate: its first DNS name, else its first IP (clients use the SANs). */
export function serverCommonName(sans: SubjectAltNames): string {
  return sans.dnsNames[0] ?? sans.ipAddresses[0];
}

/** Issues a server certificate for a new key of `keyType`, signed by `ca`. */
export function issueServerCertificate(ws: Workspace, ca: SigningCa, opts: { sans: SubjectAltNames; keyType: KeyType; days: number }): KeyAndCertificate {
  const key = generateKey(opts.keyType);
  const pubFile = ws.write('server.pub', key.publicPem);
  const certFile = path.join(ws.dir, 'server.crt');
  openssl('issue the server certificate', [
    'x509', '-new', '-force_pubkey', pubFile, '-subj', `/CN=${serverCommonName(opts.sans)}`, '-CA', ca.certFile, '-CAkey', ca.keyFile,
    '-days', String(opts.days), '-set_serial', randomSerial(),
    '-extfile', extensionsFile(ws, 'server.ext', serverExtensions(opts.sans)), '-extensions', 'ext', `-${ca.digest}`, '-out', certFile,
  ]);
  const certPem = ws.read('server.crt');
  // openssl must have certified exactly the key generated here.
  const certified = createPublicKey(certPem).export({ type: 'spki', format: 'pem' }).toString();
  if (certified !== key.publicPem) throw new CliError('openssl issued a certificate for another key than the one generated; nothing was written');
  return { keyPem: key.privatePem, certPem };
}
