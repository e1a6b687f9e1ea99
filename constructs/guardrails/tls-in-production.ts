// HC-SERVER-1: in production the server runs from its config, with TLS on every listener.
import { Guardrail, Violation } from './guardrail';
import { parsesAsTrue, serverContainer, tcpListeners } from './server-container';

export const tlsInProduction: Guardrail = {
  id: 'HC-SERVER-1',
  level: 'error',
  description: 'In production the server runs from its config with TLS on every listener',
  check(node, ctx) {
    if (!ctx.production) return [];
    const server = serverContainer(node, ctx);
    if (!server) return [];
    if (server.dev) return [{ field: 'command', value: server.command, message: 'dev mode has no TLS, no persistence and a fixed root token; use server mode in production' }];
    const listeners = server.configs.flatMap(({ file, config }) => tcpListeners(config).map((l, i) => ({ file, l, i })));
    if (listeners.length === 0) return [{ field: 'upload', value: server.configs.map((c) => c.file), message: 'uploads no server config with a TCP listener; the server would run without the stack\'s TLS settings' }];
    const out: Violation[] = [];
    for (const { file, l, i } of listeners) {
      const field = (name: string) => `${file} listener[${i}].tcp.${name}`;
      if (parsesAsTrue(l.tls_disable)) out.push({ field: field('tls_disable'), value: l.tls_disable, message: 'TLS is disabled in production; set tls_disable false with tls_cert_file and tls_key_file' });
      for (const name of ['tls_cert_file', 'tls_key_file']) {
        if (!l[name]) out.push({ field: field(name), value: l[name] ?? '', message: `is empty in production, so the listener has no TLS; set ${name} to the PEM file mounted into the server` });
      }
    }
    return out;
  },
};
