// The admission fast path: POST /validate and /mutate are answered straight from the HTTPS request
// listener (raw body, one JSON.parse, one hand-written JSON answer), because express's body parsing
// costs two thirds of the throughput. The answer is computed in-thread or by the worker pool; every
// failure is answered for that request only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer, Webhook } from './answer.ts';
import { MAX_BODY_BYTES, isJsonContentType, readBody } from './body.ts';
import type { Logger } from './logger.ts';
import type { ServerMetrics } from './metrics.ts';

export type { Webhook } from './answer.ts';

export interface AdmissionContext {
  /** answerAdmission with the server's handler dependencies, on this thread or a worker. */
  answer(webhook: Webhook, body: Buffer): Answer | Promise<Answer>;
  metrics: ServerMetrics;
  logger: Logger;
  /** True once shutdown began: answers then ask the client to close the connection. */
  closing(): boolean;
}

// Bounded label values: a hand-made review must not grow the metrics without limit.
const KINDS = new Set(['Job', 'CronJob']);
const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

/** The admission route of a request, or undefined; the query (`?timeout=10s`) is ignored. */
export function admissionRoute(req: IncomingMessage): Webhook | undefined {
  if (req.method !== 'POST') return undefined;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === '/validate') return 'validate';
  if (path === '/mutate') return 'mutate';
  return undefined;
}

function send(res: ServerResponse, code: number, contentType: string, body: string, close: boolean): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  if (close) headers.connection = 'close';
  res.writeHead(code, headers);
  res.end(body);
}

const TEXT = 'text/plain; charset=utf-8';

export async function handleAdmission(webhook: Webhook, req: IncomingMessage, res: ServerResponse, ctx: AdmissionContext): Promise<void> {
  const started = performance.now();
  ctx.metrics.begin();
  const fail = (code: number, reason: string, close = false): void => {
    ctx.metrics.httpError(webhook, code);
    ctx.logger.warn({ webhook, code, reason }, 'rejected admission request');
    send(res, code, TEXT, reason + '\n', close || ctx.closing());
  };
  try {
    if (!isJsonContentType(req.headers['content-type'])) {
      req.resume();
      fail(415, `unsupported content type ${JSON.stringify(req.headers['content-type'] ?? '')}, want application/json`);
      return;
    }
    const body = await readBody(req);
    if (!body.ok) {
      if (body.tooLarge) {
        // Keep reading so the client can finish its write and see the answer, then close.
        req.resume();
        fail(413, `request body larger than ${MAX_BODY_BYTES} bytes`, true);
      } else {
        ctx.metrics.httpError(webhook, 400);
        res.destroy(body.error);
      }
      return;
    }
    const answer = await ctx.answer(webhook, body.body);
    if (answer.code !== 200) {
      ctx.metrics.httpError(webhook, answer.code);
      if (answer.code === 500) ctx.logger.error({ webhook, uid: answer.uid, err: answer.error }, answer.reason);
      else ctx.logger.warn({ webhook, code: answer.code, reason: answer.reason }, 'rejected admission request');
      send(res, answer.code, TEXT, answer.body, ctx.closing());
      return;
    }
    send(res, 200, 'application/json', answer.body, ctx.closing());
    const seconds = (performance.now() - started) / 1000;
    const o = answer.observation;
    ctx.metrics.observe(
      {
        webhook,
        kind: KINDS.has(o.kind) ? o.kind : 'other',
        operation: OPERATIONS.has(o.operation) ? o.operation : 'other',
        allowed: o.allowed,
      },
      seconds,
    );
    // Denials at info, allowed and patched answers at debug: one JSON line per allowed request cost
    // about 14 µs of the server's CPU per request (a third of the transport's), and denials are
    // the answers someone asks about. The line is only built when its level is on.
    const level = o.decision === 'denied' ? 'info' : 'debug';
    if (ctx.logger.isLevelEnabled(level)) {
      ctx.logger[level](
        {
          webhook,
          uid: o.uid,
          kind: o.kind,
          namespace: o.namespace,
          name: o.name,
          operation: o.operation,
          dryRun: o.dryRun,
          decision: o.decision,
          durationMs: Math.round(seconds * 1e6) / 1e3,
        },
        'admission',
      );
    }
  } catch (e) {
    // Anything past the handler (a write on a dead socket): that request alone is lost.
    ctx.logger.error({ webhook, err: e }, 'admission request failed');
    if (!res.headersSent) send(res, 500, TEXT, 'internal error\n', true);
  } finally {
    ctx.metrics.end();
  }
}
