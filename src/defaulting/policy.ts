// Operator policy defaults: values an operator wants on every Job (or CronJob job template)
// whose author left the field unset. Loaded by callers from a YAML or JSON file; applied before
// the API server's own defaults, so `backoffLimit` here wins over the built-in 6 only on raw
// objects (the CLI). Behind a real API server the webhook sees objects already defaulted.

export interface JobPolicy {
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
}

export interface CronJobPolicy {
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  timeZone?: string;
  /** Defaults for spec.jobTemplate.spec; the Job-level `job` defaults are not inherited. */
  jobTemplate?: JobPolicy;
}

export interface Policy {
  job?: JobPolicy;
  cronJob?: CronJobPolicy;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; message: string };

const JOB_INT_FIELDS = ['ttlSecondsAfterFinished', 'activeDeadlineSeconds', 'backoffLimit'] as const;
const CRON_INT_FIELDS = ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const;
const INT32_MAX = 2147483647;
const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkInts(section: Record<string, unknown>, fields: readonly string[], where: string, max: number): string | undefined {
  for (const f of fields) {
    const v = section[f];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
      return `${where}.${f}: must be an integer between 0 and ${max}`;
    }
  }
  return undefined;
}

function checkKeys(section: Record<string, unknown>, allowed: readonly string[], where: string): string | undefined {
  const unknown = Object.keys(section).filter((k) => !allowed.includes(k));
  return unknown.length > 0 ? `${where}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : undefined;
}

function parseJobPolicy(v: unknown, where: string): { policy?: JobPolicy; message?: string } {
  if (v === undefined) return {};
  if (!isRecord(v)) return { message: `${where}: must be a mapping` };
  const message =
    checkKeys(v, JOB_INT_FIELDS, where) ??
    checkInts(v, ['ttlSecondsAfterFinished', 'backoffLimit'], where, INT32_MAX) ??
    checkInts(v, ['activeDeadlineSeconds'], where, Number.MAX_SAFE_INTEGER);
  return message ? { message } : { policy: { ...v } as JobPolicy };
}

/** Checks a parsed policy document (`{job: {...}, cronJob: {...}}`); unknown fields are errors. */
export function parsePolicy(doc: unknown): PolicyResult {
  if (doc === null || doc === undefined) return { ok: true, policy: {} };
  if (!isRecord(doc)) return { ok: false, message: 'policy: must be a mapping with keys job and cronJob' };
  const top = checkKeys(doc, ['job', 'cronJob'], 'policy');
  if (top) return { ok: false, message: top };
  const job = parseJobPolicy(doc.job, 'job');
  if (job.message) return { ok: false, message: job.message };
  const policy: Policy = {};
  if (job.policy) policy.job = job.policy;
  if (doc.cronJob !== undefined) {
    const cj = doc.cronJob;
    if (!isRecord(cj)) return { ok: false, message: 'cronJob: must be a mapping' };
    const keys = [...CRON_INT_FIELDS, 'concurrencyPolicy', 'timeZone', 'jobTemplate'];
    const bad = checkKeys(cj, keys, 'cronJob') ?? checkInts(cj, CRON_INT_FIELDS, 'cronJob', INT32_MAX);
    if (bad) return { ok: false, message: bad };
    if (cj.startingDeadlineSeconds !== undefined && (cj.startingDeadlineSeconds as number) > Number.MAX_SAFE_INTEGER) {
      return { ok: false, message: 'cronJob.startingDeadlineSeconds: too large' };
    }
    if (cj.concurrencyPolicy !== undefined && !CONCURRENCY.includes(cj.concurrencyPolicy as string)) {
      return { ok: false, message: `cronJob.concurrencyPolicy: must be one of ${CONCURRENCY.join(', ')}` };
    }
    if (cj.timeZone !== undefined && (typeof cj.timeZone !== 'string' || cj.timeZone === '')) {
      return { ok: false, message: 'cronJob.timeZone: must be a non-empty string' };
    }
    const template = parseJobPolicy(cj.jobTemplate, 'cronJob.jobTemplate');
    if (template.message) return { ok: false, message: template.message };
    const { jobTemplate: _ignored, ...rest } = cj;
    policy.cronJob = { ...(rest as CronJobPolicy), ...(template.policy ? { jobTemplate: template.policy } : {}) };
  }
  return { ok: true, policy };
}
