// The status subresource (PUT/PATCH jobs/status): jobStatusStrategy.PrepareForUpdate keeps the stored spec,
// getStatusValidationOptions turns the rules on only for fields that changed (JobManagedBy is GA in 1.35),
// and ValidateJobUpdateStatus checks the status (batch validation.go, 1.36). The embedded controller can use
// it to prove that the status it writes is one the API server would accept.
import { OMIT, duplicate, invalid, required, root, type ErrorList, type Path } from '../field/index.ts';
import { validateObjectMetaUpdate } from './meta/index.ts';
import { arr, isObject, obj, str, type JsonObject } from './meta/json.ts';
import { indexesOverlapMessage, parseIndexesFromString } from './indexes.ts';
import { semanticEqual } from './jobequality.ts';

interface StatusOptions {
  rejectDecreasingSucceededCounter: boolean;
  rejectDecreasingFailedCounter: boolean;
  rejectDisablingTerminalCondition: boolean;
  rejectInvalidCompletedIndexes: boolean;
  rejectInvalidFailedIndexes: boolean;
  rejectFailedIndexesOverlappingCompleted: boolean;
  rejectCompletedIndexesForNonIndexedJob: boolean;
  rejectFailedIndexesForNoBackoffLimitPerIndex: boolean;
  rejectFailedJobWithoutFailureTarget: boolean;
  rejectCompleteJobWithoutSuccessCriteriaMet: boolean;
  rejectFinishedJobWithActivePods: boolean;
  rejectFinishedJobWithoutStartTime: boolean;
  rejectFinishedJobWithUncountedTerminatedPods: boolean;
  rejectStartTimeUpdateForUnsuspendedJob: boolean;
  rejectCompletionTimeBeforeStartTime: boolean;
  rejectMutatingCompletionTime: boolean;
  rejectCompleteJobWithoutCompletionTime: boolean;
  rejectNotCompleteJobWithCompletionTime: boolean;
  rejectCompleteJobWithFailedCondition: boolean;
  rejectCompleteJobWithFailureTargetCondition: boolean;
  allowForSuccessCriteriaMetInExtendedScope: boolean;
  rejectMoreReadyThanActivePods: boolean;
  rejectFinishedJobWithTerminatingPods: boolean;
}

const STATUS = root('status');
const NEGATIVE = 'must be greater than or equal to 0';

const statusOf = (job: JsonObject): JsonObject => obj(job.status);
const specOf = (job: JsonObject): JsonObject => obj(job.spec);
const conditionIs = (job: JsonObject, type: string, status: string): boolean =>
  arr(statusOf(job).conditions).some((c) => str(obj(c).type) === type && str(obj(c).status) === status);
const isTrue = (job: JsonObject, type: string): boolean => conditionIs(job, type, 'True');
const isComplete = (job: JsonObject): boolean => isTrue(job, 'Complete');
const isFailed = (job: JsonObject): boolean => isTrue(job, 'Failed');
const isFinished = (job: JsonObject): boolean => isComplete(job) || isFailed(job);
const successCriteriaMet = (job: JsonObject): boolean => isTrue(job, 'SuccessCriteriaMet');
const failureTarget = (job: JsonObject): boolean => isTrue(job, 'FailureTarget');
const isIndexed = (job: JsonObject): boolean => specOf(job).completionMode === 'Indexed';
const counter = (v: unknown): number => (typeof v === 'number' ? v : 0);
const optional = (v: unknown): unknown => (v === undefined ? null : v);

/** metav1.Time pointers: equal when both unset or both the same instant. */
function sameTime(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  const ta = Date.parse(str(a));
  const tb = Date.parse(str(b));
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : ta === tb;
}

