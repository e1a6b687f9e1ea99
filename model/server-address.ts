// The address a client uses for a Vault server: a scheme, a host and an optional port, nothing else
// (no credentials, path, query or fragment, which would be written verbatim into the stacks).

export interface ServerAddress {
  readonly scheme: 'http' | 'https';
  /** Host as written in a URL (IPv6 in brackets). */
  readonly host: string;
  readonly port?: number;
  /** `https://host:port` */
  readonly text: string;
}

export type ServerAddressParse = { readonly address: ServerAddress; readonly problem?: undefined } | { readonly address?: undefined; readonly problem: string };

export function parseServerAddress(text: string): ServerAddressParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'is not a URL; expected e.g. https://127.0.0.1:8200' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `uses ${url.protocol}; expected an http:// or https:// URL` };
  if (url.username || url.password) return { problem: 'carries credentials; an address is scheme, host and port only (tokens come from VAULT_TOKEN at deploy time)' };
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(text)) return { problem: 'has a path, query or fragment; an address is scheme, host and port only, e.g. https://127.0.0.1:8200' };
  if (!/^[a-z]+:\/\/[^/]+\/?$/i.test(text.trim())) return { problem: 'is not of the form scheme://host[:port]' };
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? undefined : Number(url.port);
  return { address: { scheme, host: url.hostname, port, text: `${scheme}://${url.host}` } };
}
