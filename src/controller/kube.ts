// A small raw-JSON client over the kubeconfig of @kubernetes/client-node: the controller keeps
// objects as the API server sends them (string times, unknown fields kept), which the typed
// clients would convert. Each piece comes from its own module of the library, not its index,
// which loads every generated API class (see slimclient.ts).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { HttpMethod, RequestContext } from '@kubernetes/client-node/dist/gen/http/http.js';
import { fetch } from 'undici';

export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, message: string, body: unknown) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

export function isInvalid(err: unknown): boolean {
  return err instanceof ApiError && err.status === 422;
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}

/** A create refused because its namespace is being deleted (StatusCause NamespaceTerminating). */
export function isNamespaceTerminating(err: unknown): boolean {
  const causes = (err instanceof ApiError ? (err.body as { details?: { causes?: { type?: string }[] } } | undefined)?.details?.causes : undefined) ?? [];
  return causes.some((c) => c.type === 'NamespaceTerminating');
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How long credentials and the connection pool are reused before asking the kubeconfig again. */
const AUTH_REFRESH_MS = 60_000;

/**
 * Requests in flight at once; the rest wait their turn. Bounds sockets and buffered bodies the way
 * client-go's rate limiter bounds kube-controller-manager (its default burst is 30).
 */
const MAX_IN_FLIGHT = 32;

interface Auth {
  headers: Record<string, string>;
  dispatcher: unknown;
  expires: number;
}

export class KubeClient {
  readonly config: KubeConfig;
  private readonly server: string;
  private auth: Promise<Auth> | undefined;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(config: KubeConfig) {
    this.config = config;
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/$/, '');
  }

  static load(kubeconfigPath: string | undefined): KubeClient {
    const kc = new KubeConfig();
    if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
    else kc.loadFromDefault();
    return new KubeClient(kc);
  }

  // The library builds a new connection pool (and so a new TLS connection) for every request it
  // authenticates; keeping one pool makes requests reuse keep-alive connections.
  private authenticate(): Promise<Auth> {
    if (!this.auth) {
      const ctx = new RequestContext(this.server, HttpMethod.GET);
      const pending = this.config.applySecurityAuthentication(ctx).then(() => ({
        headers: ctx.getHeaders(), dispatcher: ctx.getDispatcher(), expires: Date.now() + AUTH_REFRESH_MS,
      }));
      this.auth = pending;
      pending.then((auth) => {
        // Credentials may rotate (exec plugins, projected tokens): ask again after a while. The old
        // pool is left to close its idle sockets by itself; closing it would fail queued requests.
        setTimeout(() => {
          if (this.auth === pending) this.auth = undefined;
        }, auth.expires - Date.now()).unref();
      }, () => {
        if (this.auth === pending) this.auth = undefined;
      });
    }
    return this.auth;
  }

  async request<T = unknown>(method: Method, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    if (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    try {
      return await this.send<T>(method, path, body, contentType);
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }

  private async send<T>(method: Method, path: string, body: unknown, contentType: string): Promise<T> {
    const url = this.server + path;
    const auth = await this.authenticate();
    const headers: Record<string, string> = { ...auth.headers, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: auth.dispatcher as never,
    }).catch((err: Error & { cause?: Error }) => {
      // undici says only "fetch failed"; the cause says why (reset, refused, TLS).
      throw new Error(`${method} ${path}: ${err.message}${err.cause ? `: ${err.cause.message}` : ''}`);
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (response.status >= 300) {
      const message = (parsed as { message?: string } | undefined)?.message ?? `${method} ${path}: HTTP ${response.status}`;
      throw new ApiError(response.status, message, parsed);
    }
    return parsed as T;
  }
}
