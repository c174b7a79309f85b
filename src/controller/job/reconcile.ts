// The decision of one Job sync (job_controller.go syncJob, manageJob and
// trackJobStatusAndRemoveFinalizers), as a pure function from what the informers show to the
// actions to take. The executor performs them in order: pod deletions or creations, the first
// status write, finalizer removals, then `afterFinalizerRemoval` for the second status write.
import { DEFAULT_BACKOFF, EMPTY_BACKOFF, nextBackoffRecord, remainingTime, remainingTimePerIndex } from './backoff.ts';
import type { BackoffConfig, BackoffRecord } from './backoff.ts';
import { ensureCondition, findCondition, hasTrueCondition, isFinished, newCondition, rfc3339 } from './conditions.ts';
import {
  MAX_POD_CREATE_DELETE_PER_SYNC, MAX_UNCOUNTED_PODS, REASON_BACKOFF_LIMIT_EXCEEDED, REASON_COMPLETIONS_REACHED,
  REASON_DEADLINE_EXCEEDED, REASON_FAILED_INDEXES, REASON_MAX_FAILED_INDEXES_EXCEEDED, REASON_POD_FAILURE_POLICY,
  REASON_SUCCESS_POLICY,
} from './constants.ts';
import { formatIntervals, has, parseIntervals, total, withIndexes } from './intervals.ts';
import type { Intervals } from './intervals.ts';
import { matchPodFailurePolicy } from './podfailurepolicy.ts';
import {
  UNKNOWN_INDEX, compareForRemoval, completionIndexOf, finishedTime, hasBackoffLimitPerIndex, hasTrackingFinalizer,
  indexAbsoluteFailureCount, indexFailureCount, isActive, isIndexedJob, isPodFailed, isReady, isTerminating,
  onlyReplaceFailedPods, phaseOf,
} from './pods.ts';
import { matchSuccessPolicy } from './successpolicy.ts';
import { podFromTemplate } from './template.ts';
import type { Job, JobCondition, JobStatus, Pod } from './types.ts';

export interface SyncLimits {
  backoff: BackoffConfig;
  maxUncountedPods: number;
  maxPodCreateDeletePerSync: number;
}

export const DEFAULT_LIMITS: SyncLimits = {
  backoff: DEFAULT_BACKOFF,
  maxUncountedPods: MAX_UNCOUNTED_PODS,
  maxPodCreateDeletePerSync: MAX_POD_CREATE_DELETE_PER_SYNC,
};

/** What the controller remembers between syncs of one Job (never persisted). */
export interface SyncMemory {
  /** Creation/deletion expectations are satisfied (snapshot taken before listing pods). */
  satisfiedExpectations: boolean;
  /** Pods whose finalizer removal was requested and not yet observed. */
  expectedFinalizerRemovals: ReadonlySet<string>;
  backoff: BackoffRecord | undefined;
}

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface PodDeletion {
  pod: Pod;
  /** manageJob removes the finalizer first so the pod is not counted; a finishing Job keeps it. */
  removeFinalizerFirst: boolean;
}

export interface SyncPlan {
  /** Why nothing is done (foreign or finished Job); undefined when the sync proceeds. */
  skip: string | undefined;
  deletions: PodDeletion[];
  /** Deletions announced to the expectations (manageJob's, not a finishing Job's). */
  expectedDeletions: number;
  creations: Pod[];
  /** Re-sync after this many ms (deadline, backoff); undefined for none. */
  requeueAfterMs: number | undefined;
  events: JobEvent[];
  /** The status after this sync's pod changes, with the newly finished pods recorded as uncounted. */
  status: JobStatus;
  /** Whether `status` differs from the stored one and must be written before removing finalizers. */
  writeStatus: boolean;
  backoff: BackoffRecord;
  finalizerRemovals: Pod[];
  /** UIDs of pods still carrying the finalizer (and not expected to lose it). */
  uidsWithFinalizer: Set<string>;
  /** Complete or Failed, to add once nothing is uncounted or terminating. */
  finish: JobCondition | undefined;
  reachedMaxUncounted: boolean;
}

