// SetObjectDefaults_Job (pkg/apis/batch/v1, Kubernetes 1.36): the Job-level defaults, the
// podFailurePolicy condition status, then the core pod-spec defaults on the template.
import { defaultPodSpec } from './podspec.ts';
import { Draft, isObject, isUnset, isZero, policyThenDefaults, type Copy } from './object.ts';
import type { JobPolicy, Policy } from './policy.ts';

const MAX_INT32 = 2147483647;

/** Applies operator policy values where the user left the field unset. */
export function applyJobPolicy(s: Draft, policy: JobPolicy | undefined): void {
  if (!policy) return;
  if (policy.ttlSecondsAfterFinished !== undefined) s.default('ttlSecondsAfterFinished', policy.ttlSecondsAfterFinished);
  if (policy.activeDeadlineSeconds !== undefined) s.default('activeDeadlineSeconds', policy.activeDeadlineSeconds);
  if (policy.backoffLimit !== undefined) s.default('backoffLimit', policy.backoffLimit);
}

/** The defaults a job template's spec gets too: podFailurePolicy condition status, pod template. */
export function defaultJobTemplateParts(s: Draft): void {
  s.present('podFailurePolicy', defaultPodFailurePolicy);
  s.object('template', defaultTemplate, copyTemplate);
}

// Spreads of their own for the hot kinds of object (see Copy in object.ts).
const copyJob: Copy = (o) => ({ ...o });
export const copyJobSpec: Copy = (o) => ({ ...o });
const copyTemplate: Copy = (o) => ({ ...o });
const copyPodSpec: Copy = (o) => ({ ...o });

// Module-level edits: inline arrows would be new closures on every request.
const defaultConditionStatus = (c: Draft): void => c.default('status', 'True', isZero);
const defaultRule = (rule: Draft): void => rule.each('onPodConditions', defaultConditionStatus);
const defaultPodFailurePolicy = (pfp: Draft): void => pfp.each('rules', defaultRule);
const defaultTemplate = (t: Draft): void => t.object('spec', defaultPodSpec, copyPodSpec);

function defaultJobSpec(s: Draft): void {
  if (isUnset(s.get('completions')) && isUnset(s.get('parallelism'))) {
    s.set('completions', 1);
    s.set('parallelism', 1);
  }
  s.default('parallelism', 1);
  s.default('backoffLimit', isUnset(s.get('backoffLimitPerIndex')) ? 6 : MAX_INT32);
  s.default('completionMode', 'NonIndexed');
  s.default('suspend', false);
  s.default('podReplacementPolicy', isUnset(s.get('podFailurePolicy')) ? 'TerminatingOrFailed' : 'Failed');
  s.default('manualSelector', false);
  defaultJobTemplateParts(s);
}

/**
 * The API server's defaults for a Job, after `policy.job` values for fields the user left unset.
 * Pure: returns `job` itself when nothing changes, otherwise a copy sharing unchanged parts.
 * A value that is not a JSON object is returned as it is.
 */
export function defaultJob<T>(job: T, policy?: Policy): T {
  if (!isObject(job)) return job;
  const j = new Draft(job, copyJob);
  j.object('spec', policyThenDefaults(defaultJobSpec, applyJobPolicy, policy?.job), copyJobSpec);
  return j.result() as T;
}
