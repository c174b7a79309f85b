import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trimPod } from '../../../src/controller/controller.ts';
import type { Pod } from '../../../src/controller/job/types.ts';

describe('cached pods', () => {
  it('keep only the spec fields the controller reads', () => {
    const pod: Pod = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: {
        nodeName: 'n1',
        containers: [{ name: 'main', image: 'busybox', env: [{ name: 'A', value: 'x'.repeat(1000) }] }],
        initContainers: [{ name: 'sidecar', image: 'x', restartPolicy: 'Always' }, { name: 'init', image: 'y' }],
        volumes: [{ name: 'v' }],
      },
      status: { phase: 'Running' },
    };
    trimPod(pod);
    assert.deepEqual(pod.spec, { nodeName: 'n1', containers: [{ name: 'main' }], initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }, { name: 'init' }] });
    assert.deepEqual(pod.status, { phase: 'Running' });
  });

  it('keep of the status and annotations only what reconcile reads (a kubelet status is mostly not)', () => {
    const pod = {
      metadata: {
        name: 'p', namespace: 'ns',
        annotations: { 'batch.kubernetes.io/job-completion-index': '3', 'batch.kubernetes.io/job-index-failure-count': '1', 'example.com/big': 'x'.repeat(4096) },
      },
      status: {
        phase: 'Failed', podIP: '10.0.0.1', hostIP: '10.0.0.2', qosClass: 'BestEffort', startTime: '2026-01-01T00:00:00Z',
        conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'm', lastTransitionTime: '2026-01-01T00:00:01Z', lastProbeTime: null }],
        containerStatuses: [{
          name: 'main', image: 'busybox', imageID: 'sha256:x', containerID: 'containerd://y', ready: false, started: false, restartCount: 2,
          lastState: { terminated: { exitCode: 1 } }, volumeMounts: [{ name: 'v', mountPath: '/v' }],
          state: { terminated: { exitCode: 42, reason: 'Error', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:02Z', containerID: 'containerd://y' } },
        }],
        initContainerStatuses: [{ name: 'sidecar', image: 'x', restartCount: 0, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
      },
    } as unknown as Pod;
    trimPod(pod);
    assert.deepEqual(pod.metadata.annotations, { 'batch.kubernetes.io/job-completion-index': '3', 'batch.kubernetes.io/job-index-failure-count': '1' });
    assert.deepEqual(pod.status, {
      phase: 'Failed',
      conditions: [{ type: 'DisruptionTarget', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' }],
      containerStatuses: [{ name: 'main', restartCount: 2, state: { terminated: { exitCode: 42, finishedAt: '2026-01-01T00:00:02Z' } } }],
      initContainerStatuses: [{ name: 'sidecar' }],
    });
  });
});