function statusOptions(job: JsonObject, oldJob: JsonObject): StatusOptions {
  const s = statusOf(job);
  const o = statusOf(oldJob);
  const spec = specOf(job);
  const finishedChanged = isFinished(oldJob) !== isFinished(job);
  const completeChanged = isComplete(oldJob) !== isComplete(job);
  const failedChanged = isFailed(oldJob) !== isFailed(job);
  const failureTargetChanged = failureTarget(oldJob) !== failureTarget(job);
  const successCriteriaMetChanged = successCriteriaMet(oldJob) !== successCriteriaMet(job);
  const completedIndexesChanged = str(o.completedIndexes) !== str(s.completedIndexes);
  const failedIndexesChanged = optional(o.failedIndexes) !== optional(s.failedIndexes);
  const activeChanged = counter(o.active) !== counter(s.active);
  const startTimeChanged = !sameTime(o.startTime, s.startTime);
  const completionTimeChanged = !sameTime(o.completionTime, s.completionTime);
  const uncountedChanged = !sameUncounted(o.uncountedTerminatedPods, s.uncountedTerminatedPods);
  const readyChanged = optional(o.ready) !== optional(s.ready);
  const terminatingChanged = optional(o.terminating) !== optional(s.terminating);
  const suspendedWithZeroCompletions = spec.suspend === true && spec.completions === 0;
  // Resuming shows as Suspended going True -> False (kubernetes/kubernetes#134521).
  const resuming = isTrue(oldJob, 'Suspended') && conditionIs(job, 'Suspended', 'False');
  return {
    // Indexed Jobs with completions == parallelism can scale down, losing succeeded pods.
    rejectDecreasingSucceededCounter: !isIndexed(job) || optional(spec.completions) !== optional(spec.parallelism),
    rejectDecreasingFailedCounter: true,
    rejectDisablingTerminalCondition: true,
    rejectInvalidCompletedIndexes: completedIndexesChanged,
    rejectInvalidFailedIndexes: failedIndexesChanged,
    rejectCompletedIndexesForNonIndexedJob: completedIndexesChanged,
    rejectFailedIndexesForNoBackoffLimitPerIndex: failedIndexesChanged,
    rejectFailedIndexesOverlappingCompleted: failedIndexesChanged || completedIndexesChanged,
    rejectFailedJobWithoutFailureTarget: failedChanged || failedIndexesChanged,
    rejectCompleteJobWithoutSuccessCriteriaMet: completeChanged || successCriteriaMetChanged,
    rejectFinishedJobWithActivePods: finishedChanged || activeChanged,
    rejectFinishedJobWithoutStartTime: (finishedChanged || startTimeChanged) && !suspendedWithZeroCompletions,
    rejectFinishedJobWithUncountedTerminatedPods: finishedChanged || uncountedChanged,
    rejectStartTimeUpdateForUnsuspendedJob: startTimeChanged && !resuming,
    rejectCompletionTimeBeforeStartTime: startTimeChanged || completionTimeChanged,
    rejectMutatingCompletionTime: true,
    rejectNotCompleteJobWithCompletionTime: completeChanged || completionTimeChanged,
    rejectCompleteJobWithoutCompletionTime: completeChanged || completionTimeChanged,
    rejectCompleteJobWithFailedCondition: completeChanged || failedChanged,
    rejectCompleteJobWithFailureTargetCondition: completeChanged || failureTargetChanged,
    allowForSuccessCriteriaMetInExtendedScope: true,
    rejectMoreReadyThanActivePods: readyChanged || activeChanged,
    rejectFinishedJobWithTerminatingPods: finishedChanged || terminatingChanged,
  };
}

/** Semantic.DeepEqual of two *UncountedTerminatedPods: nil differs from an empty struct. */
function sameUncounted(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return !isObject(a) && !isObject(b);
  return semanticEqual(a.succeeded, b.succeeded) && semanticEqual(a.failed, b.failed);
}

/** The internal UncountedTerminatedPods as printed in errors (Go field names). */
const internalUncounted = (v: JsonObject): unknown => ({
  Succeeded: Array.isArray(v.succeeded) ? v.succeeded : null,
  Failed: Array.isArray(v.failed) ? v.failed : null,
});

