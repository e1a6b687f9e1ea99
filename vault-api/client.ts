import * as http from 'node:http';
import * as https from 'node:https';

/** Connection settings for a Vault-compatible (Vault or OpenBao) server. */
export interface VaultClientOptions {
  /** Base address, e.g. `http://127.0.0.1:8201` or `https://127.0.0.1:8200`. */
  readonly address: string;
  /** Token sent as `X-Vault-Token`. @default no token */
  readonly token?: string;
  /** PEM of the CA that signed the server certificate (https only). @default the system CAs */
  readonly caPem?: string;
  /** Local source address of the TCP connection (CIDR tests use 127.0.0.2). @default chosen by the OS */
  readonly localAddress?: string;
  /** Per-request timeout. @default 15000 */
  readonly timeoutMs?: number;
}

export interface VaultRequestOptions {
  /** JSON body. Never echoed in errors: it may carry secrets. */
  readonly body?: unknown;
  /** Overrides the client's token for this request (`null` sends none). */
  readonly token?: string | null;
  /** Response-wrap the answer for this many seconds (`X-Vault-Wrap-TTL`). */
  readonly wrapTtl?: string;
  /** Overrides the client's source address for this request. */
  readonly localAddress?: string;
  /** Query string parameters. */
  readonly query?: Record<string, string>;
}

export interface VaultResponse<T = Record<string, unknown>> {
  readonly status: number;
  /** Parsed JSON body, or `{}` for an empty body (204). */
  readonly body: T & { errors?: string[]; data?: Record<string, unknown>; warnings?: string[] };
}

/** A non-2xx answer. The message carries method, path, status and the server's errors, never the request body. */
export class VaultApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(`${method} /v1/${path} -> HTTP ${status}: ${errors.join('; ') || '(no error text)'}`);
    this.name = 'VaultApiError';
  }
}

/** A minimal HTTP client for the Vault API: JSON in, JSON out, no dependencies, no retries. */
export class VaultClient {
  constructor(readonly options: VaultClientOptions) {}

  /** A copy of this client that sends another token. */
  withToken(token: string | undefined): VaultClient {
    return new VaultClient({ ...this.options, token });
  }

  /** Sends a request and returns status and body whatever the status (for tests that expect refusals). */
  async raw<T = Record<string, unknown>>(method: string, path: string, opts: VaultRequestOptions = {}): Promise<VaultResponse<T>> {
    const url = new URL(`/v1/${path.replace(/^\/+/, '')}`, this.options.address);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? this.options.token : opts.token ?? undefined;
    if (token) headers['X-Vault-Token'] = token;
    if (opts.wrapTtl) headers['X-Vault-Wrap-TTL'] = opts.wrapTtl;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const isHttps = url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers,
      localAddress: opts.localAddress ?? this.options.localAddress,
      timeout: this.options.timeoutMs ?? 15000,
      ...(isHttps && this.options.caPem ? { ca: this.options.caPem } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(requestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: VaultResponse<T>['body'];
          try {
            body = text ? JSON.parse(text) : ({} as VaultResponse<T>['body']);
          } catch {
            body = { errors: [text.slice(0, 200)] } as VaultResponse<T>['body'];
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends a request and throws a {@link VaultApiError} unless the status is 2xx. */
  async request<T = Record<string, unknown>>(method: string, path: string, opts: VaultRequestOptions = {}): Promise<VaultResponse<T>['body']> {
    const res = await this.raw<T>(method, path, opts);
    if (res.status < 200 || res.status > 299) {
      throw new VaultApiError(method, path, res.status, res.body.errors ?? []);
    }
    return res.body;
  }

  get<T = Record<string, unknown>>(path: string, opts?: VaultRequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown, opts?: VaultRequestOptions) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T = Record<string, unknown>>(path: string, body?: unknown, opts?: VaultRequestOptions) {
    return this.request<T>('PUT', path, { ...opts, body });
  }
  delete<T = Record<string, unknown>>(path: string, opts?: VaultRequestOptions) {
    return this.request<T>('DELETE', path, opts);
  }
  list<T = Record<string, unknown>>(path: string, opts?: VaultRequestOptions) {
    return this.request<T>('LIST', path, opts);
  }
}
