// The API server as the oracle: server-side dry-run create for CREATE cases; for UPDATE cases the
// old object is really created first (status set through /status when the case has one), and the
// case's change (old → new, as a JSON patch) is applied to the STORED old object, so that
// server-generated fields (uid, selector, controller-uid labels, resourceVersion) are the server's.
import fjp from 'fast-json-patch';
import type { ApiClient } from '../harness/client.ts';
import { outcomeFromResponse, type Outcome } from './outcome.ts';

export interface Case {
  id: string;
  kind: 'Job' | 'CronJob';
  operation: 'CREATE' | 'UPDATE';
  object: Record<string, any>;
  oldObject?: Record<string, any>;
}

export interface OracleResult {
  /** Missing when the case could not be set up on the server (old object not creatable). */
  outcome?: Outcome;
  setupError?: string;
  /** What was sent to the server, and what our engine must see too. */
  object: Record<string, any>;
  /** The stored old object (UPDATE only). */
  oldObject?: Record<string, any>;
}

const plural = (kind: Case['kind']): string => (kind === 'Job' ? 'jobs' : 'cronjobs');
const collection = (kind: Case['kind'], ns: string): string => `/apis/batch/v1/namespaces/${ns}/${plural(kind)}`;
const clone = <T>(x: T): T => structuredClone(x);

const GENERATED_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/** An old object as a user would have created it: no server-owned metadata, no generated selector. */
export function creatable(kind: Case['kind'], obj: Record<string, any>, namespace: string): Record<string, any> {
  const o = clone(obj);
  const meta = (o.metadata ??= {});
  for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp']) delete meta[f];
  meta.namespace = namespace;
  delete o.status;
  if (kind === 'Job' && o.spec?.manualSelector !== true) {
    delete o.spec?.selector;
    const tl = o.spec?.template?.metadata?.labels;
    if (tl) for (const l of GENERATED_UID_LABELS) delete tl[l];
  }
  return o;
}

function isEmpty(x: unknown): boolean {
  return x === undefined || x === null || (typeof x === 'object' && Object.keys(x as object).length === 0);
}

/** The case's old → new change, replayed on the stored old object. */
export function adaptUpdate(caseOld: Record<string, any>, caseNew: Record<string, any>, stored: Record<string, any>): Record<string, any> {
  const ops = fjp.compare(caseOld, caseNew).filter((op) => op.op !== 'test' && !op.path.startsWith('/status'));
  try {
    return fjp.applyPatch(clone(stored), ops, false, true).newDocument;
  } catch {
    // The change touches something the server stores differently: fall back to the case's new
    // object with the server's identity and generated fields.
    const n = clone(caseNew);
    n.metadata = { ...n.metadata, ...pick(stored.metadata, ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'namespace']) };
    if (stored.kind === 'Job' && stored.spec?.manualSelector !== true && n.spec) {
      n.spec.selector = stored.spec.selector;
      n.spec.template = { ...n.spec.template, metadata: { ...n.spec.template?.metadata, labels: stored.spec.template.metadata.labels } };
    }
    return n;
  }
}

function pick(o: Record<string, any>, keys: string[]): Record<string, any> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

export class ApiOracle {
  readonly #api: ApiClient;
  readonly #query: string;

  constructor(api: ApiClient, fieldValidation: 'Strict' | 'Warn' | 'Ignore' = 'Strict') {
    this.#api = api;
    this.#query = `dryRun=All&fieldValidation=${fieldValidation}`;
  }

  async ensureNamespace(name: string): Promise<void> {
    const res = await this.#api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    if (res.status >= 300 && res.status !== 409) throw new Error(`namespace ${name}: ${res.status} ${res.text}`);
  }

  /** CREATE: a dry-run create in the object's own namespace (default "default"). */
  async create(c: Case): Promise<OracleResult> {
    const ns = c.object.metadata?.namespace ?? 'default';
    const res = await this.#api.request('POST', `${collection(c.kind, ns)}?${this.#query}`, c.object);
    return { outcome: outcomeFromResponse(res.status, res.json, res.warnings), object: c.object };
  }

  /** UPDATE, in a namespace that no other running case uses (names repeat across cases). */
  async update(c: Case, namespace: string): Promise<OracleResult> {
    if (c.oldObject === undefined) throw new Error(`${c.id}: UPDATE without oldObject`);
    const base = collection(c.kind, namespace);
    const created = await this.#api.request('POST', base, creatable(c.kind, c.oldObject, namespace));
    if (created.status >= 300) {
      return { setupError: `old object not creatable: ${created.status} ${created.json?.message ?? created.text}`, object: c.object };
    }
    let stored = created.json as Record<string, any>;
    const name = stored.metadata.name as string;
    try {
      if (!isEmpty(c.oldObject.status)) {
        const st = await this.#api.request('PUT', `${base}/${name}/status`, { ...stored, status: clone(c.oldObject.status) });
        if (st.status >= 300) return { setupError: `old status not settable: ${st.status} ${st.json?.message ?? st.text}`, object: c.object };
        stored = st.json;
      }
      const caseNew = clone(c.object);
      if (caseNew.metadata) caseNew.metadata.namespace = c.oldObject.metadata?.namespace;
      const object = adaptUpdate(c.oldObject, caseNew, stored);
      const res = await this.#api.request('PUT', `${base}/${name}?${this.#query}`, object);
      return { outcome: outcomeFromResponse(res.status, res.json, res.warnings), object, oldObject: stored };
    } finally {
      await this.#api.request('DELETE', `${base}/${name}?propagationPolicy=Background&gracePeriodSeconds=0`);
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; `slot` (0..limit-1) is exclusive per call. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, slot: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], slot);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, s) => worker(s)));
  return out;
}
