// The listener's certificate as clients meet it: does it verify against the CA they are given
// (--ca-cert / VAULT_CACERT), is it (and that CA) far enough from expiry, and does it name the host
// they dial? The facts come from cli/tls/certificate-info.ts; this module only judges them.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { formatSeconds } from '../../model/duration';
import { PROD } from '../../stacks/environments';
import { CertificateInfo, chainsTo, formatSans, inspectCertificate } from '../tls/certificate-info';
import { CheckRow, DoctorCheck, ListenerContext, OPS, row } from './check';

/** What the TLS rows are made from (plain data, so the judgement is testable without a server). */
export type TlsFacts =
  | { readonly kind: 'http' }
  | { readonly kind: 'unreachable'; readonly error: string }
  | {
      readonly kind: 'https';
      /** The host of --address, as clients dial it. */
      readonly host: string;
      readonly leaf: CertificateInfo;
      /** Where the trusted CA came from (`--ca-cert "<file>"`), or undefined for the system CAs. */
      readonly caSource?: string;
      readonly ca?: CertificateInfo;
      /** The leaf (through any intermediates it presented) is signed by the trusted CA. */
      readonly chainVerified: boolean;
      /** OpenSSL's verdict when checking against the system CAs. */
      readonly verifyError?: string;
      /** The host is one of the leaf's subject alternative names. */
      readonly hostInSan: boolean;
    };

const RENEW = `${OPS} tls renew --out-dir <tls dir> --ca-dir <ca dir>`;
const RELOAD = `then reload the server (SIGHUP; a prod-server node mounts the TLS directory: docker kill --signal=HUP <node id, e.g. ${PROD.server.nodes[0].id}>)`;

/** True when `leaf`, through the certificates presented after it, is signed by `ca`. */
export function verifiesAgainst(chain: readonly X509Certificate[], ca: X509Certificate): boolean {
  const [leaf, ...rest] = chain;
  if (!leaf) return false;
  let current = leaf;
  for (const next of rest.filter((c) => c.fingerprint256 !== ca.fingerprint256)) {
    if (chainsTo(current, ca)) return true;
    if (!chainsTo(current, next)) return false;
    current = next;
  }
  return chainsTo(current, ca);
}

/** The host is named by an IP or DNS subject alternative name (the subject's CN is not consulted, as clients no longer do). */
export function sanNamesHost(cert: X509Certificate, host: string): boolean {
  return isIP(host) ? cert.checkIP(host) !== undefined : cert.checkHost(host, { subject: 'never' }) !== undefined;
}

function expiryRow(check: string, subject: string, info: CertificateInfo, now: Date, warnBeforeSeconds: number, fix: string): CheckRow {
  const left = Math.floor((info.notAfter.getTime() - now.getTime()) / 1000);
  const when = info.notAfter.toISOString();
  if (info.notBefore.getTime() > now.getTime()) return row.fail(check, subject, `not valid before ${info.notBefore.toISOString()} (clock skew, or issued for later)`, 'check the clocks of this machine and the server (NTP)');
  if (info.expired) return row.fail(check, subject, `expired ${when}`, fix);
  if (left <= warnBeforeSeconds) return row.warn(check, subject, `expires ${when}, in ${formatSeconds(left)} (warning window ${formatSeconds(warnBeforeSeconds)})`, fix);
  return row.ok(check, subject, `expires ${when}, in ${formatSeconds(left)}`);
}

/** Rows for the listener's certificate. */
export function evaluateTls(facts: TlsFacts, now: Date, warnBeforeSeconds: number): CheckRow[] {
  if (facts.kind === 'http') {
    return [row.warn('tls', 'listener', 'the address is plain http: no TLS', 'serve TLS (the prod-server stack with VAULT_TLS_CERT_FILE / VAULT_TLS_KEY_FILE) and pass an https:// --address')];
  }
  if (facts.kind === 'unreachable') {
    return [row.fail('tls', 'listener', `cannot connect: ${facts.error}`, 'start the server; check --address / VAULT_ADDR')];
  }
  const { leaf, host } = facts;
  const rows: CheckRow[] = [];
  const names = `${leaf.subject}, issued by ${leaf.issuer}`;
  if (facts.caSource) {
    rows.push(facts.chainVerified
      ? row.ok('tls-chain', 'server certificate', `${names}; verifies against ${facts.caSource}`)
      : row.fail('tls-chain', 'server certificate', `${names}; does not verify against ${facts.caSource} (${facts.ca?.subject ?? 'CA'})`, `pass the CA that signed it (--ca-cert / VAULT_CACERT), or issue the server certificate from this CA: ${RENEW}`));
  } else {
    rows.push(facts.chainVerified
      ? row.ok('tls-chain', 'server certificate', `${names}; verifies against the system CAs (no --ca-cert / VAULT_CACERT given)`)
      : row.fail('tls-chain', 'server certificate', `${names}; does not verify against the system CAs (${facts.verifyError ?? 'unknown issuer'})`, 'pass the CA that signed it with --ca-cert / VAULT_CACERT'));
  }
  rows.push(expiryRow('tls-expiry', 'server certificate', leaf, now, warnBeforeSeconds, `${RENEW}, ${RELOAD}`));
  if (facts.ca && facts.caSource) {
    rows.push(expiryRow('tls-expiry', `CA certificate (${facts.caSource})`, facts.ca, now, warnBeforeSeconds, `a new CA: ${OPS} tls init into new directories, then give every client the new ca.crt`));
  }
  const sans = formatSans(leaf) || 'none';
  rows.push(facts.hostInSan
    ? row.ok('tls-san', host, `named by the certificate (${sans})`)
    : row.fail('tls-san', host, `the --address host is not among the certificate's subject alternative names (${sans}): clients refuse it`, `${RENEW} ${isIP(host) ? '--ip' : '--dns'} ${host} (repeat --ip/--dns for every address: they replace the SANs), ${RELOAD}`));
  return rows;
}

/** Gathers the facts from the probe and the trusted CA. */
export function tlsFacts(ctx: Pick<ListenerContext, 'address' | 'caPem' | 'caSource' | 'probe' | 'now'>): TlsFacts {
  const url = new URL(ctx.address);
  if (url.protocol !== 'https:') return { kind: 'http' };
  if (!ctx.probe.reachable) return { kind: 'unreachable', error: ctx.probe.error };
  const chain = ctx.probe.certificates ?? [];
  if (chain.length === 0) return { kind: 'unreachable', error: 'the listener presented no certificate' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const caCert = ctx.caPem ? new X509Certificate(ctx.caPem) : undefined;
  return {
    kind: 'https',
    host,
    leaf: inspectCertificate(chain[0], { now: ctx.now }),
    ...(caCert ? { caSource: ctx.caSource ?? 'the given CA', ca: inspectCertificate(caCert, { now: ctx.now }) } : {}),
    chainVerified: caCert ? verifiesAgainst(chain, caCert) : ctx.probe.tlsVerifyError === undefined,
    ...(ctx.probe.tlsVerifyError ? { verifyError: ctx.probe.tlsVerifyError } : {}),
    hostInSan: sanNamesHost(chain[0], host),
  };
}

export const tlsCertificateCheck: DoctorCheck = {
  id: 'tls',
  title: 'TLS certificate of the listener (chain, expiry, SAN)',
  needs: 'listener',
  run: (ctx: ListenerContext) => evaluateTls(tlsFacts(ctx), ctx.now, ctx.options.certWarnBeforeSeconds),
};
