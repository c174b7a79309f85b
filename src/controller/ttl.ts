// ttlSecondsAfterFinished (pkg/controller/ttlafterfinished): a finished Job expires TTL seconds
// after the lastTransitionTime of its Complete or Failed condition.
import type { Job } from './job/types.ts';

/** ms until the Job may be deleted (<= 0: now), or undefined when it has no TTL or is not finished. */
export function ttlDeleteAfterMs(job: Job, now: number): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return undefined;
  const finished = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!finished?.lastTransitionTime) return undefined;
  return Date.parse(finished.lastTransitionTime) + ttl * 1000 - now;
}
