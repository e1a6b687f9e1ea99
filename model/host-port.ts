// `host:port` for listeners and URLs: IPv6 addresses go in brackets (`[::1]:8200`).
import { isIP } from 'node:net';

export function hostPort(address: string, port: number): string {
  return `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}
