// What an operator (and later `ops doctor`) needs to know about a PEM certificate: who it names,
// which addresses it is valid for, when it expires and whether it was issued by a given CA.
// node:crypto's X509Certificate does the parsing and the signature check; nothing here touches a key.
import { X509Certificate } from 'node:crypto';
import { CliError } from '../errors';
import { canonicalIp } from './san';

const DAY_MS = 86_400_000;

/** The facts of one certificate, as data. */
export interface CertificateInfo {
  /** e.g. `CN=127.0.0.1` (Node's one-attribute-per-line form joined with `, `). */
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex, as Node reports it. */
  readonly serialNumber: string;
  /** SHA-256 fingerprint, colon-separated hex. */
  readonly fingerprint256: string;
  /** basicConstraints CA:TRUE. */
  readonly isCa: boolean;
  /** IP address SANs in canonical form (IPv6 compressed, lower case). */
  readonly ipAddresses: readonly string[];
  /** DNS name SANs, lower case. */
  readonly dnsNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whole days from `now` until notAfter (negative once expired). */
  readonly daysToExpiry: number;
  readonly expired: boolean;
  /** e.g. `ECDSA P-256`, `RSA 2048`. */
  readonly keyDescription: string;
  /** Present when a CA was given: the certificate names it as issuer and its signature verifies with the CA's key. */
  readonly chainsToCa?: boolean;
}

/** Parses one PEM certificate; `what` names the file or flag in the error (a usage error, exit 2). */
export function parseCertificate(pem: string | Buffer, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new CliError(`${what} is not a PEM certificate`, 2);
  }
}

/** True when `ca` issued `cert`: issuer/subject (and key identifiers) match and the signature verifies with the CA's public key. */
export function chainsTo(cert: X509Certificate, ca: X509Certificate): boolean {
  return ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** The SANs of a certificate, split by kind. Node quotes values with unusual characters; those are unquoted. */
export function subjectAltNames(cert: X509Certificate): { ipAddresses: string[]; dnsNames: string[] } {
  const ipAddresses: string[] = [];
  const dnsNames: string[] = [];
  const text = cert.subjectAltName ?? '';
  // Entries are "<kind>:<value>" joined by ", "; split only where a new kind starts.
  for (const entry of text.split(/, (?=[A-Za-z][A-Za-z ]*:)/)) {
    const colon = entry.indexOf(':');
    if (colon < 0) continue;
    const kind = entry.slice(0, colon);
    const raw = entry.slice(colon + 1);
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (kind === 'IP Address') ipAddresses.push(canonicalIp(value));
    else if (kind === 'DNS') dnsNames.push(value.toLowerCase());
  }
  return { ipAddresses, dnsNames };
}

function describeKey(cert: X509Certificate): string {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[details.namedCurve ?? ''] ?? details.namedCurve;
    return `ECDSA ${curve}`;
  }
  if (key.asymmetricKeyType === 'rsa') return `RSA ${details.modulusLength}`;
  return String(key.asymmetricKeyType);
}

/** Inspects a certificate; with `ca`, also whether it chains to that CA. `now` is injectable for expiry checks. */
export function inspectCertificate(cert: X509Certificate, opts: { ca?: X509Certificate; now?: Date } = {}): CertificateInfo {
  const now = opts.now ?? new Date();
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  return {
    subject: cert.subject.split('\n').join(', '),
    issuer: cert.issuer.split('\n').join(', '),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    isCa: cert.ca,
    ...subjectAltNames(cert),
    notBefore,
    notAfter,
    daysToExpiry: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
    expired: notAfter.getTime() <= now.getTime(),
    keyDescription: describeKey(cert),
    ...(opts.ca ? { chainsToCa: chainsTo(cert, opts.ca) } : {}),
  };
}

/** SANs as openssl writes them, e.g. `IP:127.0.0.1, DNS:vault.internal`. */
export function formatSans(info: Pick<CertificateInfo, 'ipAddresses' | 'dnsNames'>): string {
  return [...info.ipAddresses.map((ip) => `IP:${ip}`), ...info.dnsNames.map((d) => `DNS:${d}`)].join(', ');
}
