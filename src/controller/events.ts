// core/v1 Events on Jobs, written as the built-in controllers write them: source.component
// job-controller, through client-go's correlator (counts, aggregation, spam filter; see
// eventcorrelator.ts), one write at a time like client-go's broadcaster, so a repeat's PATCH never
// overtakes the POST that creates its Event.
import { randomBytes } from 'node:crypto';
import { rfc3339 } from './job/conditions.ts';
import type { JobEvent } from './job/reconcile.ts';
import type { Job } from './job/types.ts';
import { EventCorrelator, type EventRecord } from './eventcorrelator.ts';
import { isNotFound, type KubeClient } from './kube.ts';

export const EVENT_SOURCE_COMPONENT = 'job-controller';

export function eventFor(job: Job, event: JobEvent, now: number): EventRecord {
  const t = rfc3339(now);
  return {
    name: `${job.metadata.name}.${now.toString(16)}${randomBytes(3).toString('hex')}`,
    namespace: job.metadata.namespace!,
    involvedObject: {
      apiVersion: 'batch/v1', kind: 'Job', namespace: job.metadata.namespace!, name: job.metadata.name!,
      uid: job.metadata.uid!, resourceVersion: job.metadata.resourceVersion,
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

const toObject = (e: EventRecord): Record<string, unknown> => {
  const { name, namespace, ...rest } = e;
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, ...rest };
};

/** Events waiting to be written beyond this are dropped, as client-go's broadcaster drops them. */
const MAX_PENDING_EVENTS = 1000;

export class EventRecorder {
  private readonly client: KubeClient;
  private readonly correlator = new EventCorrelator();
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(client: KubeClient) {
    this.client = client;
  }

  /** Fire-and-forget: a lost event must never fail or slow down a sync. */
  record(job: Job, event: JobEvent): void {
    if (this.pending >= MAX_PENDING_EVENTS) return;
    const now = Date.now();
    const c = this.correlator.correlate(eventFor(job, event, now), now, rfc3339);
    if (c.action === 'skip') return;
    this.pending++;
    this.tail = this.tail
      .then(() => this.write(c.action === 'patch' ? c : { event: c.event }))
      .catch(() => {})
      .finally(() => this.pending--);
  }

  private async write(c: { name?: string; patch?: Record<string, unknown>; event: EventRecord }): Promise<void> {
    const events = `/api/v1/namespaces/${c.event.namespace}/events`;
    if (c.patch !== undefined) {
      try {
        await this.client.request('PATCH', `${events}/${c.name}`, c.patch, 'application/merge-patch+json');
        return;
      } catch (err) {
        // The Event expired (1 h TTL) or was deleted: write it anew, as client-go does.
        if (!isNotFound(err)) throw err;
      }
    }
    await this.client.request('POST', events, toObject(c.event));
  }
}
