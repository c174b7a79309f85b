import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterFinalizerRemoval, reconcile } from '../../../../src/controller/job/reconcile.ts';
import type { SyncPlan } from '../../../../src/controller/job/reconcile.ts';
import type { Job, Pod } from '../../../../src/controller/job/types.ts';
import { job, NAME, NOW, pod, SATISFIED } from './fixtures.ts';

const plan = (j: Job, pods: Pod[], memory = SATISFIED): SyncPlan => reconcile(j, pods, NOW, memory, NAME);

/** The status after the whole sync, assuming every finalizer removal succeeds. */
function finalStatus(j: Job, pods: Pod[]): Job['status'] {
  const p = plan(j, pods);
  const left = new Set(p.uidsWithFinalizer);
  for (const r of p.finalizerRemovals) left.delete(r.metadata.uid!);
  return afterFinalizerRemoval(j, p.status, left, p.finish, p.reachedMaxUncounted, NOW).status;
}

describe('reconcile: which Jobs are ours', () => {
  it('skips Jobs without managedBy, with the reserved value, or another name', () => {
    for (const managedBy of [undefined, 'kubernetes.io/job-controller', 'example.com/other']) {
      const p = plan(job({ managedBy }), []);
      assert.equal(p.skip, 'managed by another controller');
      assert.deepEqual(p.creations, []);
    }
  });
  it('skips finished Jobs', () => {
    const p = plan(job({}, { conditions: [{ type: 'Complete', status: 'True' }] }), []);
    assert.equal(p.skip, 'finished');
  });
  it('warns about an unknown completion mode', () => {
    const p = plan(job({ completionMode: 'Weird' }), []);
    assert.deepEqual(p.events.map((e) => e.reason), ['UnknownCompletionMode']);
  });
});

