// A small raw-JSON client over the kubeconfig of @kubernetes/client-node: the controller keeps
// objects as the API server sends them (string times, unknown fields kept), which the typed
// clients would convert.
import { HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
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

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status === 409;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class KubeClient {
  readonly config: KubeConfig;
  private readonly server: string;

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

  async request<T = unknown>(method: Method, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const url = this.server + path;
    const ctx = new RequestContext(url, HttpMethod[method]);
    await this.config.applySecurityAuthentication(ctx);
    const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: ctx.getDispatcher() as never,
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