function skipPlan(job: Job, reason: string, events: JobEvent[] = []): SyncPlan {
  return {
    skip: reason, deletions: [], expectedDeletions: 0, creations: [], requeueAfterMs: undefined, events,
    status: job.status ?? {}, writeStatus: false, backoff: EMPTY_BACKOFF,
    finalizerRemovals: [], uidsWithFinalizer: new Set(), finish: undefined, reachedMaxUncounted: false,
  };
}

/** Whether spec.managedBy hands this Job to the controller named controllerName. */
export function isManagedBy(job: Job, controllerName: string): boolean {
  return job.spec?.managedBy === controllerName;
}

function pastBackoffLimitOnFailure(job: Job, pods: Pod[], backoffLimit: number): boolean {
  if (job.spec.template.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = phaseOf(p);
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}

function byCompletionIndex(pods: Pod[]): Pod[] {
  return [...pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b));
}

/** activePodsForRemoval: duplicated/invalid indexes first, then the ActivePods ranking. */
function activePodsForRemoval(job: Job, pods: Pod[], rmAtLeast: number, completions: number): Pod[] {
  const rm: Pod[] = [];
  let left: Pod[] = [];
  if (isIndexedJob(job)) {
    const sorted = byCompletionIndex(pods);
    let i = 0;
    while (i < sorted.length) {
      const ix = completionIndexOf(sorted[i]);
      if (ix >= completions) {
        rm.push(...sorted.slice(i));
        break;
      }
      let j = i;
      while (j < sorted.length && completionIndexOf(sorted[j]) === ix) j++;
      const group = sorted.slice(i, j);
      if (ix === UNKNOWN_INDEX) rm.push(...group);
      else if (group.length === 1) left.push(group[0]);
      else {
        group.sort(compareForRemoval);
        rm.push(...group.slice(0, -1));
        left.push(group[group.length - 1]);
      }
      i = j;
    }
  } else {
    left = pods;
  }
  if (rm.length < rmAtLeast) {
    const ranked = [...left].sort(compareForRemoval);
    rm.push(...ranked.slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

function indexesOf(pods: Pod[]): number[] {
  return pods.map(completionIndexOf).filter((ix) => ix !== UNKNOWN_INDEX);
}

function firstPendingIndexes(count: number, completions: number, nonPending: Intervals): number[] {
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

export function reconcile(job: Job, pods: Pod[], now: number, memory: SyncMemory, controllerName: string, limits: SyncLimits = DEFAULT_LIMITS): SyncPlan {
  if (!isManagedBy(job, controllerName)) return skipPlan(job, 'managed by another controller');
  if (isFinished(job.status?.conditions)) return skipPlan(job, 'finished');
  if (job.spec.completionMode && job.spec.completionMode !== 'NonIndexed' && job.spec.completionMode !== 'Indexed') {
    return skipPlan(job, 'unknown completion mode', [{ type: 'Warning', reason: 'UnknownCompletionMode', message: 'Skipped Job sync because completion mode is unknown' }]);
  }

  const status: JobStatus = structuredClone(job.status ?? {});
  status.uncountedTerminatedPods = {
    ...(status.uncountedTerminatedPods?.succeeded?.length ? { succeeded: [...status.uncountedTerminatedPods.succeeded] } : {}),
    ...(status.uncountedTerminatedPods?.failed?.length ? { failed: [...status.uncountedTerminatedPods.failed] } : {}),
  };
  const uncountedSucceeded = new Set(status.uncountedTerminatedPods.succeeded ?? []);
  const uncountedFailed = new Set(status.uncountedTerminatedPods.failed ?? []);
  const expectedRm = memory.expectedFinalizerRemovals;
  const indexed = isIndexedJob(job);
  const completions = job.spec.completions ?? undefined;
  const suspended = job.spec.suspend === true;
  const perIndex = indexed && hasBackoffLimitPerIndex(job);
  const backoffLimit = job.spec.backoffLimit ?? 6;
  const events: JobEvent[] = [];
  const requeues: number[] = [];

  const activePods = pods.filter(isActive);
  let active = activePods.length;
  let ready = activePods.filter(isReady).length;
  let terminating = pods.filter(isTerminating).length;

  const validIndex = (p: Pod): boolean => {
    const ix = completionIndexOf(p);
    return ix !== UNKNOWN_INDEX && ix < (completions ?? 0);
  };
  const countable = (p: Pod, uncounted: Set<string>): boolean =>
    hasTrackingFinalizer(p) && !uncounted.has(p.metadata.uid!) && !expectedRm.has(p.metadata.uid!) && (!indexed || validIndex(p));
  const newSucceeded = pods.filter((p) => countable(p, uncountedSucceeded) && phaseOf(p) === 'Succeeded');
  const newFailed = pods.filter((p) => countable(p, uncountedFailed) && isPodFailed(p, job));
  const nonIgnoredNewFailed = job.spec.podFailurePolicy ? newFailed.filter((p) => matchPodFailurePolicy(job, p).countFailed).length : newFailed.length;
  let succeeded = (status.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size;
  const failed = (status.failed ?? 0) + nonIgnoredNewFailed + uncountedFailed.size;

  if (!status.startTime && !suspended) status.startTime = rfc3339(now);
  const backoff = nextBackoffRecord(memory.backoff, newSucceeded, newFailed);

  // The finished condition: earlier decisions first, then failures, then success.
  let finished: JobCondition | undefined = hasTrueCondition(status.conditions, 'SuccessCriteriaMet') ? findCondition(status.conditions, 'SuccessCriteriaMet') : undefined;
  if (!finished) {
    const failureTarget = findCondition(status.conditions, 'FailureTarget');
    if (failureTarget?.status === 'True') {
      finished = newCondition('Failed', 'True', failureTarget.reason ?? '', failureTarget.message ?? '', now);
    } else if (job.spec.podFailurePolicy) {
      for (const p of pods) {
        if (!isPodFailed(p, job)) continue;
        const message = matchPodFailurePolicy(job, p).failJobMessage;
        if (message !== undefined) {
          finished = newCondition('FailureTarget', 'True', REASON_POD_FAILURE_POLICY, message, now);
          break;
        }
      }
    }
  }
  if (!finished) {
    const ads = job.spec.activeDeadlineSeconds;
    const startMs = status.startTime ? Date.parse(status.startTime) : undefined;
    if (failed > backoffLimit || pastBackoffLimitOnFailure(job, pods, backoffLimit)) {
      finished = newCondition('FailureTarget', 'True', REASON_BACKOFF_LIMIT_EXCEEDED, 'Job has reached the specified backoff limit', now);
    } else if (ads !== undefined && ads !== null && startMs !== undefined && !suspended && now - startMs >= ads * 1000) {
      finished = newCondition('FailureTarget', 'True', REASON_DEADLINE_EXCEEDED, 'Job was active longer than specified deadline', now);
    } else if (ads !== undefined && ads !== null && !suspended && startMs !== undefined) {
      requeues.push(ads * 1000 - (now - startMs));
    }
  }

  let prevSucceededIndexes: Intervals = [];
  let succeededIndexes: Intervals = [];
  let failedIndexes: Intervals | undefined;
  const delayedDeletion = new Map<number, Pod>();
  if (indexed) {
    const c = completions ?? 0;
    prevSucceededIndexes = parseIntervals(status.completedIndexes ?? '', c);
    succeededIndexes = withIndexes(prevSucceededIndexes,
      indexesOf(pods.filter((p) => phaseOf(p) === 'Succeeded' && validIndex(p) && hasTrackingFinalizer(p))));
    succeeded = total(succeededIndexes);
    if (perIndex) {
      const isIndexFailed = (p: Pod): boolean => {
        if (!isPodFailed(p, job)) return false;
        let counted = true;
        if (job.spec.podFailurePolicy) {
          const m = matchPodFailurePolicy(job, p);
          if (m.action === 'FailIndex') return true;
          counted = m.countFailed;
        }
        return counted && indexFailureCount(p) >= job.spec.backoffLimitPerIndex!;
      };
      failedIndexes = withIndexes(status.failedIndexes !== undefined ? parseIntervals(status.failedIndexes, c) : [],
        indexesOf(pods.filter((p) => validIndex(p) && hasTrackingFinalizer(p) && isIndexFailed(p))));
      if (!finished) {
        const maxFailed = job.spec.maxFailedIndexes;
        if (maxFailed !== undefined && maxFailed !== null && total(failedIndexes) > maxFailed) {
          finished = newCondition('FailureTarget', 'True', REASON_MAX_FAILED_INDEXES_EXCEEDED, 'Job has exceeded the specified maximal number of failed indexes', now);
        } else if (total(failedIndexes) > 0 && total(failedIndexes) + total(succeededIndexes) >= c) {
          finished = newCondition('FailureTarget', 'True', REASON_FAILED_INDEXES, 'Job has failed indexes', now);
        }
      }
      // The newest failed pod of each index without a replacement keeps its finalizer, so the
      // replacement can inherit its failure counts.
      const activeIndexes = new Set(indexesOf(activePods));
      for (const p of pods) {
        if (!hasTrackingFinalizer(p) || expectedRm.has(p.metadata.uid!) || !validIndex(p) || !isPodFailed(p, job)) continue;
        const ix = completionIndexOf(p);
        if (has(succeededIndexes, ix) || has(failedIndexes, ix) || activeIndexes.has(ix)) continue;
        const last = delayedDeletion.get(ix);
        if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedTime(p) >= finishedTime(last))) delayedDeletion.set(ix, p);
      }
    }
    if (!finished) {
      const message = matchSuccessPolicy(job, c, succeededIndexes);
      if (message !== undefined) finished = newCondition('SuccessCriteriaMet', 'True', REASON_SUCCESS_POLICY, message, now);
    }
  }

  const deletions: PodDeletion[] = [];
  let expectedDeletions = 0;
  const creations: Pod[] = [];
  let suspendConditionChanged = false;
  const deleteForManage = (toDelete: Pod[]): void => {
    for (const pod of toDelete) deletions.push({ pod, removeFinalizerFirst: true });
    expectedDeletions = toDelete.length;
    active -= toDelete.length;
    terminating += toDelete.length;
    ready -= toDelete.filter(isReady).length;
  };

  if (finished) {
    for (const pod of activePods) deletions.push({ pod, removeFinalizerFirst: false });
    // Pods not yet in the cache may still hold finalizers: finish in a later sync.
    if (!memory.satisfiedExpectations) finished = undefined;
    active -= activePods.length;
    terminating += activePods.length;
    ready -= activePods.filter(isReady).length;
  } else {
    let manageJobCalled = false;
    if (memory.satisfiedExpectations && !job.metadata.deletionTimestamp) {
      manageJobCalled = true;
      const parallelism = job.spec.parallelism ?? 1;
      if (suspended) {
        deleteForManage(activePodsForRemoval(job, activePods, active, completions ?? 0));
      } else {
        let wantActive: number;
        if (completions === undefined) wantActive = succeeded > 0 ? active : parallelism;
        else wantActive = Math.max(0, Math.min(completions - succeeded, parallelism));
        const rmAtLeast = Math.max(0, active - wantActive);
        const toDelete = activePodsForRemoval(job, activePods, rmAtLeast, completions ?? 0).slice(0, limits.maxPodCreateDeletePerSync);
        if (toDelete.length > 0) {
          deleteForManage(toDelete);
        } else {
          const terminatingHeld = onlyReplaceFailedPods(job) ? terminating : 0;
          let diff = wantActive - terminatingHeld - active;
          if (diff > 0) {
            const wait = perIndex ? 0 : remainingTime(limits.backoff, now, backoff);
            if (wait > 0) {
              requeues.push(wait);
            } else {
              diff = Math.min(diff, limits.maxPodCreateDeletePerSync);
              let indexesToAdd: number[] | undefined;
              if (indexed) {
                let nonPending = withIndexes(succeededIndexes, indexesOf(activePods));
                if (onlyReplaceFailedPods(job)) nonPending = withIndexes(nonPending, indexesOf(pods.filter(isTerminating)));
                if (failedIndexes) nonPending = withIndexes(nonPending, failedIndexes.flatMap(({ first, last }) => range(first, last)));
                indexesToAdd = firstPendingIndexes(diff, completions ?? 0, nonPending);
                if (perIndex) {
                  const ready: number[] = [];
                  let minWait: number | undefined;
                  for (const ix of indexesToAdd) {
                    const w = remainingTimePerIndex(limits.backoff, now, delayedDeletion.get(ix));
                    if (w === 0) ready.push(ix);
                    else if (minWait === undefined || w < minWait) minWait = w;
                  }
                  indexesToAdd = ready;
                  if (ready.length === 0 && minWait !== undefined) requeues.push(minWait);
                }
                diff = indexesToAdd.length;
              }
              for (let i = 0; i < diff; i++) {
                const ix = indexesToAdd?.[i];
                creations.push(podFromTemplate(job, ix, ix === undefined ? undefined : delayedDeletion.get(ix)));
              }
              active += diff;
            }
          }
        }
      }
    }
    const complete = completions === undefined ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
    if (complete) {
      finished = newCondition('SuccessCriteriaMet', 'True', REASON_COMPLETIONS_REACHED, 'Reached expected number of succeeded pods', now);
    } else if (manageJobCalled) {
      const conditions = status.conditions ?? [];
      if (suspended) {
        const [next, changed] = ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        if (changed) {
          status.conditions = next;
          suspendConditionChanged = true;
          events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
          // MutableSchedulingDirectivesForSuspendedJobs (beta, on in 1.36) clears startTime.
          delete status.startTime;
        }
      } else {
        const [next, changed] = ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        if (changed) {
          status.conditions = next;
          suspendConditionChanged = true;
          events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
          status.startTime = rfc3339(now);
        }
      }
    }
  }

  let writeStatus = suspendConditionChanged || active !== (status.active ?? 0) || ready !== status.ready || terminating !== status.terminating;
  status.active = active;
  status.ready = ready;
  status.terminating = terminating;

  // Tracking: record newly finished pods as uncounted, then pick the finalizers to remove.
  const ordered = indexed ? byCompletionIndex(pods) : pods;
  const uidsWithFinalizer = new Set(pods.filter((p) => hasTrackingFinalizer(p) && !expectedRm.has(p.metadata.uid!)).map((p) => p.metadata.uid!));
  if (moveCountedUncounted(status, uidsWithFinalizer)) writeStatus = true;
  const uncounted = status.uncountedTerminatedPods!;
  const finalizerRemovals: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMaxUncounted = false;
  for (const pod of ordered) {
    const uid = pod.metadata.uid!;
    if (!hasTrackingFinalizer(pod) || expectedRm.has(uid)) continue;
    const considerFailed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(job, pod, finished, considerFailed, perIndex, delayedDeletion)) continue;
    finalizerRemovals.push(pod);
    if (phaseOf(pod) === 'Succeeded' && !uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndexOf(pod);
        if (ix !== UNKNOWN_INDEX && ix < (completions ?? 0) && !has(prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          writeStatus = true;
        }
      } else if (!uncountedSucceeded.has(uid)) {
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
        writeStatus = true;
      }
    } else if (considerFailed || (finished && finished.type !== 'SuccessCriteriaMet')) {
      if (!uncountedFailed.has(uid) && (!indexed || validIndex(pod))) {
        if (!job.spec.podFailurePolicy || matchPodFailurePolicy(job, pod).countFailed) {
          uncounted.failed = [...(uncounted.failed ?? []), uid];
          writeStatus = true;
        }
      }
    }
    if (newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= limits.maxUncountedPods) {
      reachedMaxUncounted = true;
      break;
    }
  }
  if (indexed) {
    succeededIndexes = withIndexes(succeededIndexes, newSucceededIndexes);
    const text = formatIntervals(succeededIndexes);
    if (text !== (status.completedIndexes ?? '')) writeStatus = true;
    status.succeeded = total(succeededIndexes);
    if (text) status.completedIndexes = text;
    else delete status.completedIndexes;
    const failedText = failedIndexes ? formatIntervals(failedIndexes) : undefined;
    if (failedText !== status.failedIndexes) {
      if (failedText === undefined) delete status.failedIndexes;
      else status.failedIndexes = failedText;
      writeStatus = true;
    }
  }
  if (finished?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), finished];
    writeStatus = true;
    finished = newCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  if (finished?.type === 'SuccessCriteriaMet' && finished.status === 'True') {
    if (!hasTrueCondition(status.conditions, 'SuccessCriteriaMet')) {
      status.conditions = [...(status.conditions ?? []), finished];
      writeStatus = true;
    }
    finished = newCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', now);
  }

  return {
    skip: undefined, deletions, expectedDeletions, creations,
    requeueAfterMs: requeues.length ? Math.min(...requeues) : undefined,
    events, status, writeStatus, backoff, finalizerRemovals, uidsWithFinalizer, finish: finished, reachedMaxUncounted,
  };
}

function range(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

function canRemoveFinalizer(job: Job, pod: Pod, finished: JobCondition | undefined, considerFailed: boolean, perIndex: boolean, delayed: Map<number, Pod>): boolean {
  if (job.metadata.deletionTimestamp || finished || phaseOf(pod) === 'Succeeded') return true;
  if (!considerFailed) return false;
  if (perIndex) {
    const ix = completionIndexOf(pod);
    if (ix !== UNKNOWN_INDEX && delayed.get(ix)?.metadata.uid === pod.metadata.uid) return false;
  }
  return true;
}

/**
 * cleanUncountedPodsWithoutFinalizers: UIDs in uncountedTerminatedPods whose pod no longer has the
 * finalizer are now counted. Mutates status; returns whether anything moved.
 */
export function moveCountedUncounted(status: JobStatus, uidsWithFinalizer: ReadonlySet<string>): boolean {
  const uncounted = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  for (const key of ['succeeded', 'failed'] as const) {
    const list = uncounted[key] ?? [];
    const still = list.filter((uid) => uidsWithFinalizer.has(uid));
    if (still.length !== list.length) {
      changed = true;
      status[key] = (status[key] ?? 0) + list.length - still.length;
    }
    if (still.length) uncounted[key] = still;
    else delete uncounted[key];
  }
  return changed;
}

export interface FinishOutcome {
  status: JobStatus;
  writeStatus: boolean;
  /** The Job became Complete or Failed in this write. */
  finished: boolean;
  events: JobEvent[];
}

/**
 * After finalizer removal: counts the pods whose finalizer is gone, and adds Complete/Failed once
 * nothing is uncounted or terminating (enactJobFinished). status is the one last written.
 */
export function afterFinalizerRemoval(job: Job, status: JobStatus, uidsWithFinalizer: ReadonlySet<string>, finish: JobCondition | undefined, reachedMaxUncounted: boolean, now: number): FinishOutcome {
  const next = structuredClone(status);
  let writeStatus = moveCountedUncounted(next, uidsWithFinalizer);
  const events: JobEvent[] = [];
  const uncountedCount = (next.uncountedTerminatedPods?.succeeded?.length ?? 0) + (next.uncountedTerminatedPods?.failed?.length ?? 0);
  if (!finish || reachedMaxUncounted || uncountedCount > 0 || (next.terminating ?? 0) > 0) {
    return { status: next, writeStatus, finished: false, events };
  }
  [next.conditions] = ensureCondition(next.conditions ?? [], finish.type, finish.status, finish.reason ?? '', finish.message ?? '', now);
  if (finish.type === 'Complete') {
    next.completionTime = finish.lastTransitionTime;
    const completions = job.spec.completions;
    if (completions !== undefined && completions !== null && (next.succeeded ?? 0) > completions) {
      events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
    }
    events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  } else {
    events.push({ type: 'Warning', reason: finish.reason ?? '', message: finish.message ?? '' });
  }
  writeStatus = true;
  return { status: next, writeStatus, finished: true, events };
}
