// JobValidationOptions as the 1.36 job strategy computes them (validationOptionsForJob in
// pkg/registry/batch/job/strategy.go, with MutablePodResourcesForSuspendedJobs and
// MutableSchedulingDirectivesForSuspendedJobs beta and on by default in 1.36).
import { arr, isObject, obj, str } from './meta/json.ts';
import { isLabelValue } from './names.ts';
import type { JobSpecOptions } from './jobspec.ts';
import { podTemplateOptionsFor } from './podtemplate/index.ts';

export interface JobValidationOptions {
  readonly spec: JobSpecOptions;
  /** Require the batch.kubernetes.io/{job-name,controller-uid} template labels (old template had both; always on create). */
  readonly requirePrefixedLabels: boolean;
  /** nodeSelector, tolerations, schedulingGates, nodeAffinity and template labels/annotations may change. */
  readonly allowMutableSchedulingDirectives: boolean;
  /** Container and initContainer resources may change (only the pod spec is then compared). */
  readonly allowMutablePodResources: boolean;
}

export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

const isTrue = (conditions: unknown, type: string): boolean =>
  arr(conditions).some((c) => str(obj(c).type) === type && str(obj(c).status) === 'True');

/**
 * shouldAllowMutablePodTemplate: the old Job is suspended, has no active pods, and either never started or
 * carries Suspended=True. Both 1.36 gates use it.
 */
export function allowsMutablePodTemplate(oldJob: unknown): boolean {
  const spec = obj(obj(oldJob).spec);
  const status = obj(obj(oldJob).status);
  const suspended = spec.suspend === true;
  const notStarted = status.startTime == null;
  const active = typeof status.active === 'number' ? status.active : 0;
  return suspended && (notStarted || isTrue(status.conditions, 'Suspended')) && active === 0;
}

/** metav1validation.LabelSelectorHasInvalidLabelValue: only matchExpressions values count. */
function selectorHasInvalidLabelValue(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  return arr(selector.matchExpressions).some((e) => arr(obj(e).values).some((v) => isLabelValue(str(v)).length > 0));
}

const CREATE_OPTIONS: JobValidationOptions = Object.freeze({
  spec: Object.freeze({ podTemplate: Object.freeze({}), allowInvalidLabelValueInSelector: false }),
  requirePrefixedLabels: true,
  allowMutableSchedulingDirectives: false,
  allowMutablePodResources: false,
});

/** validationOptionsForJob(newJob, oldJob); `oldJob` undefined on create. */
export function jobValidationOptions(oldJob?: unknown): JobValidationOptions {
  if (oldJob === undefined) return CREATE_OPTIONS;
  const oldSpec = obj(obj(oldJob).spec);
  const oldTemplate = obj(oldSpec.template);
  const oldLabels = obj(obj(oldTemplate.metadata).labels);
  const podTemplate = podTemplateOptionsFor(oldTemplate);
  // The Job strategy widens the pod option with its own selector, and uses it for both.
  const allowInvalidLabelValueInSelector = podTemplate.allowInvalidLabelValueInSelector === true || selectorHasInvalidLabelValue(oldSpec.selector);
  const mutable = allowsMutablePodTemplate(oldJob);
  return {
    spec: { podTemplate: { ...podTemplate, allowInvalidLabelValueInSelector }, allowInvalidLabelValueInSelector },
    requirePrefixedLabels: Object.hasOwn(oldLabels, JOB_NAME_LABEL) && Object.hasOwn(oldLabels, CONTROLLER_UID_LABEL),
    allowMutableSchedulingDirectives: mutable,
    allowMutablePodResources: mutable,
  };
}
