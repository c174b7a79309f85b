// Pod predicates and orderings of the built-in controller (controller_utils.go, job_controller.go,
// backoff_utils.go, indexed_job_utils.go), over plain pod JSON.
import { COMPLETION_INDEX_KEY, INDEX_FAILURE_COUNT_ANNOTATION, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION, JOB_TRACKING_FINALIZER } from './constants.ts';
import type { ContainerStatus, Job, Pod } from './types.ts';

export const UNKNOWN_INDEX = -1;

export function phaseOf(pod: Pod): string {
  return pod.status?.phase ?? '';
}

export function isTerminal(pod: Pod): boolean {
  const phase = phaseOf(pod);
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.IsPodActive */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** controller.IsPodTerminating */
export function isTerminating(pod: Pod): boolean {
  return !isTerminal(pod) && !!pod.metadata.deletionTimestamp;
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

export function isIndexedJob(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** onlyReplaceFailedPods: podReplacementPolicy Failed, or any podFailurePolicy. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec.podReplacementPolicy === 'Failed' || !!job.spec.podFailurePolicy;
}

/** isPodFailed: phase Failed, or (when terminating pods are replaced) deleted and not Succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  if (phaseOf(pod) === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata.deletionTimestamp && phaseOf(pod) !== 'Succeeded';
}

/** getCompletionIndex: the annotation as a non-negative decimal, else UNKNOWN_INDEX. */
export function completionIndexOf(pod: Pod): number {
  const v = pod.metadata.annotations?.[COMPLETION_INDEX_KEY];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return UNKNOWN_INDEX;
  const i = Number(v);
  return i < 0 || !Number.isSafeInteger(i) ? UNKNOWN_INDEX : i;
}

function parseCount(v: string | undefined): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

export function indexFailureCount(pod: Pod): number {
  return parseCount(pod.metadata.annotations?.[INDEX_FAILURE_COUNT_ANNOTATION]);
}

export function indexIgnoredFailureCount(pod: Pod): number {
  return parseCount(pod.metadata.annotations?.[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]);
}

export function indexAbsoluteFailureCount(pod: Pod): number {
  return indexFailureCount(pod) + indexIgnoredFailureCount(pod);
}

function millis(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

function latestFinishTime(previous: number | undefined, statuses: ContainerStatus[], include: (s: ContainerStatus) => boolean): number | undefined | null {
  let finish = previous;
  for (const s of statuses) {
    if (!include(s)) continue;
    const t = millis(s.state?.terminated?.finishedAt);
    // A container that has not terminated (or has no time) means the pod has no container finish time.
    if (!s.state?.terminated || t === undefined || t <= 0) return null;
    if (finish === undefined || finish < t) finish = t;
  }
  return finish;
}

/** getFinishedTime (backoff_utils.go), in epoch milliseconds. */
export function finishedTime(pod: Pod): number {
  const fromContainers = ((): number | undefined => {
    const main = latestFinishTime(undefined, pod.status?.containerStatuses ?? [], () => true);
    if (main === null) return undefined;
    const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
    const all = latestFinishTime(main, pod.status?.initContainerStatuses ?? [], (s) => sidecars.has(s.name));
    return all === null ? undefined : all;
  })();
  if (fromContainers !== undefined) return fromContainers;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const readyFalse = ready && ready.status === 'False' ? millis(ready.lastTransitionTime) : undefined;
  if (readyFalse !== undefined && readyFalse > 0) return readyFalse;
  const deletion = millis(pod.metadata.deletionTimestamp);
  if (deletion !== undefined) return deletion - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return millis(pod.metadata.creationTimestamp) ?? 0;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyTime(pod: Pod): number | undefined {
  if (!isReady(pod)) return undefined;
  return millis(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

// afterOrZero: the zero time sorts first, then later times before earlier ones.
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/** controller.ActivePods Less: the pods that are best to delete sort first. */
export function compareForRemoval(a: Pod, b: Pod): number {
  const less = (x: Pod, y: Pod): boolean => {
    const nx = x.spec?.nodeName ?? '';
    const ny = y.spec?.nodeName ?? '';
    if (nx !== ny && (nx === '' || ny === '')) return nx === '';
    const px = PHASE_ORDINAL[phaseOf(x)] ?? 0;
    const py = PHASE_ORDINAL[phaseOf(y)] ?? 0;
    if (px !== py) return px < py;
    if (isReady(x) !== isReady(y)) return !isReady(x);
    if (isReady(x) && isReady(y)) {
      const rx = readyTime(x);
      const ry = readyTime(y);
      if (rx !== ry) return afterOrZero(rx, ry);
    }
    const cx = maxRestarts(x);
    const cy = maxRestarts(y);
    if (cx !== cy) return cx > cy;
    const tx = millis(x.metadata.creationTimestamp);
    const ty = millis(y.metadata.creationTimestamp);
    if (tx !== ty) return afterOrZero(tx, ty);
    return false;
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}
