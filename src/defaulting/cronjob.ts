// SetObjectDefaults_CronJob (pkg/apis/batch/v1, Kubernetes 1.36). The Job-level defaults
// (completions, backoffLimit, ...) are NOT applied to spec.jobTemplate.spec: the generated
// defaulter only reaches the podFailurePolicy condition status and the pod template there.
import { applyJobPolicy, defaultJobTemplateParts } from './job.ts';
import { edited, isObject, isZero, type Draft } from './object.ts';
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

function defaultCronJobSpec(s: Draft): void {
  s.default('concurrencyPolicy', 'Allow', isZero);
  s.default('suspend', false);
  s.default('successfulJobsHistoryLimit', 3);
  s.default('failedJobsHistoryLimit', 1);
  s.object('jobTemplate', (t) => t.object('spec', defaultJobTemplateParts));
}

/** The API server's defaults for a CronJob, after `policy.cronJob` values; pure, like defaultJob. */
export function defaultCronJob<T>(cj: T, policy?: Policy): T {
  if (!isObject(cj)) return cj;
  return edited(cj, (c) =>
    c.object('spec', (s) => {
      applyCronJobPolicy(s, policy?.cronJob);
      defaultCronJobSpec(s);
    }),
  ) as T;
}
