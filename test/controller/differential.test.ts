// Differential (scenario 73): the same scenario on a Job run by kube-controller-manager's Job
// controller (no managedBy) and on one run by batchguard's controller, in the same cluster; the
// settled snapshots after every step must be the same (see differential-support.ts).
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import { controlPlane, namespace, startOurs } from './support.ts';
import {
  all, deleteHeld, first, indexes, inject, nth, patchJob, readyOnes, release, runDifferential, seq, set, sleep, take, untilActive,
} from './differential-support.ts';
import type { Scenario } from './differential-support.ts';

// Scenarios run concurrently (each on its own pair of Jobs): most of the time is backoff waiting.
describe('differential: batchguard vs kube-controller-manager Job controller', { timeout: 600_000, concurrency: 6 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane({ controllerManager: ['job'] });
    // KCM's pod-failure backoff (10 s) is not configurable.
    ours = await startOurs(cp, { podFailureBackoffMs: 10_000 });
    ns = await namespace(cp, 'diff');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  const run = (base: string, scenario: Scenario): Promise<void> => runDifferential(cp, ns, base, scenario);

  it('NonIndexed, parallelism 2 completions 3: ready, successes, completion', () =>
    run('nonidx', {
      spec: { parallelism: 2, completions: 3 },
      steps: [set(first(1), { phase: 'Running', ready: true }), set(first(1), { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('Indexed, completions 3 parallelism 2: completedIndexes and completion', () =>
    run('indexed', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 2 },
      steps: [set(first(1), { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimit 0 with parallelism 2: FailureTarget then Failed, the other pod counted failed', () =>
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
      steps: [set(first(1), { phase: 'Failed', exitCode: 1 }), untilActive(1), set(all, { phase: 'Succeeded' })],
    }));

  it('backoffLimitPerIndex 0 with maxFailedIndexes 0: MaxFailedIndexesExceeded', () =>
    run('perindex', {
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 0 },
      steps: [set(first(1), { phase: 'Failed', exitCode: 1 })],
    }));

  it('a running pod deleted but held by another finalizer: terminating, counted failed, replaced after the backoff (scenario 44, NonIndexed)', () =>
    run('terminating', { spec: { backoffLimit: 3 }, steps: [deleteHeld(first(1)), untilActive(1), release, set(all, { phase: 'Succeeded' })] }));

  it('activeDeadlineSeconds 5: FailureTarget then Failed(DeadlineExceeded), running pods counted failed (scenario 32)', () =>
    run('deadline', { spec: { activeDeadlineSeconds: 5, parallelism: 2, completions: 2 }, steps: [sleep(4000)] }));

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

  it('an orphan pod matching the selector is adopted (scenario 13)', () =>
    run('orphan', { spec: { parallelism: 2, completions: 4 }, steps: [inject(first(1), { orphan: true }), set(all, { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })] }));

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
    run('limit0many', { spec: { backoffLimit: 0, parallelism: 20, completions: 20 }, steps: [set(first(1), { phase: 'Failed', exitCode: 1 })], compareEvents: false }));

  it('raising activeDeadlineSeconds postpones the failure (scenario 33)', () =>
    run('raiseads', {
      spec: { activeDeadlineSeconds: 15 },
      // Wall-clock margins: the second snapshot is taken about 30 s after the start (past the first
      // deadline, well before the new one), the last one about 50 s after (past the new one).
      steps: [patchJob({ activeDeadlineSeconds: 40 }), sleep(20_000), sleep(15_000)],
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
