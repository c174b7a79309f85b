// Runs cases through the oracle and (when given) our engine, many requests in flight over one
// keep-alive client; UPDATE cases each get a namespace of their own for the time they run.
import type { ApiClient } from '../harness/client.ts';
import { engineOutcome, type Review } from './engine.ts';
import { ApiOracle, pool, type Case } from './oracle.ts';
import { compareOutcomes, type Comparison, type Outcome } from './outcome.ts';

export interface CaseResult {
  id: string;
  kind: Case['kind'];
  operation: Case['operation'];
  server?: Outcome;
  ours?: Outcome;
  setupError?: string;
  comparison?: Comparison;
  /** The objects as both sides saw them (kept for the report of disagreements). */
  object: unknown;
  oldObject?: unknown;
}

export interface RunOptions {
  review?: Review;
  concurrency?: number;
}

export async function runCases(api: ApiClient, cases: Case[], opts: RunOptions = {}): Promise<CaseResult[]> {
  const concurrency = opts.concurrency ?? 16;
  const oracle = new ApiOracle(api);
  const namespaces = Array.from({ length: concurrency }, (_, i) => `diff-u-${i}`);
  await Promise.all(namespaces.map((n) => oracle.ensureNamespace(n)));
  const createNamespaces = new Set(cases.filter((c) => c.operation === 'CREATE').map((c) => c.object.metadata?.namespace ?? 'default'));
  await Promise.all([...createNamespaces].filter((n) => typeof n === 'string' && n !== 'default').map((n) => oracle.ensureNamespace(n).catch(() => undefined)));

  return pool(cases, concurrency, async (c, slot): Promise<CaseResult> => {
    let r;
    try {
      r = c.operation === 'CREATE' ? await oracle.create(c) : await oracle.update(c, namespaces[slot]);
    } catch (err) {
      // The API server drops the connection when a handler panics (1.36.4 does, e.g. on a CronJob
      // whose Indexed jobTemplate has a successPolicy but no completions): no verdict to compare.
      r = { setupError: `API server gave no answer (${(err as Error).message}; a handler panic?)`, object: c.object, outcome: undefined, oldObject: undefined };
    }
    const result: CaseResult = { id: c.id, kind: c.kind, operation: c.operation, server: r.outcome, setupError: r.setupError, object: r.object, oldObject: r.oldObject };
    if (opts.review && r.outcome) {
      result.ours = engineOutcome(opts.review, c, r.object, r.oldObject);
      result.comparison = compareOutcomes(r.outcome, result.ours);
    }
    return result;
  });
}

export interface Summary {
  total: number;
  compared: number;
  agreed: number;
  agreementPct: number;
  setupFailures: number;
  messageMismatches: number;
}

export function summarize(results: CaseResult[]): Summary {
  const compared = results.filter((r) => r.comparison !== undefined);
  const agreed = compared.filter((r) => r.comparison!.agree).length;
  return {
    total: results.length,
    compared: compared.length,
    agreed,
    agreementPct: compared.length === 0 ? 0 : Math.round((agreed / compared.length) * 10000) / 100,
    setupFailures: results.filter((r) => r.setupError !== undefined).length,
    messageMismatches: compared.filter((r) => r.comparison!.agree && r.comparison!.messageMismatches.length > 0).length,
  };
}

/**
 * What kubectl prints for a rejected create is a function of the Status alone (code, reason, kind,
 * name, causes in order; the message for other errors). One string per case, `no answer` when the
 * server dropped the connection. The uid is masked: an early (mutating-phase) answer is given before
 * the API server assigns it.
 */
export async function createStatusViews(api: ApiClient, cases: Case[], concurrency = 16): Promise<string[]> {
  return pool(cases, concurrency, async (c) => {
    const ns = c.object.metadata?.namespace ?? 'default';
    try {
      const r = await api.request('POST', `/apis/batch/v1/namespaces/${ns}/${c.kind === 'Job' ? 'jobs' : 'cronjobs'}?dryRun=All&fieldValidation=Strict`, c.object);
      const d = r.json?.details;
      const view = r.status < 300 ? { code: r.status } : { code: r.status, reason: r.json?.reason, kind: d?.kind, name: d?.name, causes: d?.causes, message: d?.causes ? undefined : r.json?.message };
      return JSON.stringify(view).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>');
    } catch {
      return 'no answer';
    }
  });
}
