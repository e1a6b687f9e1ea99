// The subject alternative names of the server certificate, from --ip and --dns. Clients verify the
// address they dial against these, so a typo here means a certificate no client accepts: validate
// each value and name the flag and value in the error.
import * as net from 'node:net';
import { CliError } from '../errors';

/** The SANs of a server certificate: canonical IPs and lower-case DNS names, without duplicates. */
export interface SubjectAltNames {
  readonly ipAddresses: readonly string[];
  readonly dnsNames: readonly string[];
}

/** The canonical text of an IP address (IPv6 compressed and lower case), so equal addresses compare equal. */
export function canonicalIp(ip: string): string {
  if (net.isIPv4(ip)) return ip;
  // The WHATWG URL serializer is the standard's canonical IPv6 form (RFC 5952).
  return new URL(`http://[${ip}]`).hostname.slice(1, -1);
}

/** Validates an --ip value: an IPv4 or IPv6 address, no CIDR, no port, no zone. */
export function parseIp(flag: string, value: string): string {
  const v = value.trim();
  if (v.includes('%') || net.isIP(v) === 0) {
    throw new CliError(`${flag}: "${value}" is not an IP address; expected an IPv4 or IPv6 address such as 127.0.0.1 or ::1 (no CIDR, port or zone)`, 2);
  }
  return canonicalIp(v);
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validates a --dns value: a host name of letters, digits and hyphens (RFC 1123), at most 253 characters, no wildcard. */
export function parseDnsName(flag: string, value: string): string {
  const v = value.trim().toLowerCase();
  const expected = 'expected a host name such as vault.internal (letters, digits and hyphens, dot-separated labels of at most 63 characters)';
  if (net.isIP(v) !== 0) throw new CliError(`${flag}: "${value}" is an IP address; pass it with --ip`, 2);
  if (v.startsWith('*')) throw new CliError(`${flag}: "${value}" is a wildcard; name each host the server answers as (wildcards are not issued)`, 2);
  if (v.length === 0 || v.length > 253 || !v.split('.').every((label) => LABEL.test(label)) || /^\d+$/.test(v.split('.').pop() ?? '')) {
    throw new CliError(`${flag}: "${value}" is not a DNS name; ${expected}`, 2);
  }
  return v;
}

/** Validates every --ip and --dns value (first bad one reported) and requires at least one. */
export function parseSubjectAltNames(ips: readonly string[], dnsNames: readonly string[]): SubjectAltNames {
  const ipAddresses = [...new Set(ips.map((ip) => parseIp('--ip', ip)))];
  const names = [...new Set(dnsNames.map((d) => parseDnsName('--dns', d)))];
  if (ipAddresses.length + names.length === 0) {
    throw new CliError('no subject alternative name: pass --ip <address> (e.g. --ip 127.0.0.1, the server\'s bind address) and/or --dns <name>, each repeatable', 2);
  }
  return { ipAddresses, dnsNames: names };
}
