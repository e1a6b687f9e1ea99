// Errors the operator can act on. Every message names the field, the value (when it is not secret)
// and what was expected; none ever carries a secret.
import { VaultApiError } from '../vault-api/client';
import { ERRNO_REASONS } from './errno-reasons';

/** A failure reported to the operator as is, with an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

/** A one-line description of any error for the operator. VaultApiError never includes request bodies. */
export function describeError(e: unknown): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof VaultApiError) {
    const hint =
      e.status === 403 ? ' (permission denied: check the token or AppRole credentials and their policy)'
      : e.status === 503 ? ' (the server is sealed or not initialized: run `unseal` or `bootstrap`)'
      : '';
    return `Vault refused ${e.message}${hint}`;
  }
  const err = e as NodeJS.ErrnoException;
  const where = err && typeof (err as { address?: unknown }).address === 'string' ? ` at ${hostPortOf(err)}` : '';
  if (err && err.code === 'ECONNREFUSED') return `cannot connect to the Vault server${where} (connection refused: nothing listens there); check --address / VAULT_ADDR and that the server is up`;
  if (err && err.code === 'ETIMEDOUT') return `cannot connect to the Vault server${where} (timed out); check --address / VAULT_ADDR and the network`;
  // https:// to a plain-http listener: OpenSSL reads HTTP as a bad TLS record.
  if (err && (err.code === 'EPROTO' || err.code === 'ERR_SSL_WRONG_VERSION_NUMBER')) {
    return 'the server did not answer TLS (is it an http:// listener?); check the scheme of --address / VAULT_ADDR';
  }
  if (err && (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')) return `cannot resolve the server's host name (${err.code === 'ENOTFOUND' ? 'not found' : 'DNS lookup failed'}); check --address / VAULT_ADDR`;
  if (err && (err.code === 'ECONNRESET' || err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH')) {
    return `the connection to the Vault server failed (${err.code === 'ECONNRESET' ? 'reset by the peer' : 'host unreachable'}); check --address / VAULT_ADDR and that the server is up`;
  }
  if (err && typeof err.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code)) {
    return `TLS verification failed (${err.code}); pass the CA certificate that signed the server certificate with --ca-cert / VAULT_CACERT`;
  }
  // A file operation no command turned into its own message: still the path and the reason in words.
  if (err && typeof err.code === 'string' && ERRNO_REASONS[err.code] && typeof err.path === 'string') {
    return `cannot ${err.syscall ?? 'use'} "${err.path}": ${ERRNO_REASONS[err.code]}`;
  }
  return err instanceof Error ? err.message : String(e);
}

/** `host:port` of a failed connection (IPv6 in brackets). */
function hostPortOf(err: NodeJS.ErrnoException): string {
  const { address, port } = err as { address?: string; port?: number };
  const host = address && address.includes(':') ? `[${address}]` : address;
  return port ? `${host}:${port}` : String(host);
}
