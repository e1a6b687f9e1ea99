// One connection to the server's listener, made only to look at it: the certificates it presents
// (accepted whatever they are, so doctor can say what is wrong with them instead of failing on
// them) and the source address this machine uses towards the server (the default --host).
import * as net from 'node:net';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { describeError } from '../errors';

export type ListenerProbe =
  | {
      readonly reachable: true;
      /** The local address of the connection, e.g. `127.0.0.1`. */
      readonly localAddress: string;
      /** Present for https: the leaf first, then what the server sent or the trust store completed. */
      readonly certificates?: readonly X509Certificate[];
      /** OpenSSL's own verdict on the chain against the trusted CAs (system CAs when no CA is given). */
      readonly tlsVerifyError?: string;
    }
  | { readonly reachable: false; readonly error: string };

/** The certificate chain as Node reports it, leaf first, each certificate once. */
function chainOf(socket: tls.TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
    c = c.issuerCertificate;
  }
  return out;
}

/** Connects to the address once (TLS when https) and reports what the listener showed. */
export function probeListener(address: string, caPem: string | undefined, timeoutMs = 10_000): Promise<ListenerProbe> {
  const url = new URL(address);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  return new Promise((resolve) => {
    const socket: net.Socket = https
      ? tls.connect({
          host,
          port,
          ...(net.isIP(host) ? {} : { servername: host }),
          ...(caPem ? { ca: caPem } : {}),
          // Look, do not trust: the TLS check judges the chain, the dates and the names itself.
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
        })
      : net.connect({ host, port });
    const done = (probe: ListenerProbe) => {
      socket.destroy();
      resolve(probe);
    };
    socket.setTimeout(timeoutMs, () => done({ reachable: false, error: `no answer from ${host}:${port} within ${timeoutMs / 1000}s` }));
    socket.once('error', (e) => done({ reachable: false, error: describeError(e) }));
    socket.once(https ? 'secureConnect' : 'connect', () => {
      const localAddress = socket.localAddress ?? '';
      if (!https) return done({ reachable: true, localAddress });
      const t = socket as tls.TLSSocket;
      done({ reachable: true, localAddress, certificates: chainOf(t), ...(t.authorizationError ? { tlsVerifyError: String(t.authorizationError) } : {}) });
    });
  });
}
