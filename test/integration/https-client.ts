// A keep-alive HTTPS client that trusts one CA, for talking to a batchguard server in tests.
import { Agent, request } from 'node:https';
import type { OutgoingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

export interface Client {
  agent: Agent;
  send(method: string, path: string, body?: string | Buffer, headers?: OutgoingHttpHeaders): Promise<Reply>;
  postJson(path: string, body: unknown): Promise<Reply>;
  close(): void;
}

export function createClient(baseUrl: string, caPem: string, opts: { keepAlive?: boolean } = {}): Client {
  const agent = new Agent({ ca: caPem, keepAlive: opts.keepAlive ?? true, maxSockets: 16 });
  const url = new URL(baseUrl);
  const send = (method: string, path: string, body?: string | Buffer, headers: OutgoingHttpHeaders = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method, path, agent, servername: 'localhost', headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    agent,
    send,
    postJson: (path, body) => send('POST', path, JSON.stringify(body), { 'content-type': 'application/json' }),
    close: () => agent.destroy(),
  };
}

let uidCounter = 0;

/** An AdmissionReview for a batch/v1 object, as the API server sends it. */
export function admissionReview(
  kind: string,
  operation: string,
  object: unknown,
  oldObject?: unknown,
  over: { apiVersion?: string; subResource?: string; group?: string; namespace?: string } = {},
): Record<string, unknown> {
  const meta = (object as { metadata?: { name?: string; namespace?: string } } | null)?.metadata ?? {};
  return {
    apiVersion: over.apiVersion ?? 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `uid-${++uidCounter}`,
      kind: { group: over.group ?? 'batch', version: 'v1', kind },
      resource: { group: 'batch', version: 'v1', resource: kind === 'Job' ? 'jobs' : 'cronjobs' },
      requestKind: { group: 'batch', version: 'v1', kind },
      ...(over.subResource ? { subResource: over.subResource } : {}),
      name: meta.name ?? '',
      namespace: over.namespace ?? meta.namespace ?? 'default',
      operation,
      userInfo: { username: 'tester' },
      object,
      oldObject: oldObject ?? null,
      dryRun: false,
    },
  };
}
