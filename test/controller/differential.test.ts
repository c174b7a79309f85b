// Differential (scenario 73): the same scenario on a Job run by kube-controller-manager's Job
// controller (no managedBy) and on one run by batchguard's controller, in the same cluster; the
// settled snapshots after every step must be the same (see differential-support.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import { api, controlPlane, createJob, namespace, startOurs, waitForActivePods } from './support.ts';
import {
  all, deleteHeld, dropTrackingFinalizer, first, hold, indexes, inject, nth, patchJob, podShape, readyOnes, relabel, release,
  runDifferential, seq, set, setDeleting, sleep, take, untilActive,
} from './differential-support.ts';
import type { Scenario, Step } from './differential-support.ts';

let cp: ControlPlane;
let ours: RunningController;
let ns: string;
// KCM's pod-failure backoff (10 s) is not configurable.
const startBatchguard = (): Promise<RunningController> => startOurs(cp, { podFailureBackoffMs: 10_000 });

before(async () => {
  cp = await controlPlane({ controllerManager: ['job'] });
  ours = await startBatchguard();
  ns = await namespace(cp, 'diff');
});
after(async () => {
  await ours?.stop();
  await cp?.stop();
});

const run = (base: string, scenario: Scenario): Promise<void> => runDifferential(cp, ns, base, scenario);

const deleteFinished: Step = async (t) => {
  for (const p of t.pods.filter((x) => x.status?.phase === 'Failed' || x.status?.phase === 'Succeeded')) {
    await api(t.cp, 'DELETE', `/api/v1/namespaces/${t.ns}/pods/${p.metadata.name}`);
  }
};

