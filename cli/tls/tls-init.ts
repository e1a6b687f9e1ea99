// `tls init`: a new CA and a server certificate signed by it, written once into two directories
// (see tls-files.ts for the layout). Everything is checked and generated in memory first; files are
// written only when all of it succeeded, and never over an existing file.
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Progress } from '../progress';
import { CertificateInfo, chainsTo, formatSans, inspectCertificate, parseCertificate } from './certificate-info';
import { createCa, issueServerCertificate, Workspace } from './certificate-issuer';
import { KEY_TYPES, KeyType } from './key-types';
import { SubjectAltNames } from './san';
import { CA_DIR_MODE, checkDirectory, OUT_DIR_MODE, refuseExistingFiles, TlsPaths, tlsPaths, writeNewFiles } from './tls-files';

export const DEFAULT_CA_NAME = 'HoodCloud Vault CA';

export interface TlsInitOptions {
  readonly outDir: string;
  readonly caDir: string;
  readonly sans: SubjectAltNames;
  readonly keyType: KeyType;
  readonly caDays: number;
  readonly serverDays: number;
  /** Subject CN of the CA. */
  readonly caName: string;
}

export interface TlsInitResult {
  readonly paths: TlsPaths;
  readonly ca: CertificateInfo;
  readonly server: CertificateInfo;
}

/** Validates a --ca-name: a short plain-text common name (it goes into openssl's -subj). */
export function parseCaName(flag: string, text: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/.test(text)) {
    throw new CliError(`${flag}: "${text}" is not a usable CA name; expected 1 to 64 letters, digits, spaces and . _ ( ) -, e.g. "${DEFAULT_CA_NAME}"`, 2);
  }
  return text;
}

export function runTlsInit(io: CliIo, opts: TlsInitOptions): TlsInitResult {
  const progress = new Progress(io, 4);
  progress.next('Checking --out-dir and --ca-dir');
  if (opts.serverDays > opts.caDays) {
    throw new CliError(`--server-lifetime: ${opts.serverDays}d is longer than --ca-lifetime ${opts.caDays}d; a certificate cannot outlive its CA`, 2);
  }
  const paths = tlsPaths(opts.outDir, opts.caDir);
  checkDirectory('--out-dir', opts.outDir);
  checkDirectory('--ca-dir', opts.caDir);
  refuseExistingFiles([paths.serverCert, paths.serverKey, paths.serverCa, paths.caCert, paths.caKey]);

  const label = KEY_TYPES[opts.keyType].label;
  const issued = Workspace.use((ws) => {
    progress.next(`Creating the CA "${opts.caName}" (${label}, ${opts.caDays} days)`);
    const ca = createCa(ws, { commonName: opts.caName, keyType: opts.keyType, days: opts.caDays });
    progress.next(`Issuing the server certificate (${label}, ${opts.serverDays} days) for ${formatSans(opts.sans)}`);
    const server = issueServerCertificate(ws, ca, { sans: opts.sans, keyType: opts.keyType, days: opts.serverDays });
    return { ca, server };
  });
  const caCert = parseCertificate(issued.ca.certPem, 'the new CA certificate');
  const serverCert = parseCertificate(issued.server.certPem, 'the new server certificate');
  if (!chainsTo(serverCert, caCert)) throw new CliError('the new server certificate does not verify against the new CA; nothing was written');

  progress.next('Writing the files (certificates 0644, keys 0600; each once)');
  writeNewFiles(
    [{ dir: paths.caDir, mode: CA_DIR_MODE }, { dir: paths.outDir, mode: OUT_DIR_MODE }],
    [
      { file: paths.caKey, content: issued.ca.keyPem, kind: 'key' },
      { file: paths.caCert, content: issued.ca.certPem, kind: 'certificate' },
      { file: paths.serverKey, content: issued.server.keyPem, kind: 'key' },
      { file: paths.serverCert, content: issued.server.certPem, kind: 'certificate' },
      { file: paths.serverCa, content: issued.ca.certPem, kind: 'certificate' },
    ],
  );
  for (const f of [paths.caCert, paths.caKey, paths.serverCert, paths.serverKey, paths.serverCa]) progress.detail(f);
  return { paths, ca: inspectCertificate(caCert), server: inspectCertificate(serverCert, { ca: caCert }) };
}