describe('reconcile: creating pods', () => {
  it('creates parallelism pods with startTime in whole seconds and ready/terminating 0', () => {
    const p = plan(job({ parallelism: 3, completions: 5 }), []);
    assert.equal(p.creations.length, 3);
    assert.equal(p.status.startTime, '2026-01-01T00:01:00Z');
    assert.deepEqual([p.status.active, p.status.ready, p.status.terminating], [3, 0, 0]);
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
    assert.equal(p.writeStatus, true);
  });
  it('creates no more than completions - succeeded', () => {
    const p = plan(job({ parallelism: 5, completions: 3 }, { succeeded: 2 }), []);
    assert.equal(p.creations.length, 1);
  });
  it('work-queue Jobs (no completions) create nothing after the first success', () => {
    const p = plan(job({ parallelism: 3, completions: undefined }, { succeeded: 1 }), [pod('Running', { finalizer: true })]);
    assert.equal(p.creations.length, 0);
  });
  it('creates nothing while expectations are unsatisfied', () => {
    const p = plan(job({ parallelism: 2, completions: 2 }), [], { ...SATISFIED, satisfiedExpectations: false });
    assert.equal(p.creations.length, 0);
  });
  it('builds indexed pods with the lowest free indexes', () => {
    const j = job({ completionMode: 'Indexed', parallelism: 2, completions: 4 }, { completedIndexes: '0' });
    const p = plan(j, [pod('Running', { index: 1 })]);
    assert.deepEqual(p.creations.map((c) => c.metadata.annotations!['batch.kubernetes.io/job-completion-index']), ['2']);
    const [c] = p.creations;
    assert.equal(c.metadata.generateName, 'j-2-');
    assert.equal(c.metadata.labels!['batch.kubernetes.io/job-completion-index'], '2');
    assert.equal(c.spec!.hostname, 'j-2');
    assert.deepEqual(c.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid', controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(c.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  });
  it('holds creation back during the pod-failure backoff and asks for a requeue', () => {
    const failed = pod('Failed', { finishedAt: '2026-01-01T00:00:55Z' });
    const p = plan(job({ backoffLimit: 6 }), [failed]);
    assert.equal(p.creations.length, 0);
    assert.equal(p.requeueAfterMs, 5000);
    assert.deepEqual(p.backoff, { failuresAfterLastSuccess: 1, lastFailureTime: Date.parse('2026-01-01T00:00:55Z') });
    assert.deepEqual(p.status.uncountedTerminatedPods, { failed: [failed.metadata.uid] });
  });
});

describe('reconcile: counting through uncountedTerminatedPods', () => {
  it('records a finished pod as uncounted, removes its finalizer, then counts it once', () => {
    const done = pod('Succeeded');
    const j = job();
    const p = plan(j, [done]);
    assert.deepEqual(p.status.uncountedTerminatedPods, { succeeded: [done.metadata.uid] });
    assert.deepEqual(p.finalizerRemovals.map((x) => x.metadata.uid), [done.metadata.uid]);
    assert.equal(p.finish?.type, 'Complete');
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.reason]), [['SuccessCriteriaMet', 'CompletionsReached']]);
    const after = afterFinalizerRemoval(j, p.status, new Set(), p.finish, false, NOW);
    assert.equal(after.finished, true);
    assert.equal(after.status.succeeded, 1);
    assert.deepEqual(after.status.uncountedTerminatedPods, {});
    assert.equal(after.status.completionTime, '2026-01-01T00:01:00Z');
    assert.deepEqual(after.events.map((e) => e.reason), ['Completed']);
  });
  it('never counts a pod twice: an uncounted UID whose pod lost its finalizer is counted, not re-added', () => {
    const done = pod('Succeeded', { finalizer: false });
    const j = job({ completions: 2, parallelism: 2 }, { uncountedTerminatedPods: { succeeded: [done.metadata.uid!] }, active: 1, ready: 0, terminating: 0, startTime: '2026-01-01T00:00:00Z' });
    const p = plan(j, [done, pod('Running')]);
    assert.equal(p.status.succeeded, 1);
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
    assert.equal(p.finalizerRemovals.length, 0);
  });
  it('ignores pods whose finalizer removal is still expected', () => {
    const done = pod('Succeeded');
    const p = plan(job(), [done], { ...SATISFIED, expectedFinalizerRemovals: new Set([done.metadata.uid!]) });
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
    assert.equal(p.finalizerRemovals.length, 0);
  });
  it('stops at MaxUncountedPods and does not finish in that sync', () => {
    const pods = Array.from({ length: 5 }, () => pod('Succeeded'));
    const j = job({ completions: 5, parallelism: 5 });
    const p = reconcile(j, pods, NOW, SATISFIED, NAME, { backoff: { baseMs: 10_000, maxMs: 600_000 }, maxUncountedPods: 3, maxPodCreateDeletePerSync: 500 });
    assert.equal(p.status.uncountedTerminatedPods!.succeeded!.length, 3);
    assert.equal(p.reachedMaxUncounted, true);
    const after = afterFinalizerRemoval(j, p.status, new Set(pods.slice(3).map((x) => x.metadata.uid!)), p.finish, p.reachedMaxUncounted, NOW);
    assert.equal(after.finished, false);
  });
});

