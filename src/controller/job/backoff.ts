// Pod-failure backoff (backoff_utils.go): an in-memory record per Job, never persisted.
import { finishedTime, indexAbsoluteFailureCount } from './pods.ts';
import type { Pod } from './types.ts';

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** epoch ms, or undefined when there is no failure after the last success */
  lastFailureTime: number | undefined;
}

export interface BackoffConfig {
  baseMs: number;
  maxMs: number;
}

/** 1.36 DefaultJobPodFailureBackOff (10 s) and MaxJobPodFailureBackOff (10 min). */
export const DEFAULT_BACKOFF: BackoffConfig = { baseMs: 10_000, maxMs: 600_000 };

export const EMPTY_BACKOFF: Readonly<BackoffRecord> = { failuresAfterLastSuccess: 0, lastFailureTime: undefined };

export function nextBackoffRecord(previous: BackoffRecord | undefined, newSucceeded: Pod[], newFailed: Pod[]): BackoffRecord {
  const old = previous ?? EMPTY_BACKOFF;
  const failedTimes = newFailed.map(finishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return { ...old };
    return { failuresAfterLastSuccess: old.failuresAfterLastSuccess + failedTimes.length, lastFailureTime: failedTimes[failedTimes.length - 1] };
  }
  const lastSuccess = Math.max(...newSucceeded.map(finishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  return { failuresAfterLastSuccess: after.length, lastFailureTime: after.length ? after[after.length - 1] : undefined };
}

export function remainingForFailures(config: BackoffConfig, now: number, failures: number, lastFailureTime: number | undefined): number {
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let delay = config.baseMs;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= config.maxMs) {
      delay = config.maxMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}

export function remainingTime(config: BackoffConfig, now: number, record: BackoffRecord): number {
  return remainingForFailures(config, now, record.failuresAfterLastSuccess, record.lastFailureTime);
}

/** getRemainingTimePerIndex: the delay before index's replacement of lastFailedPod may be created. */
export function remainingTimePerIndex(config: BackoffConfig, now: number, lastFailedPod: Pod | undefined): number {
  if (!lastFailedPod) return 0;
  return remainingForFailures(config, now, indexAbsoluteFailureCount(lastFailedPod) + 1, finishedTime(lastFailedPod));
}
