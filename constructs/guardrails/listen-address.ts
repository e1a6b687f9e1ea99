// HC-SERVER-2: the server is reachable on every interface (0.0.0.0, ::) only with an
// acknowledgement in the committed settings, which the server stack turns into a suppression with
// its written reason. (That the bind address is an IP address is the VaultServer construct's own check.)
import { isUnspecifiedAddress } from '../../model/cidr';
import { Guardrail, Violation } from './guardrail';
import { serverContainer, tcpListeners } from './server-container';


/** `127.0.0.1:8200` → `127.0.0.1`; `[::1]:8200` → `::1`. */
function hostOf(address: string): string {
  const m = /^\[(.*)\](?::\d+)?$/.exec(address);
  if (m) return m[1];
  const i = address.lastIndexOf(':');
  return i > 0 && address.indexOf(':') === i ? address.slice(0, i) : address;
}

export const listenAddress: Guardrail = {
  id: 'HC-SERVER-2',
  level: 'error',
  description: 'The server listens on every interface (0.0.0.0, ::) only when the settings acknowledge it',
  check(node, ctx) {
    const server = serverContainer(node, ctx);
    if (!server) return [];
    // Where the host can reach it: published ports (bridge), or the process's own listeners (host).
    const addresses: Array<{ field: string; host: string }> = [];
    if (server.networkMode === 'host') {
      // The image's entrypoint defaults the dev listener to 0.0.0.0:8200.
      if (server.dev) addresses.push({ field: 'env VAULT_DEV_LISTEN_ADDRESS', host: hostOf(server.env.get('VAULT_DEV_LISTEN_ADDRESS') ?? '0.0.0.0:8200') });
      server.configs.forEach(({ file, config }) =>
        tcpListeners(config).forEach((l, i) => {
          for (const key of ['address', 'cluster_address']) {
            if (l[key] !== undefined) addresses.push({ field: `${file} listener[${i}].tcp.${key}`, host: hostOf(String(l[key])) });
          }
        }),
      );
    } else {
      server.ports.forEach((p, i) => addresses.push({ field: `ports[${i}].ip`, host: p.ip ?? '0.0.0.0' }));
    }
    const out: Violation[] = [];
    for (const { field, host } of addresses) {
      if (isUnspecifiedAddress(host)) out.push({ field, value: host, message: 'listens on every interface; bind to the address clients use, or acknowledge it in the environment settings (server.listenEverywhere with a reason)' });
    }
    return out;
  },
};