describe('reconcile: failure', () => {
  it('backoffLimit 0: FailureTarget, other active pods deleted with finalizers kept, counted failed', () => {
    const failed = pod('Failed');
    const running = pod('Running', { ready: true });
    const p = plan(job({ backoffLimit: 0, parallelism: 2, completions: 2 }), [failed, running]);
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.reason, c.message]), [['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']]);
    assert.deepEqual(p.deletions.map((d) => [d.pod.metadata.uid, d.removeFinalizerFirst]), [[running.metadata.uid, false]]);
    assert.deepEqual([p.status.active, p.status.ready, p.status.terminating], [0, 0, 1]);
    assert.deepEqual(p.status.uncountedTerminatedPods!.failed, [failed.metadata.uid, running.metadata.uid]);
    assert.equal(p.finish?.type, 'Failed');
    // Still terminating: Failed waits for a later sync.
    assert.equal(afterFinalizerRemoval(job(), p.status, new Set(), p.finish, false, NOW).finished, false);
  });
  it('an existing FailureTarget becomes Failed once nothing terminates', () => {
    const j = job({}, { failed: 1, startTime: '2026-01-01T00:00:00Z', active: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {}, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] });
    const s = finalStatus(j, []);
    assert.deepEqual(s!.conditions!.map((c) => [c.type, c.reason]), [['FailureTarget', 'BackoffLimitExceeded'], ['Failed', 'BackoffLimitExceeded']]);
    assert.equal(s!.completionTime, undefined);
  });
  it('activeDeadlineSeconds: DeadlineExceeded when past, else a requeue at the deadline', () => {
    const past = plan(job({ activeDeadlineSeconds: 30 }, { startTime: '2026-01-01T00:00:00Z' }), [pod('Running')]);
    assert.equal(past.status.conditions![0].reason, 'DeadlineExceeded');
    const future = plan(job({ activeDeadlineSeconds: 90 }, { startTime: '2026-01-01T00:00:00Z' }), [pod('Running')]);
    assert.equal(future.requeueAfterMs, 30_000);
  });
  it('restartPolicy OnFailure: restarts reaching backoffLimit fail the Job', () => {
    const p0 = pod('Running');
    p0.status!.containerStatuses = [{ name: 'main', restartCount: 2 }];
    const j = job({ backoffLimit: 2 });
    j.spec.template.spec!.restartPolicy = 'OnFailure';
    assert.equal(plan(j, [p0]).status.conditions![0].reason, 'BackoffLimitExceeded');
  });
});

describe('reconcile: podFailurePolicy', () => {
  const policy = { rules: [
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [5] } },
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  ] };
  it('FailJob names the container, pod and rule index', () => {
    const p = plan(job({ podFailurePolicy: policy }), [pod('Failed', { exitCode: 5, uid: 'u5' })]);
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'PodFailurePolicy', 'Container main for pod ns/j-u5 failed with exit code 5 matching FailJob rule at index 0'],
    ]);
  });
  it('Ignore neither counts nor backs off the failure, and replaces the pod', () => {
    const ignored = pod('Failed', { conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const p = plan(job({ podFailurePolicy: policy, backoffLimit: 0 }), [ignored]);
    assert.equal(p.status.conditions, undefined);
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
    assert.deepEqual(p.finalizerRemovals.map((x) => x.metadata.uid), [ignored.metadata.uid]);
  });
  it('with a policy, a deleted running pod is only terminating: not failed, not replaced', () => {
    const p = plan(job({ podFailurePolicy: policy }), [pod('Running', { deleted: true })]);
    assert.deepEqual([p.status.active, p.status.terminating], [0, 1]);
    assert.equal(p.creations.length, 0);
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
  });
});

