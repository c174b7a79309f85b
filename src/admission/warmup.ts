// Runs the rule engine and the defaulter once per kind before the server listens: the engine compiles schemas and
// loads tables lazily, and the first real request should not pay for that against its timeout.
import type { Defaulter } from './defaulting.ts';
import type { Reviewer } from './handlers.ts';

const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'warm-up', image: 'busybox:1.36' }] } };

export function warmUp(review: Reviewer, defaults: Defaulter): void {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'warm-up', namespace: 'default' }, spec: { template } };
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'warm-up', namespace: 'default' },
    spec: { schedule: '0 3 * * *', timeZone: 'Etc/UTC', jobTemplate: { spec: { template } } },
  };
  review({ kind: 'Job', operation: 'CREATE', object: job });
  review({ kind: 'Job', operation: 'UPDATE', object: job, oldObject: job });
  review({ kind: 'CronJob', operation: 'CREATE', object: cronJob });
  defaults({ kind: 'Job', object: job });
  defaults({ kind: 'CronJob', object: cronJob });
}