// Scenarios run concurrently (each on its own pair of Jobs): most of the time is backoff waiting.
describe('differential: batchguard vs kube-controller-manager Job controller', { timeout: 600_000, concurrency: 6 }, () => {

  for (const mode of ['NonIndexed', 'Indexed']) {
    it(`${mode} pods are built like the built-in controller's: metadata, env, hostname (scenarios 1, 14)`, async () => {
      const spec = { completionMode: mode, completions: 2, parallelism: 2 };
      const podSpec = {
        subdomain: 'workers',
        initContainers: [{ name: 'init', image: 'busybox', env: [{ name: 'A', value: '1' }] }],
        containers: [{ name: 'main', image: 'busybox' }, { name: 'side', image: 'busybox', env: [{ name: 'B', value: '2' }] }],
      };
      const names = [`shape-${mode.toLowerCase()}-kcm`, `shape-${mode.toLowerCase()}-bg`];
      const jobs = [
        await createJob(cp, ns, { name: names[0], managedBy: null, spec, podSpec }),
        await createJob(cp, ns, { name: names[1], spec, podSpec }),
      ];
      const shapes = await Promise.all(jobs.map(async (job) => {
        const pods = await waitForActivePods(cp, ns, job.metadata.name!, 2);
        return pods.map((p) => podShape(p, job)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      }));
      if (process.env.BATCHGUARD_DIFF_PRINT) console.log(names[0], JSON.stringify(shapes[0]));
      assert.deepEqual(shapes[1], shapes[0]);
    });
  }

  it('nodeSelector set while suspended and never started: the pods after the resume carry it (scenario 63)', async () => {
    const names = ['nodesel-kcm', 'nodesel-bg'];
    const jobs = await Promise.all(names.map(async (name, i) => {
      await createJob(cp, ns, { name, managedBy: i === 0 ? null : undefined, spec: { suspend: true } });
      await api(cp, 'PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`,
        { spec: { template: { spec: { nodeSelector: { zone: 'a' } } } } }, 'application/merge-patch+json');
      return api(cp, 'PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`, { spec: { suspend: false } }, 'application/merge-patch+json');
    }));
    const shapes = await Promise.all(jobs.map(async (job) => (await waitForActivePods(cp, ns, job.metadata.name!, 1)).map((p) => podShape(p, job))));
    assert.deepEqual((shapes[1][0] as { spec: { nodeSelector: unknown } }).spec.nodeSelector, { zone: 'a' });
    assert.deepEqual(shapes[1], shapes[0]);
  });

  it('backoffLimit 0, the other pod held terminating: FailureTarget with T1, Failed once it is terminal (scenario 25)', () =>
    run('delayedfail', {
      spec: { backoffLimit: 0, parallelism: 2, completions: 2 },
      steps: [hold(nth(1)), set(nth(0), { phase: 'Failed', exitCode: 1 }), setDeleting({ phase: 'Failed', exitCode: 1 }), release],
    }));

  it('NonIndexed, parallelism 2 completions 3: ready, successes, completion (scenarios 5, 7, 9)', () =>
    run('nonidx', {
      spec: { parallelism: 2, completions: 3 },
      steps: [set(first(1), { phase: 'Running', ready: true }), set(first(1), { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('Indexed, completions 3 parallelism 2: completedIndexes and completion (scenarios 14, 15, 17)', () =>
    run('indexed', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 2 },
      steps: [set(first(1), { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimit 0 with parallelism 2: FailureTarget then Failed, the other pod counted failed (scenario 25)', () =>
    run('limit0', { spec: { backoffLimit: 0, parallelism: 2, completions: 2 }, steps: [set(first(1), { phase: 'Failed', exitCode: 1 })] }));

  it('podFailurePolicy FailJob on exit code 5 (scenario 35)', () =>
    run('pfp', {
      spec: { backoffLimit: 3, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } },
      steps: [set(first(1), { phase: 'Failed', exitCode: 5 })],
    }));

  it('successPolicy succeededIndexes "1" of 2: SuccessCriteriaMet(SuccessPolicy), the other pod deleted (scenario 56)', () =>
    run('sp', {
      spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, successPolicy: { rules: [{ succeededIndexes: '1' }] } },
      steps: [set(nth(1), { phase: 'Succeeded' })],
    }));

  it('suspended at creation, then resumed, then completed (scenario 61)', () =>
    run('susp', { spec: { suspend: true }, steps: [patchJob({ suspend: false }), set(all, { phase: 'Succeeded' })] }));

  it('a failed pod is replaced after the 10 s backoff, then the Job completes (scenarios 2, 4)', () =>
    run('retry', {
      spec: { backoffLimit: 2 },
      steps: [seq(set(first(1), { phase: 'Failed', exitCode: 1 }), untilActive(1)), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimitPerIndex 0 with maxFailedIndexes 0: MaxFailedIndexesExceeded (scenario 51)', () =>
    run('perindex', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 0 },
      steps: [set(first(1), { phase: 'Failed', exitCode: 1 })],
    }));

  it('a running pod deleted but held by another finalizer: terminating, counted failed, replaced after the backoff (scenario 44, NonIndexed)', () =>
    run('terminating', { spec: { backoffLimit: 3 }, steps: [seq(deleteHeld(first(1)), untilActive(1)), release, set(all, { phase: 'Succeeded' })] }));

  // The first snapshot settles well before the 12 s deadline, the second well after it.
  it('activeDeadlineSeconds 12: FailureTarget then Failed(DeadlineExceeded), running pods counted failed (scenario 32)', () =>
    run('deadline', { spec: { activeDeadlineSeconds: 12, parallelism: 2, completions: 2 }, steps: [sleep(10_000)] }));

  it('parallelism lowered from 3 to 1: surplus pods deleted uncounted, then completion (scenario 11)', () =>
    run('scale', {
      spec: { parallelism: 3, completions: 2 },
      steps: [patchJob({ parallelism: 1 }), set(all, { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('parallelism 12 completions 14: ready, 2 ready pods fail, successes, completion (scenario 10, smaller)', () =>
    run('many', {
      spec: { parallelism: 12, completions: 14 },
      steps: [
        set(first(10), { phase: 'Running', ready: true }),
        set(take(2, readyOnes), { phase: 'Failed', exitCode: 1 }),
        untilActive(12),
        set(first(11), { phase: 'Succeeded' }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('Indexed parallelism lowered 3 -> 1: pending and unready pods removed first (scenario 11, Indexed)', () =>
    run('scaleidx', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3 },
      steps: [
        seq(set(indexes(0), { phase: 'Running' }), set(indexes(1), { phase: 'Running', ready: true })),
        patchJob({ parallelism: 1 }),
        set(all, { phase: 'Succeeded' }),
        patchJob({ parallelism: 3 }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('podReplacementPolicy Failed: after a resume, pods are created only once the suspended ones are gone (scenarios 45, 61)', () =>
    run('suspfailed', {
      spec: { parallelism: 2, completions: 2, podReplacementPolicy: 'Failed' },
      steps: [hold(all), patchJob({ suspend: true }), patchJob({ suspend: false }), release, set(all, { phase: 'Succeeded' })],
    }));

  it('an orphan pod matching the selector is adopted (scenario 13)', () =>
    run('orphan', {
      spec: { parallelism: 2, completions: 4 },
      steps: [inject(first(1), { orphan: true }), set(all, { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('an orphan that finished before it matched the selector is adopted and counted (scenario 13)', () =>
    run('orphandone', {
      spec: { parallelism: 1, completions: 2 },
      steps: [inject(first(1), { orphan: true, outcome: { phase: 'Succeeded' } }), set(all, { phase: 'Succeeded' })],
    }));

  it('a pod relabelled out of the selector is released (owner and finalizer removed) and replaced (scenario 13)', () =>
    run('released', {
      spec: { parallelism: 1, completions: 1 },
      steps: [relabel(first(1), { 'batch.kubernetes.io/controller-uid': 'other' }), set(all, { phase: 'Succeeded' })],
    }));

  it('a pod whose tracking finalizer was removed by someone else is not counted when it succeeds (scenario 67)', () =>
    run('lostfin', {
      spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 },
      steps: [dropTrackingFinalizer(indexes(0)), set(indexes(0), { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('Indexed: a second pod of one index is deleted (scenario 18)', () =>
    run('dupindex', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3 },
      steps: [inject(indexes(1)), set(all, { phase: 'Succeeded' })],
    }));

  it('Indexed: pods with an index out of range or without one are deleted, never counted (scenario 19)', () =>
    run('badindex', {
      spec: { completionMode: 'Indexed', completions: 2, parallelism: 2 },
      steps: [seq(inject(indexes(0), { index: '7' }), inject(indexes(1), { index: null })), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimit 0 with 20 pods, one Failed: Failed, no pod keeps the finalizer (scenario 26, smaller)', () =>
    run('limit0many', { spec: { backoffLimit: 0, parallelism: 20, completions: 20 }, steps: [set(first(1), { phase: 'Failed', exitCode: 1 })] }));

  it('raising activeDeadlineSeconds postpones the failure (scenario 33)', () =>
    run('raiseads', {
      spec: { activeDeadlineSeconds: 15 },
      // Wall-clock margins: the third snapshot is taken about 33 s after the start (past the first
      // deadline, well before the new one), the last one about 53 s after (past the new one).
      steps: [patchJob({ activeDeadlineSeconds: 45 }), sleep(20_000), sleep(17_000)],
    }));

  it('podFailurePolicy FailIndex on exit code 13: the index fails at once (scenario 52)', () =>
    run('failindex', {
      spec: {
        completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [13] } }] },
      },
      steps: [set(indexes(0), { phase: 'Failed', exitCode: 13 }), set(indexes(1), { phase: 'Succeeded' })],
    }));

  it('a running Job suspended: pods deleted uncounted, Suspended; resumed and completed (scenario 60)', () =>
    run('suspendrun', {
      spec: { parallelism: 2, completions: 2 },
      steps: [set(first(1), { phase: 'Running', ready: true }), patchJob({ suspend: true }), patchJob({ suspend: false }), set(all, { phase: 'Succeeded' })],
    }));
});

// Run alone: stopping our controller must not stall the other scenarios' snapshots.
describe('differential with our controller stopped during a step', { timeout: 600_000 }, () => {
  /** Runs inner with our controller stopped (for our Job), started again afterwards. */
  const whileStopped = (inner: Step): Step => async (t) => {
    if (t.builtin) return inner(t);
    await ours.stop();
    await inner(t);
    ours = await startBatchguard();
  };

  it('a pod fails while the controller is down: counted once, replaced once (scenario 3)', () =>
    run('restart', {
      spec: { backoffLimit: 2 },
      steps: [seq(whileStopped(set(first(1), { phase: 'Failed', exitCode: 1 })), untilActive(1)), set(all, { phase: 'Succeeded' })],
    }));

  it('podFailurePolicy FailJob with the pod failing while the controller is down (scenario 36)', () =>
    run('restartpfp', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } },
      steps: [whileStopped(set(first(1), { phase: 'Failed', exitCode: 5 }))],
    }));

  it('FailureTarget written, then the triggering pod deleted while the controller is down: Failed (scenario 34)', () =>
    run('restartft', {
      spec: { parallelism: 2, completions: 2, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } },
      steps: [
        hold(nth(1)),
        set(nth(0), { phase: 'Failed', exitCode: 5 }),
        whileStopped(seq(deleteFinished, release)),
      ],
    }));

  it('created suspended, controller restarted: still no pods (scenario 62)', () =>
    run('restartsusp', { spec: { suspend: true }, steps: [whileStopped(sleep(1000)), patchJob({ suspend: false })] }));

  it('backoffLimit 0, pods bound to a node: deleted pods stay terminating; finished while the controller is down (scenario 27)', () =>
    run('interrupts', {
      spec: { completions: 10, parallelism: 10, backoffLimit: 0 },
      podSpec: { nodeName: 'node-a' },
      steps: [set(first(1), { phase: 'Failed', exitCode: 1 }), whileStopped(setDeleting({ phase: 'Succeeded' }))],
    }));
});
