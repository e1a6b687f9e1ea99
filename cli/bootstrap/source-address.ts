// The address this host's connections to the server leave from: what the server sees as the client
// address (and checks CIDR bindings against) when no proxy stands between them.
import * as net from 'node:net';

/** Opens a TCP connection to the server's host and port and reports its local address; `localAddress` pins it as the client would. */
export function sourceAddressTowards(address: string, opts: { localAddress?: string; timeoutMs?: number } = {}): Promise<string> {
  const url = new URL(address);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress: opts.localAddress });
    socket.setTimeout(opts.timeoutMs ?? 15000, () => socket.destroy(new Error(`connecting to ${address}: timed out`)));
    socket.once('connect', () => {
      const local = socket.localAddress;
      socket.destroy();
      if (local) resolve(local);
      else reject(new Error(`connected to ${address} without a local address`));
    });
    socket.once('error', reject);
  });
}
