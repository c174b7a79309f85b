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
});