describe('reconcile: Indexed specifics', () => {
  it('backoffLimitPerIndex: failedIndexes, delayed finalizer removal and inherited failure count', () => {
    const f = pod('Failed', { index: 0 });
    const j = job({ completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1, backoffLimit: 2147483647 });
    const p = reconcile(j, [f, pod('Running', { index: 1 })], NOW + 60_000, SATISFIED, NAME);
    assert.equal(p.status.failedIndexes, '');
    assert.equal(p.finalizerRemovals.length, 0, 'the failed pod keeps its finalizer until replaced');
    assert.equal(p.creations.length, 1);
    assert.equal(p.creations[0].metadata.annotations!['batch.kubernetes.io/job-index-failure-count'], '1');
  });
  it('an index past backoffLimitPerIndex is failed and not recreated; FailedIndexes once all are done', () => {
    const f = pod('Failed', { index: 0, annotations: { 'batch.kubernetes.io/job-index-failure-count': '1' } });
    const j = job({ completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1, backoffLimit: 2147483647 }, { completedIndexes: '1', succeeded: 1 });
    const p = plan(j, [f]);
    assert.equal(p.status.failedIndexes, '0');
    assert.equal(p.creations.length, 0);
    assert.equal(p.status.conditions![0].reason, 'FailedIndexes');
  });
  it('successPolicy: SuccessCriteriaMet(SuccessPolicy) deletes the rest without counting them failed', () => {
    const running = pod('Running', { index: 0 });
    const j = job({ completionMode: 'Indexed', completions: 2, parallelism: 2, successPolicy: { rules: [{ succeededIndexes: '1' }] } });
    const p = plan(j, [running, pod('Succeeded', { index: 1 })]);
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.reason, c.message]), [['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0']]);
    assert.deepEqual(p.deletions.map((d) => d.pod.metadata.uid), [running.metadata.uid]);
    assert.equal(p.status.completedIndexes, '1');
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
  });
  it('successPolicy succeededCount: met by the number of succeeded indexes', () => {
    const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededCount: 2 }] } }, { completedIndexes: '0' });
    const p = plan(j, [pod('Succeeded', { index: 3 }), pod('Running', { index: 1 })]);
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.reason, c.message]), [['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0']]);
    const notYet = plan(job({ completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 3 }] } }, { completedIndexes: '0' }), [pod('Succeeded', { index: 3 })]);
    assert.equal(notYet.status.conditions, undefined);
  });
  it('deletes duplicates of an index and pods with an index >= completions', () => {
    const a = pod('Running', { index: 0, ready: true });
    const b = pod('Running', { index: 0 });
    const out = pod('Running', { index: 7 });
    const p = plan(job({ completionMode: 'Indexed', completions: 2, parallelism: 2 }), [a, b, out]);
    assert.deepEqual(p.deletions.map((d) => d.pod.metadata.uid).sort(), [b.metadata.uid, out.metadata.uid].sort());
    assert.ok(p.deletions.every((d) => d.removeFinalizerFirst));
  });
});

describe('reconcile: suspend and resume', () => {
  it('suspending deletes active pods uncounted, sets Suspended and clears startTime', () => {
    const j = job({ suspend: true }, { startTime: '2026-01-01T00:00:00Z', active: 1 });
    const p = plan(j, [pod('Running')]);
    assert.deepEqual(p.deletions.map((d) => d.removeFinalizerFirst), [true]);
    assert.equal(p.expectedDeletions, 1);
    assert.deepEqual(p.status.conditions!.map((c) => [c.type, c.status, c.reason, c.message]), [['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
    assert.equal(p.status.startTime, undefined);
    assert.deepEqual(p.events.map((e) => e.reason), ['Suspended']);
  });
  it('a Job created suspended gets no startTime; resuming flips Suspended to False and sets startTime', () => {
    const created = plan(job({ suspend: true }), []);
    assert.equal(created.status.startTime, undefined);
    const resumed = plan(job({ suspend: false }, { conditions: created.status.conditions }), []);
    assert.deepEqual(resumed.status.conditions!.map((c) => [c.type, c.status, c.reason]), [['Suspended', 'False', 'JobResumed']]);
    assert.equal(resumed.status.startTime, '2026-01-01T00:01:00Z');
    assert.deepEqual(resumed.events.map((e) => e.reason), ['Resumed']);
  });
  it('resuming restarts the activeDeadlineSeconds clock (1.36 cleared startTime on suspension)', () => {
    const suspended = [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }];
    const p = plan(job({ suspend: false, activeDeadlineSeconds: 30 }, { conditions: suspended }), []);
    assert.equal(p.status.startTime, '2026-01-01T00:01:00Z');
    assert.equal(p.creations.length, 1);
    // As in job_controller.go, a startTime kept through the suspension (older controllers) is
    // checked against the deadline before the resume resets it.
    const kept = plan(job({ suspend: false, activeDeadlineSeconds: 30 }, { startTime: '2025-12-31T00:00:00Z', conditions: suspended }), []);
    assert.equal(kept.status.conditions!.find((c) => c.type === 'FailureTarget')?.reason, 'DeadlineExceeded');
  });
  it('never adds a Suspended=False condition to a Job that was never suspended', () => {
    assert.equal(plan(job(), []).status.conditions, undefined);
  });
});