function validateJobStatus(job: JsonObject, path: Path, opts: StatusOptions): ErrorList {
  const errs: ErrorList = [];
  const status = statusOf(job);
  const spec = specOf(job);
  const active = counter(status.active);
  for (const name of ['active', 'succeeded', 'failed']) {
    const v = counter(status[name]);
    if (v < 0) errs.push(invalid(path.child(name), v, NEGATIVE));
  }
  for (const name of ['ready', 'terminating']) {
    const v = status[name];
    if (typeof v === 'number' && v < 0) errs.push(invalid(path.child(name), v, NEGATIVE));
  }
  if (isObject(status.uncountedTerminatedPods)) {
    const uncounted = status.uncountedTerminatedPods;
    const p = path.child('uncountedTerminatedPods');
    const seen = new Set<string>();
    for (const list of ['succeeded', 'failed']) {
      arr(uncounted[list]).forEach((u, i) => {
        const uid = str(u);
        const itemPath = p.child(list).index(i);
        if (uid === '') errs.push(invalid(itemPath, uid, 'must not be empty'));
        else if (seen.has(uid)) errs.push(duplicate(itemPath, uid));
        else seen.add(uid);
      });
    }
  }
  const conditions = path.child('conditions');
  if (opts.rejectCompleteJobWithFailedCondition && isComplete(job) && isFailed(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set Complete=True and Failed=true conditions'));
  }
  if (opts.rejectCompleteJobWithFailureTargetCondition && isComplete(job) && failureTarget(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set Complete=True and FailureTarget=true conditions'));
  }
  const completionTime = status.completionTime;
  const startTime = status.startTime;
  if (opts.rejectNotCompleteJobWithCompletionTime && completionTime != null && !isComplete(job)) {
    errs.push(invalid(path.child('completionTime'), completionTime, 'cannot set completionTime when there is no Complete=True condition'));
  }
  if (opts.rejectCompleteJobWithoutCompletionTime && completionTime == null && isComplete(job)) {
    errs.push(required(path.child('completionTime'), 'completionTime is required for Complete jobs'));
  }
  if (opts.rejectCompletionTimeBeforeStartTime && startTime != null && completionTime != null) {
    if (Date.parse(str(completionTime)) < Date.parse(str(startTime))) {
      errs.push(invalid(path.child('completionTime'), completionTime, 'must be equal to or after `startTime`'));
    }
  }
  if (opts.rejectFailedJobWithoutFailureTarget && isFailed(job) && !failureTarget(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set Failed=True condition without the FailureTarget=true condition'));
  }
  if (opts.rejectCompleteJobWithoutSuccessCriteriaMet && isComplete(job) && !successCriteriaMet(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set Complete=True condition without the SuccessCriteriaMet=true condition'));
  }
  const finished = isFinished(job);
  if (opts.rejectFinishedJobWithActivePods && active > 0 && finished) {
    errs.push(invalid(path.child('active'), active, 'active>0 is invalid for finished job'));
  }
  if (opts.rejectFinishedJobWithoutStartTime && startTime == null && finished) {
    errs.push(required(path.child('startTime'), 'startTime is required for finished job'));
  }
  if (opts.rejectFinishedJobWithUncountedTerminatedPods && finished && isObject(status.uncountedTerminatedPods)) {
    const u = status.uncountedTerminatedPods;
    if (arr(u.failed).length + arr(u.succeeded).length > 0) {
      errs.push(invalid(path.child('uncountedTerminatedPods'), internalUncounted(u), 'must be empty for finished job'));
    }
  }
  const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
  const completedIndexes = str(status.completedIndexes);
  const failedIndexes = typeof status.failedIndexes === 'string' ? status.failedIndexes : undefined;
  if (opts.rejectInvalidCompletedIndexes && completions !== undefined) {
    const parsed = parseIndexesFromString(completedIndexes, completions);
    if (!parsed.ok) errs.push(invalid(path.child('completedIndexes'), completedIndexes, `error parsing completedIndexes: ${parsed.message}`));
  }
  if (opts.rejectInvalidFailedIndexes && completions !== undefined && spec.backoffLimitPerIndex != null && failedIndexes !== undefined) {
    const parsed = parseIndexesFromString(failedIndexes, completions);
    if (!parsed.ok) errs.push(invalid(path.child('failedIndexes'), failedIndexes, `error parsing failedIndexes: ${parsed.message}`));
  }
  if (opts.rejectCompletedIndexesForNonIndexedJob && completedIndexes.length > 0 && !isIndexed(job)) {
    errs.push(invalid(path.child('completedIndexes'), completedIndexes, 'cannot set non-empty completedIndexes when non-indexed completion mode'));
  }
  if (opts.rejectFailedIndexesForNoBackoffLimitPerIndex && spec.backoffLimitPerIndex == null && failedIndexes !== undefined) {
    errs.push(invalid(path.child('failedIndexes'), failedIndexes, 'cannot set non-null failedIndexes when backoffLimitPerIndex is null'));
  }
  if (opts.rejectFailedIndexesOverlappingCompleted && completions !== undefined && failedIndexes !== undefined) {
    const overlap = indexesOverlapMessage(completedIndexes, failedIndexes, completions);
    if (overlap !== undefined) errs.push(invalid(path.child('failedIndexes'), failedIndexes, overlap));
  }
  if (opts.rejectFinishedJobWithTerminatingPods && typeof status.terminating === 'number' && status.terminating > 0 && finished) {
    errs.push(invalid(path.child('terminating'), status.terminating, 'terminating>0 is invalid for finished job'));
  }
  if (opts.rejectMoreReadyThanActivePods && typeof status.ready === 'number' && status.ready > active) {
    errs.push(invalid(path.child('ready'), status.ready, 'cannot set more ready pods than active'));
  }
  const criteriaMet = successCriteriaMet(job);
  if (!opts.allowForSuccessCriteriaMetInExtendedScope && !isIndexed(job) && criteriaMet) {
    errs.push(invalid(conditions, OMIT, 'cannot set SuccessCriteriaMet to NonIndexed Job'));
  }
  if (criteriaMet && isFailed(job)) errs.push(invalid(conditions, OMIT, 'cannot set SuccessCriteriaMet=True and Failed=true conditions'));
  if (criteriaMet && failureTarget(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set SuccessCriteriaMet=True and FailureTarget=true conditions'));
  }
  const hasSuccessPolicy = isObject(spec.successPolicy);
  if (!opts.allowForSuccessCriteriaMetInExtendedScope && !hasSuccessPolicy && criteriaMet) {
    errs.push(invalid(conditions, OMIT, 'cannot set SuccessCriteriaMet=True for Job without SuccessPolicy'));
  }
  if (hasSuccessPolicy && !criteriaMet && isComplete(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True'));
  }
  return errs;
}

/** jobStatusStrategy.PrepareForUpdate: the stored spec wins over whatever the request carried. */
export function prepareJobStatusForUpdate(jobIn: unknown, oldJobIn: unknown): JsonObject {
  const job = obj(jobIn);
  const prepared: JsonObject = { ...job };
  const oldSpec = obj(oldJobIn).spec;
  if (oldSpec === undefined) delete prepared.spec;
  else prepared.spec = oldSpec;
  return prepared;
}

/** ValidateJobUpdateStatus with the 1.36 options (jobStatusStrategy.ValidateUpdate); `job` is prepared. */
export function validateJobStatusUpdate(jobIn: unknown, oldJobIn: unknown): ErrorList {
  const job = obj(jobIn);
  const oldJob = obj(oldJobIn);
  const opts = statusOptions(job, oldJob);
  const errs = validateObjectMetaUpdate(job.metadata, oldJob.metadata, root('metadata'));
  errs.push(...validateJobStatus(job, STATUS, opts));
  const conditions = STATUS.child('conditions');
  const status = statusOf(job);
  const oldStatus = statusOf(oldJob);
  for (const type of ['Failed', 'Complete', 'FailureTarget']) {
    if (isTrue(oldJob, type) && !isTrue(job, type)) errs.push(invalid(conditions, OMIT, `cannot disable the terminal ${type}=True condition`));
  }
  if (counter(status.failed) < counter(oldStatus.failed)) {
    errs.push(invalid(STATUS.child('failed'), counter(status.failed), 'cannot decrease the failed counter'));
  }
  if (opts.rejectDecreasingSucceededCounter && counter(status.succeeded) < counter(oldStatus.succeeded)) {
    errs.push(invalid(STATUS.child('succeeded'), counter(status.succeeded), 'cannot decrease the succeeded counter'));
  }
  if (status.completionTime != null && oldStatus.completionTime != null && !sameTime(status.completionTime, oldStatus.completionTime)) {
    errs.push(invalid(STATUS.child('completionTime'), status.completionTime, 'field is immutable'));
  }
  if (opts.rejectStartTimeUpdateForUnsuspendedJob && oldStatus.startTime != null && !sameTime(oldStatus.startTime, status.startTime)) {
    if (specOf(job).suspend !== true) {
      errs.push(invalid(STATUS.child('startTime'), optional(status.startTime), 'field is immutable for unsuspended job once set'));
    }
  }
  if (successCriteriaMet(oldJob) && !successCriteriaMet(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot disable the SuccessCriteriaMet=True condition'));
  }
  if (isComplete(oldJob) && !successCriteriaMet(oldJob) && successCriteriaMet(job)) {
    errs.push(invalid(conditions, OMIT, 'cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions'));
  }
  return errs;
}
