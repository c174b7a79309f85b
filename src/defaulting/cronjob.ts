// SetObjectDefaults_CronJob (pkg/apis/batch/v1, Kubernetes 1.36). The Job-level defaults
// (completions, backoffLimit, ...) are NOT applied to spec.jobTemplate.spec: the generated
// defaulter only reaches the podFailurePolicy condition status and the pod template there.
import { applyJobPolicy, copyJobSpec, defaultJobTemplateParts } from './job.ts';
import { Draft, isObject, isZero, policyThenDefaults, type Copy } from './object.ts';
import type { CronJobPolicy, Policy } from './policy.ts';

function applyCronJobPolicy(s: Draft, policy: CronJobPolicy | undefined): void {
  if (!policy) return;
  if (policy.startingDeadlineSeconds !== undefined) s.default('startingDeadlineSeconds', policy.startingDeadlineSeconds);
  if (policy.successfulJobsHistoryLimit !== undefined) s.default('successfulJobsHistoryLimit', policy.successfulJobsHistoryLimit);
  if (policy.failedJobsHistoryLimit !== undefined) s.default('failedJobsHistoryLimit', policy.failedJobsHistoryLimit);
  if (policy.concurrencyPolicy !== undefined) s.default('concurrencyPolicy', policy.concurrencyPolicy, isZero);
  if (policy.timeZone !== undefined) s.default('timeZone', policy.timeZone);
  const template = policy.jobTemplate;
  if (template) s.object('jobTemplate', (t) => t.object('spec', (js) => applyJobPolicy(js, template)));
}

// Spreads of their own for the hot kinds of object (see Copy in object.ts).
const copyCronJob: Copy = (o) => ({ ...o });
const copyCronJobSpec: Copy = (o) => ({ ...o });
const copyJobTemplate: Copy = (o) => ({ ...o });

const defaultJobTemplate = (t: Draft): void => t.object('spec', defaultJobTemplateParts, copyJobSpec);

function defaultCronJobSpec(s: Draft): void {
  s.default('concurrencyPolicy', 'Allow', isZero);
  s.default('suspend', false);
  s.default('successfulJobsHistoryLimit', 3);
  s.default('failedJobsHistoryLimit', 1);
  s.object('jobTemplate', defaultJobTemplate, copyJobTemplate);
}

/** The API server's defaults for a CronJob, after `policy.cronJob` values; pure, like defaultJob. */
export function defaultCronJob<T>(cj: T, policy?: Policy): T {
  if (!isObject(cj)) return cj;
  const c = new Draft(cj, copyCronJob);
  c.object('spec', policyThenDefaults(defaultCronJobSpec, applyCronJobPolicy, policy?.cronJob), copyCronJobSpec);
  return c.result() as T;
}
