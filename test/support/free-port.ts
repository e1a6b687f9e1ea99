// Ports the OS assigns: a listener on port 0 learns a free port, then releases it for the server
// under test. Two test runs on one machine therefore never collide on a fixed port.
import * as net from 'node:net';

/** A TCP port free on `host` at the moment of the call. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Two distinct free ports (an API and a cluster listener). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}
