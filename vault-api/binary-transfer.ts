// Binary request and response bodies (raft snapshots) for a VaultClient's server: the JSON client
// buffers and parses every answer, a snapshot is a gzip stream that goes straight to or from a file.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { VaultApiError, VaultClient } from './client';

/** Idle-socket timeout of a transfer; larger than the JSON client's because the server may pause while it builds the snapshot. */
const TRANSFER_TIMEOUT_MS = 120_000;

function requestOptions(client: VaultClient, method: string, apiPath: string, headers: Record<string, string>): { isHttps: boolean; options: https.RequestOptions } {
  const { address, token, caPem, localAddress } = client.options;
  const url = new URL(`/v1/${apiPath.replace(/^\/+/, '')}`, address);
  const isHttps = url.protocol === 'https:';
  return {
    isHttps,
    options: {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { ...headers, ...(token ? { 'X-Vault-Token': token } : {}) },
      localAddress,
      timeout: TRANSFER_TIMEOUT_MS,
      ...(isHttps && caPem ? { ca: caPem } : {}),
    },
  };
}

/** A non-2xx answer as VaultApiError (the server's `errors`, a redirect named by its target). */
async function apiError(method: string, apiPath: string, res: http.IncomingMessage): Promise<VaultApiError> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  let errors: string[] = [];
  try {
    errors = (JSON.parse(text) as { errors?: string[] }).errors ?? [];
  } catch {
    if (text) errors = [text.slice(0, 200)];
  }
  if (res.headers.location) errors.push(`redirected to ${res.headers.location}: point the address at the active node`);
  return new VaultApiError(method, apiPath, res.statusCode ?? 0, errors.map((e) => e.replace(/\s+/g, ' ').trim()));
}

function send(client: VaultClient, method: string, apiPath: string, headers: Record<string, string>, body?: fs.ReadStream): Promise<http.IncomingMessage> {
  const { isHttps, options } = requestOptions(client, method, apiPath, headers);
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(options, resolve);
    req.on('timeout', () => req.destroy(new Error(`${method} /v1/${apiPath}: no data for ${TRANSFER_TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    if (body) {
      body.on('error', (e) => req.destroy(e));
      body.pipe(req);
    } else {
      req.end();
    }
  });
}

/**
 * GETs `apiPath` and writes the 200 body to the open file descriptor `fd` as it arrives; returns
 * the number of bytes written. A non-200 answer throws a VaultApiError and writes nothing.
 */
export async function downloadToFile(client: VaultClient, apiPath: string, fd: number): Promise<number> {
  const res = await send(client, 'GET', apiPath, {});
  if (res.statusCode !== 200) throw await apiError('GET', apiPath, res);
  let written = 0;
  for await (const chunk of res) {
    const buf = chunk as Buffer;
    for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
    written += buf.length;
  }
  if (!res.complete) throw new Error(`GET /v1/${apiPath}: the connection closed before the whole body arrived (${written} bytes)`);
  return written;
}

/** POSTs the file's bytes as the body (application/octet-stream); returns the 2xx status. Non-2xx throws a VaultApiError. */
export async function uploadFile(client: VaultClient, apiPath: string, file: string): Promise<number> {
  const size = fs.statSync(file).size;
  const res = await send(client, 'POST', apiPath, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) }, fs.createReadStream(file));
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) throw await apiError('POST', apiPath, res);
  res.resume();
  return status;
}
