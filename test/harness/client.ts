// A minimal keep-alive HTTPS client for the API server: one agent, many concurrent requests, raw
// status + body + warnings (no client library in the way of what the server really said).
import https from 'node:https';

export interface ApiResponse {
  status: number;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
  /** The texts of the `Warning: 299 - "..."` headers, in order. */
  warnings: string[];
}

export interface RequestOptions {
  timeoutMs?: number;
  contentType?: string;
}

/** Parses one RFC 7234 warning value as the API server writes it: `299 - "text"`. */
export function parseWarningHeader(value: string): string | undefined {
  const m = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(value);
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

export class ApiClient {
  readonly server: string;
  readonly #token: string;
  readonly #agent: https.Agent;

  constructor(server: string, token: string, caPem: string, maxSockets = 32) {
    this.server = server;
    this.#token = token;
    this.#agent = new https.Agent({ keepAlive: true, maxSockets, ca: caPem });
  }

  async request(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse> {
    try {
      return await this.#once(method, path, body, opts);
    } catch (err) {
      // The server may close an idle keep-alive connection just as we reuse it: the request never
      // reached it, so sending it again on a fresh connection is safe.
      if ((err as { reusedSocket?: boolean }).reusedSocket) return this.#once(method, path, body, opts);
      throw err;
    }
  }

  #once(method: string, path: string, body: unknown, opts: RequestOptions): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const url = new URL(path, this.server);
    return new Promise((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent: this.#agent,
          headers: {
            Authorization: `Bearer ${this.#token}`,
            Accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'Content-Type': opts.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          },
          timeout: opts.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            const warnings: string[] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2) {
              if (res.rawHeaders[i].toLowerCase() !== 'warning') continue;
              const w = parseWarningHeader(res.rawHeaders[i + 1]);
              if (w !== undefined) warnings.push(w);
            }
            resolve({ status: res.statusCode ?? 0, text, json, warnings });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(Object.assign(err, { reusedSocket: req.reusedSocket && err.code === 'ECONNRESET' }));
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
