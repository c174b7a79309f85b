// Differential (scenario 73), second file so it runs beside differential.test.ts: scenarios of §3
// with their own status logic, each on a KCM-run and a batchguard-run Job in one cluster.
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import { controlPlane, namespace, startOurs } from './support.ts';
import type { PodOutcome } from './support.ts';
import {
  all, deleteHeld, first, hold, indexes, nth, patchJob, readyOnes, release, remove, runDifferential, seq, set, setDeleting,
  setStatus, sleep, terminated, untilActive,
} from './differential-support.ts';
import type { Scenario } from './differential-support.ts';

const running = (name: string, restartCount: number): Record<string, unknown> => ({
  name, image: 'busybox', imageID: '', ready: false, restartCount, state: { running: { startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } },
});

// Scenarios run concurrently (each on its own pair of Jobs): most of the time is backoff waiting.
describe('differential: batchguard vs kube-controller-manager, more scenarios', { timeout: 600_000, concurrency: 6 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane({ controllerManager: ['job'] });
    // KCM's pod-failure backoff (10 s) is not configurable.
    ours = await startOurs(cp, { podFailureBackoffMs: 10_000 });
    ns = await namespace(cp, 'diff2');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  const run = (base: string, scenario: Scenario): Promise<void> => runDifferential(cp, ns, base, scenario);

  it('parallelism 5, no completions: ready, failures replaced after backoff, none after a success, completion (scenarios 5-9)', () =>
    run('parallel', {
      spec: { parallelism: 5 },
      steps: [
        set(first(2), { phase: 'Running', ready: true }),
        // Two failures: a 20 s backoff before the replacements.
        set(readyOnes, { phase: 'Failed', exitCode: 1 }),
        untilActive(5),
        set(first(1), { phase: 'Succeeded' }),
        set(first(2), { phase: 'Failed', exitCode: 1 }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  // Timing (scenarios 28, 29): the snapshots after the sleeps settle 11-16 s after a failure (a
  // sleep plus the 3 s of quiet, after the settled snapshot of the failure for the first one), past
  // a 10 s backoff and before a 20 s one, so they tell which of the two applied.
  it('exponential backoff after 2 failures, reset by a success (scenarios 28, 29)', () =>
    run('backoff', {
      spec: { completions: 2, parallelism: 1 },
      steps: [
        seq(set(all, { phase: 'Failed', exitCode: 1 }), untilActive(1)),
        set(all, { phase: 'Failed', exitCode: 1 }),
        sleep(5000),
        untilActive(1),
        set(all, { phase: 'Succeeded' }),
        seq(set(all, { phase: 'Failed', exitCode: 1 }), sleep(8000)),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('completions 3 with parallelism 5: only 3 pods (scenario 12)', () =>
    run('capped', { spec: { completions: 3, parallelism: 5 }, steps: [set(all, { phase: 'Succeeded' })] }));

  const elastic = { completionMode: 'Indexed', completions: 3, parallelism: 3 };
  it('elastic Indexed scale up 3 -> 4 (scenario 20)', () =>
    run('scaleup', { spec: elastic, steps: [patchJob({ completions: 4, parallelism: 4 }), set(all, { phase: 'Succeeded' })] }));

  it('elastic Indexed scale down 3 -> 1 after index 1 succeeded and index 2 failed (scenario 21)', () =>
    run('scaledown', {
      spec: elastic,
      steps: [
        seq(set(indexes(1), { phase: 'Succeeded' }), set(indexes(2), { phase: 'Failed', exitCode: 1 }), untilActive(2)),
        patchJob({ completions: 1, parallelism: 1 }),
        set(indexes(0), { phase: 'Succeeded' }),
      ],
    }));

  it('elastic Indexed: succeeded index scaled out of range and back (scenario 22)', () =>
    run('rescale', {
      spec: elastic,
      steps: [
        set(indexes(2), { phase: 'Succeeded' }),
        patchJob({ completions: 2, parallelism: 2 }),
        patchJob({ completions: 3, parallelism: 3 }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('elastic Indexed scaled to 0 completes (scenario 23)', () =>
    run('scalezero', { spec: elastic, steps: [patchJob({ completions: 0, parallelism: 0 })] }));

  it('OnFailure: container restartCount reaching backoffLimit fails the Job (scenario 31)', () =>
    run('onfailure', {
      spec: { backoffLimit: 2 },
      podSpec: { restartPolicy: 'OnFailure' },
      steps: [
        setStatus(first(1), { phase: 'Running', containerStatuses: [running('main', 1)] }),
        setStatus(first(1), { phase: 'Running', containerStatuses: [running('main', 2)] }),
      ],
    }));

  it('podFailurePolicy Count on exit 10 and an unmatched exit 3: both counted and replaced (scenarios 38, 39)', () =>
    run('pfpcount', {
      spec: {
        parallelism: 2, completions: 2,
        podFailurePolicy: {
          rules: [{ action: 'Count', onExitCodes: { operator: 'In', values: [10] } }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }],
        },
      },
      steps: [
        seq(set(nth(0), { phase: 'Failed', exitCode: 10 }), set(nth(1), { phase: 'Failed', exitCode: 3 })),
        untilActive(2),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  const twoContainers = { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] };
  it('podFailurePolicy onExitCodes.containerName: another container\'s exit code does not match (scenario 40)', () =>
    run('pfpcontainer', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'a', operator: 'In', values: [5] } }] } },
      podSpec: twoContainers,
      steps: [
        seq(setStatus(first(1), { phase: 'Failed', containerStatuses: [terminated('a', 0), terminated('b', 5)] }), untilActive(1)),
        setStatus(first(1), { phase: 'Failed', containerStatuses: [terminated('a', 5), terminated('b', 0)] }),
      ],
    }));

  it('podFailurePolicy: an init container\'s exit code matches (scenario 41)', () =>
    run('pfpinit', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } },
      podSpec: { initContainers: [{ name: 'init', image: 'busybox' }] },
      steps: [
        setStatus(first(1), {
          phase: 'Failed',
          initContainerStatuses: [terminated('init', 5)],
          containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
        }),
      ],
    }));

  it('podFailurePolicy NotIn [1]: exit 0 in one container and 3 in another matches (scenario 42)', () =>
    run('pfpnotin', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] } },
      podSpec: twoContainers,
      steps: [setStatus(first(1), { phase: 'Failed', containerStatuses: [terminated('a', 0), terminated('b', 3)] })],
    }));

  it('podFailurePolicy present: a deleted running pod is terminating, not counted, not replaced until Failed (scenario 43)', () =>
    run('pfpdelete', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] } },
      steps: [
        deleteHeld(first(1)),
        seq(setDeleting({ phase: 'Failed', exitCode: 1 }), untilActive(1)),
        release,
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('TerminatingOrFailed, Indexed: 2 deleted pods counted failed and replaced while terminating (scenario 44)', () =>
    run('tof', {
      spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, podReplacementPolicy: 'TerminatingOrFailed' },
      steps: [
        deleteHeld(all),
        untilActive(2),
        setDeleting({ phase: 'Failed', exitCode: 1 }),
        release,
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('podReplacementPolicy Failed, NonIndexed: 2 deleted pods are terminating, replaced once Failed (scenario 45)', () =>
    run('failedpolicy', {
      spec: { completions: 2, parallelism: 2, podReplacementPolicy: 'Failed' },
      steps: [
        deleteHeld(all),
        setDeleting({ phase: 'Failed', exitCode: 1 }),
        untilActive(2),
        release,
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  const perIndex = { completionMode: 'Indexed', completions: 2, parallelism: 2 };
  it('backoffLimitPerIndex 1: one failure, replaced with failure count 1, Complete (scenario 47)', () =>
    run('blpi1', {
      spec: { ...perIndex, backoffLimitPerIndex: 1 },
      steps: [seq(set(indexes(0), { phase: 'Failed', exitCode: 1 }), untilActive(2)), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimitPerIndex 2: index 0 fails 3 times, failedIndexes "0", Failed(FailedIndexes) (scenarios 48, 53)', () =>
    run('blpi2', {
      spec: { ...perIndex, backoffLimitPerIndex: 2 },
      steps: [
        seq(set(indexes(0), { phase: 'Failed', exitCode: 1 }), untilActive(2)),
        // The index's second failure: a 20 s backoff, during which the failed pod keeps its finalizer
        // (scenario 53).
        set(indexes(0), { phase: 'Failed', exitCode: 1 }),
        untilActive(2),
        set(indexes(0), { phase: 'Failed', exitCode: 1 }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('backoffLimitPerIndex 1 with backoffLimit 2 reached first: Failed(BackoffLimitExceeded) (scenario 49)', () =>
    run('blpiglobal', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1, backoffLimit: 2 },
      steps: [
        seq(set(indexes(0), { phase: 'Failed', exitCode: 1 }), untilActive(3)),
        seq(set(indexes(1), { phase: 'Failed', exitCode: 1 }), untilActive(3)),
        set(indexes(2), { phase: 'Failed', exitCode: 1 }),
      ],
    }));

  it('backoffLimitPerIndex 0: index 0 fails, index 1 succeeds, Failed(FailedIndexes) (scenario 50)', () =>
    run('blpi0', {
      spec: { ...perIndex, backoffLimitPerIndex: 0 },
      steps: [set(indexes(0), { phase: 'Failed', exitCode: 1 }), set(indexes(1), { phase: 'Succeeded' })],
    }));

  it('maxFailedIndexes 1 with 2 failed indexes: Failed(MaxFailedIndexesExceeded) (scenario 51)', () =>
    run('maxfailed', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 1 },
      steps: [set(indexes(0), { phase: 'Failed', exitCode: 1 }), set(indexes(1), { phase: 'Failed', exitCode: 1 })],
    }));

  it('successPolicy succeededIndexes "0" with 1 completion (scenario 55)', () =>
    run('sp55', {
      spec: { completionMode: 'Indexed', completions: 1, parallelism: 1, successPolicy: { rules: [{ succeededIndexes: '0' }] } },
      steps: [set(all, { phase: 'Succeeded' })],
    }));

  it('successPolicy succeededCount 1 of 2 (scenario 57)', () =>
    run('sp57', {
      spec: { ...perIndex, successPolicy: { rules: [{ succeededCount: 1 }] } },
      steps: [set(indexes(0), { phase: 'Succeeded' })],
    }));

  it('successPolicy with backoffLimitPerIndex 0: a failed index first gives Failed, not Complete (scenario 58)', () =>
    run('sp58', {
      spec: { ...perIndex, backoffLimitPerIndex: 0, successPolicy: { rules: [{ succeededCount: 1 }] } },
      steps: [set(indexes(0), { phase: 'Failed', exitCode: 1 }), set(indexes(1), { phase: 'Succeeded' })],
    }));

  it('successPolicy succeededCount 3 of 5: the other 2 terminating, then Complete (scenario 59)', () =>
    run('sp59', {
      spec: { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededCount: 3 }] } },
      steps: [
        hold(indexes(3, 4)),
        set(indexes(0, 1, 2), { phase: 'Succeeded' }),
        release,
      ],
    }));

  it('suspend and resume with activeDeadlineSeconds: time suspended does not count (scenario 64)', () =>
    run('suspendads', {
      spec: { activeDeadlineSeconds: 15 },
      steps: [
        patchJob({ suspend: true }),
        sleep(16_000),
        patchJob({ suspend: false }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  const disrupted: PodOutcome = { phase: 'Failed', exitCode: 1, conditions: [{ type: 'DisruptionTarget', status: 'True' }] };
  it('podFailurePolicy Ignore on DisruptionTarget: not counted, replaced, Complete (scenario 37)', () =>
    run('ignore', {
      spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
      steps: [seq(set(all, disrupted), untilActive(1)), set(all, { phase: 'Succeeded' })],
    }));

  it('podFailurePolicy Ignore with backoffLimitPerIndex: the ignored-failure count is carried (scenario 37, Indexed)', () =>
    run('ignoreidx', {
      spec: {
        ...perIndex, backoffLimitPerIndex: 0,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      },
      steps: [seq(set(indexes(0), disrupted), untilActive(2)), set(indexes(0), { phase: 'Failed', exitCode: 1 }), set(all, { phase: 'Succeeded' })],
    }));

  it('podFailurePolicy FailJob on a pod condition: the condition named in the message (scenario 35)', () =>
    run('pfpcond', {
      spec: { podFailurePolicy: { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }] } },
      steps: [set(all, disrupted)],
    }));

  it('successPolicy succeededIndexes "0-2" with succeededCount 2 (scenarios 55-57)', () =>
    run('spcombined', {
      spec: { completionMode: 'Indexed', completions: 4, parallelism: 4, successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] } },
      steps: [set(indexes(3), { phase: 'Succeeded' }), set(indexes(1), { phase: 'Succeeded' }), set(indexes(2), { phase: 'Succeeded' })],
    }));

  it('podReplacementPolicy Failed, Indexed: a terminating index is not recreated until Failed (scenario 45, Indexed)', () =>
    run('failedidx', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, podReplacementPolicy: 'Failed' },
      steps: [deleteHeld(indexes(1)), seq(setDeleting({ phase: 'Failed', exitCode: 1 }), untilActive(3)), release, set(all, { phase: 'Succeeded' })],
    }));

  it('Indexed with backoffLimitPerIndex, suspended after a failure with a ready pod, resumed (scenarios 47, 60)', () =>
    run('suspidx', {
      spec: { ...perIndex, backoffLimitPerIndex: 2 },
      steps: [
        seq(set(indexes(0), { phase: 'Failed', exitCode: 1 }), untilActive(2)),
        set(indexes(1), { phase: 'Running', ready: true }),
        patchJob({ suspend: true }),
        patchJob({ suspend: false }),
        set(all, { phase: 'Succeeded' }),
      ],
    }));

  it('parallelism 0: no pods, then raised (scenario 12)', () =>
    run('parallel0', { spec: { completions: 2, parallelism: 0 }, steps: [patchJob({ parallelism: 2 }), set(all, { phase: 'Succeeded' })] }));

  it('backoffLimitPerIndex: a deleted pod fails its index, held until its replacement exists (scenarios 47, 53)', () =>
    run('blpidelete', {
      spec: { ...perIndex, backoffLimitPerIndex: 1 },
      steps: [seq(deleteHeld(indexes(0)), untilActive(2)), release, set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimitPerIndex: the failed pod deleted before its replacement exists, the replacement still counts it (scenario 53)', () =>
    run('blpiuserdel', {
      spec: { ...perIndex, backoffLimitPerIndex: 1 },
      steps: [seq(set(indexes(0), { phase: 'Failed', exitCode: 1 }), remove(indexes(0)), untilActive(2)), set(all, { phase: 'Succeeded' })],
    }));
});
