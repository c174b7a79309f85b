// One admission request from raw body bytes to the HTTP answer: parse, decode the envelope, run the
// webhook's handler, encode the review. Pure and synchronous, so the same function runs on the main
// thread or inside a worker thread; every failure becomes an answer for that request only.
import { mutateHandler, validateHandler, type HandlerDeps } from '../admission/handlers.ts';
import type { AdmissionResponse } from '../admission/response.ts';
import { decodeReview, encodeReview, type AdmissionRequest } from '../admission/review.ts';

export type Webhook = 'validate' | 'mutate';

/** What the request was and what it got, for the metrics and the log line (plain data: crosses threads). */
export interface Observation {
  uid: string;
  kind: string;
  operation: string;
  namespace: string;
  name: string;
  dryRun: boolean;
  allowed: boolean;
  decision: 'allowed' | 'patched' | 'denied';
}

export type Answer =
  | { code: 200; body: string; observation: Observation }
  /** 400 (unreadable review) or 500 (the handler threw): a one-line reason, logged and counted. */
  | { code: 400 | 500; body: string; reason: string; uid?: string; error?: string };

const HANDLERS = { validate: validateHandler, mutate: mutateHandler } as const;

function decision(response: AdmissionResponse): Observation['decision'] {
  if (!response.allowed) return 'denied';
  return response.patch !== undefined && response.patch.length > 0 ? 'patched' : 'allowed';
}

function objectName(request: AdmissionRequest): string {
  if (request.name !== '') return request.name;
  const obj = (request.object ?? request.oldObject) as { metadata?: { name?: unknown; generateName?: unknown } } | null;
  const meta = typeof obj === 'object' && obj !== null ? obj.metadata : undefined;
  if (typeof meta?.name === 'string') return meta.name;
  return typeof meta?.generateName === 'string' ? meta.generateName : '';
}

export function answerAdmission(webhook: Webhook, body: Uint8Array | string, deps: HandlerDeps): Answer {
  let parsed: unknown;
  try {
    // Bytes are read through a view, not copied: they may have come from another thread as a
    // transferred buffer.
    parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (e) {
    const reason = `malformed JSON: ${(e as Error).message.split('\n')[0]}`;
    return { code: 400, body: reason + '\n', reason };
  }
  const decoded = decodeReview(parsed);
  if (!decoded.ok) return { code: 400, body: decoded.reason + '\n', reason: decoded.reason };
  const { apiVersion, request } = decoded.review;
  let response: AdmissionResponse;
  try {
    response = HANDLERS[webhook](request, deps);
  } catch (e) {
    const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { code: 500, body: `internal error handling request ${request.uid}\n`, reason: 'admission handler failed', uid: request.uid, error };
  }
  return {
    code: 200,
    body: encodeReview(apiVersion, request.uid, response),
    observation: {
      uid: request.uid,
      kind: request.kind.kind,
      operation: request.operation,
      namespace: request.namespace,
      name: objectName(request),
      dryRun: request.dryRun,
      allowed: response.allowed,
      decision: decision(response),
    },
  };
}
