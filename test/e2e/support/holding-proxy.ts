// A TCP proxy between the CLI and a real dev server that stops one chosen request at an exact
// point: before the server sees it, or after the server has done the work but before the CLI hears
// the answer. A test then kills the CLI there, or changes the disk meanwhile and lets it go on.
// It forwards bytes as they are (Node's HTTP server would refuse Vault's LIST method) and only
// reads request lines, and the held answer's framing. Every request let through is answered by
// the real server.
import * as net from 'node:net';

export type HoldPoint = 'before-server' | 'after-server';

export interface HeldRequest {
  readonly method: string;
  /** e.g. `/v1/auth/approle/role/r/secret-id` */
  readonly path: string;
  /** The server's answer body (after-server only); may hold secrets: for the test's leak list, never printed. */
  readonly responseBody?: string;
  /** Lets the request go on (to the server, or its answer to the CLI). */
  release(): void;
}

export interface HoldingProxy {
  /** e.g. `http://127.0.0.1:41234` */
  readonly address: string;
  /** Holds the next request matching method and path at `point`; resolves once it is held. */
  hold(method: string, path: RegExp, point: HoldPoint): Promise<HeldRequest>;
  close(): Promise<void>;
}

interface Rule {
  readonly method: string;
  readonly path: RegExp;
  readonly point: HoldPoint;
  readonly held: (h: HeldRequest) => void;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/;

/** The body of a complete HTTP response in `raw`, or undefined while incomplete (Content-Length or chunked). */
function completeBody(raw: Buffer): string | undefined {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = text.slice(0, end).toLowerCase();
  const rest = raw.subarray(end + 4);
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) return rest.length >= Number(length[1]) ? rest.subarray(0, Number(length[1])).toString('utf8') : undefined;
  if (!/\r\ntransfer-encoding: *chunked/.test(head)) return ''; // e.g. 204
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(chunks).toString('utf8');
    if (rest.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** A proxy on 127.0.0.1 (OS-assigned port) to `target`, e.g. a dev server's `http://127.0.0.1:8201`. */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const rules: Rule[] = [];
  const sockets = new Set<net.Socket>();
  const take = (method: string, path: string): Rule | undefined => {
    const i = rules.findIndex((r) => r.method === method && r.path.test(path));
    return i < 0 ? undefined : rules.splice(i, 1)[0];
  };

  const server = net.createServer((client) => {
    const server = net.connect({ host: upstream.hostname, port: Number(upstream.port) });
    for (const s of [client, server]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    // Requests on one connection are sequential (no pipelining): the answer after a held request is its answer.
    let holdingRequest: Buffer[] | undefined;
    let holdingAnswer: { rule: Rule; method: string; path: string; bytes: Buffer[]; announced: boolean } | undefined;

    client.on('data', (chunk: Buffer) => {
      if (holdingRequest) {
        holdingRequest.push(chunk);
        return;
      }
      const m = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
      const rule = m ? take(m[1], m[2]) : undefined;
      if (rule?.point === 'before-server') {
        const queued = (holdingRequest = [chunk]);
        rule.held({
          method: m![1],
          path: m![2],
          release: () => {
            holdingRequest = undefined;
            for (const c of queued) server.write(c);
          },
        });
        return;
      }
      if (rule?.point === 'after-server') holdingAnswer = { rule, method: m![1], path: m![2], bytes: [], announced: false };
      server.write(chunk);
    });

    server.on('data', (chunk: Buffer) => {
      const h = holdingAnswer;
      if (!h) {
        client.write(chunk);
        return;
      }
      h.bytes.push(chunk);
      const body = completeBody(Buffer.concat(h.bytes));
      if (body === undefined || h.announced) return;
      h.announced = true;
      h.rule.held({
        method: h.method,
        path: h.path,
        responseBody: body,
        release: () => {
          holdingAnswer = undefined;
          for (const c of h.bytes) client.write(c);
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    hold: (method, path, point) => new Promise<HeldRequest>((held) => rules.push({ method, path, point, held })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
