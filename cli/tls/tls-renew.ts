// `tls renew`: a new server key and certificate from the CA in --ca-dir, with the SANs of the current
// certificate (or the ones given), replacing tls.key and tls.crt in --out-dir together (staged
// completely, then renamed). Every check runs before anything is replaced.
import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { CertificateInfo, chainsTo, formatSans, inspectCertificate, parseCertificate } from './certificate-info';
import { issueServerCertificate, Workspace } from './certificate-issuer';
import { KEY_TYPES, KeyType, signingDigest } from './key-types';
import { SubjectAltNames } from './san';
import { checkDirectory, Replacement, replaceTogether, TlsPaths, tlsPaths } from './tls-files';

const DAY_MS = 86_400_000;

export interface TlsRenewOptions {
  readonly outDir: string;
  readonly caDir: string;
  /** New SANs; undefined keeps those of the current certificate. */
  readonly sans?: SubjectAltNames;
  readonly keyType: KeyType;
  readonly serverDays: number;
  /** @default the current time */
  readonly now?: Date;
}

export interface TlsRenewResult {
  readonly paths: TlsPaths;
  readonly ca: CertificateInfo;
  readonly previous?: CertificateInfo;
  readonly server: CertificateInfo;
}

function readCa(paths: TlsPaths, now: Date): { cert: X509Certificate; key: KeyObject } {
  for (const f of [paths.caCert, paths.caKey]) {
    if (!fs.existsSync(f)) throw new CliError(`--ca-dir: "${f}" does not exist; expected the CA that \`tls init\` wrote (ca.crt and ca.key)`, 2);
  }
  const cert = parseCertificate(fs.readFileSync(paths.caCert), `--ca-dir: "${paths.caCert}"`);
  if (!cert.ca) throw new CliError(`--ca-dir: "${paths.caCert}" is not a CA certificate (basicConstraints CA:FALSE)`, 2);
  let key: KeyObject;
  try {
    key = createPrivateKey(fs.readFileSync(paths.caKey));
  } catch {
    throw new CliError(`--ca-dir: "${paths.caKey}" is not an unencrypted PEM private key`, 2);
  }
  if (!cert.checkPrivateKey(key)) throw new CliError(`--ca-dir: "${paths.caKey}" is not the key of "${paths.caCert}"`, 2);
  const info = inspectCertificate(cert, { now });
  if (info.expired) throw new CliError(`--ca-dir: the CA "${paths.caCert}" expired on ${info.notAfter.toISOString()}; create a new CA with \`tls init\``, 2);
  return { cert, key };
}

/** The owner of an existing file, checked to be one this process can give a replacement. */
function ownerToKeep(file: string): { uid: number; gid: number } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const st = fs.statSync(file);
  const me = process.getuid?.();
  if (me !== undefined && me !== 0 && st.uid !== me) {
    throw new CliError(`--out-dir: "${file}" is owned by uid ${st.uid}; run as root or as that user, so that the new file keeps its owner (the server must still read it)`, 2);
  }
  return { uid: st.uid, gid: st.gid };
}

export function runTlsRenew(io: CliIo, opts: TlsRenewOptions): TlsRenewResult {
  const now = opts.now ?? new Date();
  const progress = new Progress(io, 4);
  const paths = tlsPaths(opts.outDir, opts.caDir);

  progress.next(`Reading the CA from ${paths.caDir}`);
  const ca = readCa(paths, now);
  const caInfo = inspectCertificate(ca.cert, { now });
  const serverNotAfter = new Date(now.getTime() + opts.serverDays * DAY_MS);
  if (serverNotAfter > caInfo.notAfter) {
    throw new CliError(`--server-lifetime: ${opts.serverDays}d would outlive the CA (it expires ${caInfo.notAfter.toISOString()}, in ${caInfo.daysToExpiry} days); pass a shorter --server-lifetime or create a new CA`, 2);
  }

  progress.next(`Checking the server's files in ${paths.outDir}`);
  checkDirectory('--out-dir', opts.outDir, { mustExist: true });
  let previous: CertificateInfo | undefined;
  if (fs.existsSync(paths.serverCert)) {
    const current = parseCertificate(fs.readFileSync(paths.serverCert), `--out-dir: "${paths.serverCert}"`);
    previous = inspectCertificate(current, { ca: ca.cert, now });
    if (!previous.chainsToCa) {
      throw new CliError(`--out-dir: "${paths.serverCert}" was not issued by the CA in --ca-dir (${caInfo.subject}); pass the --ca-dir of the CA that clients trust`, 2);
    }
  }
  const sans = opts.sans ?? previous;
  if (!sans) throw new CliError(`--out-dir: "${paths.serverCert}" does not exist, so there are no SANs to keep; pass --ip and/or --dns`, 2);
  let writeServerCa = true;
  if (fs.existsSync(paths.serverCa)) {
    const copy = parseCertificate(fs.readFileSync(paths.serverCa), `--out-dir: "${paths.serverCa}"`);
    if (copy.fingerprint256 !== ca.cert.fingerprint256) {
      throw new CliError(`--out-dir: "${paths.serverCa}" is another CA than "${paths.caCert}"; clients trust that file: pass the matching --ca-dir`, 2);
    }
    writeServerCa = false;
  }
  const keyOwner = ownerToKeep(paths.serverKey);
  const certOwner = ownerToKeep(paths.serverCert);

  const label = KEY_TYPES[opts.keyType].label;
  progress.next(`Issuing a new server certificate (${label}, ${opts.serverDays} days) for ${formatSans(sans)}${opts.sans ? '' : ' (the current SANs)'}`);
  const issued = Workspace.use((ws) =>
    issueServerCertificate(ws, { certFile: paths.caCert, keyFile: paths.caKey, digest: signingDigest(ca.key) }, { sans, keyType: opts.keyType, days: opts.serverDays }),
  );
  const cert = parseCertificate(issued.certPem, 'the new server certificate');
  if (!chainsTo(cert, ca.cert)) throw new CliError('the new server certificate does not verify against the CA; nothing was replaced');

  progress.next(`Replacing ${paths.serverKey} and ${paths.serverCert}`);
  const replacements: Replacement[] = [
    { file: paths.serverKey, content: issued.keyPem, kind: 'key', owner: keyOwner },
    { file: paths.serverCert, content: issued.certPem, kind: 'certificate', owner: certOwner },
  ];
  if (writeServerCa) replacements.push({ file: paths.serverCa, content: fs.readFileSync(paths.caCert, 'utf8'), kind: 'certificate', owner: certOwner });
  try {
    replaceTogether(replacements);
  } catch (e) {
    throw new CliError(`could not stage the new files in --out-dir "${paths.outDir}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was replaced`);
  }
  return { paths, ca: caInfo, previous, server: inspectCertificate(cert, { ca: ca.cert, now }) };
}
