// core/v1 Events on Jobs, written as the built-in controllers write them (source.component
// job-controller), without the client-go recorder's aggregation.
import { randomBytes } from 'node:crypto';
import { rfc3339 } from './job/conditions.ts';
import type { JobEvent } from './job/reconcile.ts';
import type { Job } from './job/types.ts';
import type { KubeClient } from './kube.ts';

export const EVENT_SOURCE_COMPONENT = 'job-controller';

export function eventFor(job: Job, event: JobEvent, now: number): Record<string, unknown> {
  const t = rfc3339(now);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${job.metadata.name}.${now.toString(16)}${randomBytes(3).toString('hex')}`, namespace: job.metadata.namespace },
    involvedObject: {
      apiVersion: 'batch/v1', kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name,
      uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion,
    },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: EVENT_SOURCE_COMPONENT },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
  };
}

/** Events waiting to be written beyond this are dropped, as client-go's broadcaster drops them. */
const MAX_PENDING_EVENTS = 1000;
let pending = 0;

/** Fire-and-forget: a lost event must never fail or slow down a sync. */
export function recordEvent(client: KubeClient, job: Job, event: JobEvent): void {
  if (pending >= MAX_PENDING_EVENTS) return;
  pending++;
  client.request('POST', `/api/v1/namespaces/${job.metadata.namespace}/events`, eventFor(job, event, Date.now()))
    .catch(() => {})
    .finally(() => pending--);
}
