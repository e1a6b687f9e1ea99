// HC-SERVER-1, HC-SERVER-2, HC-SERVER-3: how the server container is run.
import { isIP } from 'node:net';
import { Container } from '@cdktf/provider-docker/lib/container';
import { VaultServer } from '../vault-server';
import { allNodes, Guardrail, Violation } from './guardrail';

/** Vault reads booleans in config with Go's strconv.ParseBool: "1", "t", "true" (any case) are true. */
function parsesAsTrue(value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && ['1', 't', 'true'].includes(value.toLowerCase()));
}

export const tlsInProduction: Guardrail = {
  id: 'HC-SERVER-1',
  description: 'In production the server runs from its config with TLS on every listener',
  check({ stack, production }) {
    const out: Violation[] = [];
    if (!production) return out;
    for (const server of allNodes(stack).filter(VaultServer.isVaultServer)) {
      if (server.mode.kind === 'dev') {
        out.push({ construct: server, field: 'mode', value: 'dev', message: 'dev mode has no TLS, no persistence and a fixed root token; use server mode in production' });
        continue;
      }
      server.mode.config.listener.forEach((l, i) => {
        const field = (name: string) => `listener[${i}].tcp.${name}`;
        if (parsesAsTrue(l.tcp.tls_disable)) {
          out.push({ construct: server, field: field('tls_disable'), value: l.tcp.tls_disable, message: 'TLS is disabled in production; set tls_disable false with tls_cert_file and tls_key_file' });
        }
        for (const name of ['tls_cert_file', 'tls_key_file']) {
          if (!l.tcp[name]) {
            out.push({ construct: server, field: field(name), value: l.tcp[name] ?? '', message: `is empty in production, so the listener has no TLS; set ${name} to the PEM file mounted into the server` });
          }
        }
      });
    }
    return out;
  },
};

export const bindAddressIsIp: Guardrail = {
  id: 'HC-SERVER-2',
  description: 'The server binds to an IP address (VAULT_BIND_ADDR)',
  check({ stack }) {
    return allNodes(stack)
      .filter(VaultServer.isVaultServer)
      .filter((s) => isIP(s.bindAddress) === 0)
      .map((s) => ({ construct: s, field: 'bindAddress (VAULT_BIND_ADDR)', value: s.bindAddress, message: 'is not an IP address; set an IPv4 or IPv6 address such as 127.0.0.1' }));
  },
};

/** `-config`, `--config`, `-config=...`, `--config=...` */
function isConfigFlag(arg: string): boolean {
  return /^--?config(=|$)/.test(arg);
}

export const noExplicitConfigFlag: Guardrail = {
  id: 'HC-SERVER-3',
  description: 'The container command never passes -config (the image entrypoint adds -config=/vault/config itself)',
  check({ stack }) {
    const out: Violation[] = [];
    for (const c of allNodes(stack).filter((n): n is Container => n instanceof Container)) {
      (c.commandInput ?? []).forEach((arg, i) => {
        if (isConfigFlag(arg)) {
          out.push({
            construct: c,
            field: `command[${i}]`,
            value: arg,
            message: 'makes the server load its config twice ("address already in use"); pass the bare command `server` and put config files in /vault/config',
          });
        }
      });
    }
    return out;
  },
};
