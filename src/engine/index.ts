// The one entry every front end calls (webhook, CLI): given a request's object, answer what the
// API server would (decode, default, prepare, validate, warn) and what batchguard patches.
//
//   structure (decoder refusals) -> defaults (+ operator policy) = the patch
//   -> prepare (strategy PrepareForCreate/Update) -> validate -> warnings
//
// Pure and synchronous; it never throws: an unexpected failure becomes an InternalError cause.
import { internal, root, type ErrorList } from '../field/index.ts';
import { defaultCronJob, defaultJob, diffPatch, parsePolicy, type JsonPatchOp, type Policy } from '../defaulting/index.ts';
import { checkStructure } from '../validation/structure.ts';
import { prepareJobForCreate, prepareJobForUpdate } from '../validation/prepare.ts';
import { validateJobCreate, validateJobUpdate } from '../validation/job.ts';
import { validateCronJobCreate, validateCronJobUpdate } from '../validation/cronjob.ts';
import { cronJobWarnings, jobWarnings } from '../warnings/index.ts';
import { prepareCronJobForCreate, prepareCronJobForUpdate } from './cronjob.ts';
import { withRegistryMeta } from './request.ts';

export type { JsonPatchOp } from '../defaulting/index.ts';
export type Operation = 'CREATE' | 'UPDATE';

export interface ReviewInput {
  kind: string;
  operation: Operation;
  object: unknown;
  /** The stored object, for UPDATE. */
  oldObject?: unknown;
  /** Operator defaults: a Policy, or a parsed policy document (checked with parsePolicy). */
  policy?: Policy | unknown;
  /** The request's namespace: fills an object's empty metadata.namespace, as the registry does. */
  namespace?: string;
  /** False when the caller only wants the verdict (the validating webhook): the patch is not computed. */
  patch?: boolean;
}

export interface Verdict {
  kind: string;
  name: string;
  namespace: string;
  /** Empty when the API server (and batchguard) would accept the object. */
  errors: ErrorList;
  /** API server and batchguard warnings; empty when there are errors, as the API server does. */
  warnings: string[];
  /** RFC 6902 operations that apply the defaults; empty when there are errors. */
  patch: JsonPatchOp[];
  /** False for kinds batchguard does not judge (errors, warnings and patch are then empty). */
  supported: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function metaString(object: unknown, key: 'name' | 'namespace'): string {
  const meta = isRecord(object) ? object.metadata : undefined;
  const value = isRecord(meta) ? meta[key] : undefined;
  if (typeof value === 'string') return value;
  if (key === 'name' && isRecord(meta) && typeof meta.generateName === 'string') return meta.generateName;
  return '';
}

// A parsed policy document is checked once per object identity (the server passes the same one).
const checkedPolicies = new WeakMap<object, { policy?: Policy; message?: string }>();
const NO_POLICY: { policy?: Policy; message?: string } = Object.freeze({});
function resolvePolicy(policy: unknown): { policy?: Policy; message?: string } {
  if (policy === undefined || policy === null) return NO_POLICY;
  if (typeof policy !== 'object') return { message: 'policy: must be a mapping with keys job and cronJob' };
  let checked = checkedPolicies.get(policy);
  if (!checked) {
    const r = parsePolicy(policy);
    checked = r.ok ? { policy: r.policy } : { message: r.message };
    checkedPolicies.set(policy, checked);
  }
  return checked;
}

/** The API server's steps for each kind: decode-time defaults, the strategy's prepare, validation, warnings. */
interface KindSteps {
  defaults(object: unknown, policy?: Policy): unknown;
  prepareCreate(object: unknown): unknown;
  prepareUpdate(object: unknown, old: unknown): unknown;
  validateCreate(object: unknown): ErrorList;
  validateUpdate(object: unknown, old: unknown): ErrorList;
  warnings(object: unknown, old?: unknown): string[];
}

const STEPS: Record<'Job' | 'CronJob', KindSteps> = {
  Job: {
    defaults: defaultJob,
    prepareCreate: prepareJobForCreate,
    prepareUpdate: prepareJobForUpdate,
    validateCreate: validateJobCreate,
    validateUpdate: validateJobUpdate,
    warnings: jobWarnings,
  },
  CronJob: {
    defaults: defaultCronJob,
    prepareCreate: prepareCronJobForCreate,
    prepareUpdate: prepareCronJobForUpdate,
    validateCreate: validateCronJobCreate,
    validateUpdate: validateCronJobUpdate,
    warnings: (cronJob, old) => cronJobWarnings(cronJob, old),
  },
};

function review(input: ReviewInput, verdict: Verdict): void {
  const { kind, operation, oldObject } = input;
  // Go decodes a JSON null into the zero value, which then gets its defaults like any object.
  const object = input.object === null ? {} : input.object;
  const structural = checkStructure(kind, object);
  if (structural.length > 0) {
    verdict.errors = structural;
    return;
  }
  if (operation === 'UPDATE') {
    if (oldObject === undefined || oldObject === null) {
      verdict.errors = [internal(root('oldObject'), 'an UPDATE needs the stored object')];
      return;
    }
    const oldStructural = checkStructure(kind, oldObject);
    if (oldStructural.length > 0) {
      verdict.errors = [internal(root('oldObject'), 'the stored object does not decode')];
      return;
    }
  }
  const { policy, message } = resolvePolicy(input.policy);
  if (message !== undefined) {
    verdict.errors = [internal(root('policy'), message)];
    return;
  }
  const steps = STEPS[kind as 'Job' | 'CronJob'];
  const patched = steps.defaults(object, policy);
  if (input.patch !== false) verdict.patch = diffPatch(object, patched);
  const defaulted = withRegistryMeta(patched, operation === 'CREATE', input.namespace);
  if (operation === 'CREATE') {
    const prepared = steps.prepareCreate(defaulted);
    verdict.errors = steps.validateCreate(prepared);
    verdict.warnings = steps.warnings(prepared);
  } else {
    const old = steps.defaults(oldObject);
    const prepared = steps.prepareUpdate(defaulted, old);
    verdict.errors = steps.validateUpdate(prepared, old);
    verdict.warnings = steps.warnings(prepared, old);
  }
  // The API server returns warnings only for objects it accepts (rest.BeforeCreate/BeforeUpdate
  // warn after validation passed), and a rejected object is never patched.
  if (verdict.errors.length > 0) {
    verdict.patch = [];
    verdict.warnings = [];
  }
}

/**
 * Judges one Job or CronJob as the 1.36 API server would on CREATE or UPDATE, plus batchguard's
 * defaults patch and warnings. Other kinds come back `supported: false`. Never throws.
 */
export function reviewObject(input: ReviewInput): Verdict {
  const kind = typeof input?.kind === 'string' ? input.kind : '';
  const object = input?.object;
  const verdict: Verdict = {
    kind,
    name: metaString(object, 'name'),
    namespace: metaString(object, 'namespace') || (typeof input?.namespace === 'string' ? input.namespace : ''),
    errors: [],
    warnings: [],
    patch: [],
    supported: Object.hasOwn(STEPS, kind),
  };
  if (!verdict.supported) return verdict;
  if (input.operation !== 'CREATE' && input.operation !== 'UPDATE') {
    verdict.errors = [internal(root('operation'), `unsupported operation ${String(input.operation)}`)];
    return verdict;
  }
  try {
    review(input, verdict);
  } catch (e) {
    verdict.errors = [internal(root(''), `batchguard: ${e instanceof Error ? e.message : String(e)}`)];
    verdict.warnings = [];
    verdict.patch = [];
  }
  return verdict;
}
