// The CronJob strategy's PrepareForCreate/PrepareForUpdate (pkg/registry/batch/cronjob) plus the
// generic store's carry-overs, as pure functions. Gated template fields are all on in 1.36, so
// nothing is dropped.
import { prepareJobForUpdate } from '../validation/prepare.ts';

type JsonObject = Record<string, unknown>;
const asObject = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});

/** Create: status cleared, generation 1. */
export function prepareCronJobForCreate(cronJob: unknown): JsonObject {
  const cj = asObject(cronJob);
  return { ...cj, metadata: { ...asObject(cj.metadata), generation: 1 }, status: {} };
}

/**
 * Update: the stored status is kept, the generation bumped when the spec changed, and uid and
 * timestamps carried over: the same steps the Job strategy takes, so its port is reused.
 */
export function prepareCronJobForUpdate(cronJob: unknown, oldCronJob: unknown): JsonObject {
  return prepareJobForUpdate(cronJob, oldCronJob);
}
