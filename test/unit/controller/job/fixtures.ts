// Small builders for Jobs and pods as the informers would show them.
import type { Job, Pod } from '../../../../src/controller/job/types.ts';

export const NAME = 'batchguard.io/job-controller';
export const NOW = Date.parse('2026-01-01T00:01:00Z');

export function job(spec: Partial<Job['spec']> = {}, status: Job['status'] = undefined): Job {
  return {
    metadata: { name: 'j', namespace: 'ns', uid: 'job-uid', resourceVersion: '10', generation: 1 },
    spec: {
      managedBy: NAME,
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      template: { metadata: { labels: { 'batch.kubernetes.io/job-name': 'j' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

let counter = 0;
export function pod(phase: string, opts: { index?: number; finalizer?: boolean; deleted?: boolean; ready?: boolean; exitCode?: number; uid?: string; annotations?: Record<string, string>; finishedAt?: string; conditions?: { type: string; status: string }[] } = {}): Pod {
  const uid = opts.uid ?? `pod-${++counter}`;
  const annotations = { ...(opts.index !== undefined ? { 'batch.kubernetes.io/job-completion-index': String(opts.index) } : {}), ...opts.annotations };
  const terminated = phase === 'Succeeded' || phase === 'Failed';
  return {
    metadata: {
      name: `j-${uid}`, namespace: 'ns', uid, creationTimestamp: '2026-01-01T00:00:00Z',
      ...(opts.finalizer === false ? {} : { finalizers: ['batch.kubernetes.io/job-tracking'] }),
      ...(opts.deleted ? { deletionTimestamp: '2026-01-01T00:00:30Z' } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid', controller: true }],
    },
    spec: { containers: [{ name: 'main' }] },
    status: {
      phase,
      conditions: [...(opts.ready ? [{ type: 'Ready', status: 'True' }] : []), ...(opts.conditions ?? [])],
      containerStatuses: terminated
        ? [{ name: 'main', state: { terminated: { exitCode: opts.exitCode ?? (phase === 'Failed' ? 1 : 0), finishedAt: opts.finishedAt ?? '2026-01-01T00:00:50Z' } } }]
        : [],
    },
  };
}

export const SATISFIED = { satisfiedExpectations: true, expectedFinalizerRemovals: new Set<string>(), backoff: undefined };
