// The Job lifecycle run by batchguard's controller on a real kube-apiserver (controller.md §3).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import {
  api, condition, controlPlane, createJob, events, getJob, jobPods, namespace, setPod, startOurs, waitFor,
  waitForActivePods, waitForCondition, WHOLE_SECONDS,
} from './support.ts';

describe('controller lifecycle on a real API server', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane();
    ours = await startOurs(cp);
    ns = await namespace(cp);
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  it('runs a default NonIndexed Job to Complete (scenarios 1, 4)', async () => {
    const created = await createJob(cp, ns, { name: 'simple' });
    const [pod] = await waitForActivePods(cp, ns, 'simple', 1);
    assert.equal(pod.metadata.generateName, 'simple-');
    assert.match(pod.metadata.name!, /^simple-[a-z0-9]{5}$/);
    assert.deepEqual(pod.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'simple', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.equal(pod.metadata.labels!['batch.kubernetes.io/controller-uid'], created.metadata.uid);
    assert.equal(pod.metadata.labels!['job-name'], 'simple');
    const running = await waitFor('status active 1', async () => {
      const j = await getJob(cp, ns, 'simple');
      return j.status?.active === 1 && j.status.ready === 0 && j.status.terminating === 0 ? j : undefined;
    });
    assert.match(running.status!.startTime!, WHOLE_SECONDS);
    assert.deepEqual(running.status!.uncountedTerminatedPods, {});

    await setPod(cp, pod, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'simple', 'Complete');
    assert.equal(done.status!.succeeded, 1);
    assert.equal(done.status!.active, undefined);
    assert.equal(done.status!.failed, undefined);
    assert.deepEqual(done.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    // completionTime is the sync's time; the Complete condition is stamped after the finalizers are
    // flushed (enactJobFinished uses jm.clock.Now()), so it can be a second later, never earlier.
    assert.match(done.status!.completionTime!, WHOLE_SECONDS);
    const stamped = (type: string) => done.status!.conditions!.find((c) => c.type === type)!.lastTransitionTime!;
    assert.ok(done.status!.completionTime! <= stamped('Complete'));
    assert.ok(done.status!.completionTime! >= stamped('SuccessCriteriaMet'));
    const [finished] = await jobPods(cp, ns, 'simple');
    assert.equal(finished.metadata.finalizers, undefined);
    await waitFor('Completed event', async () => (await events(cp, ns, 'simple')).some((e) => e.reason === 'Completed' && e.message === 'Job completed'));
    const reasons = (await events(cp, ns, 'simple')).map((e) => e.reason);
    assert.ok(reasons.includes('SuccessfulCreate'));
  });

  it('replaces a failed pod and fails the Job past backoffLimit (scenarios 2, 25)', async () => {
    await createJob(cp, ns, { name: 'flaky', spec: { backoffLimit: 1 } });
    const [first] = await waitForActivePods(cp, ns, 'flaky', 1);
    await setPod(cp, first, { phase: 'Failed', exitCode: 2 });
    const [second] = await waitFor('replacement', async () => {
      const active = (await jobPods(cp, ns, 'flaky')).filter((p) => p.metadata.uid !== first.metadata.uid && !p.status?.phase?.match(/Succeeded|Failed/));
      return active.length === 1 ? active : undefined;
    });
    const mid = await waitFor('F1 A1', async () => {
      const j = await getJob(cp, ns, 'flaky');
      return j.status?.failed === 1 && j.status.active === 1 ? j : undefined;
    });
    assert.equal(mid.status!.conditions, undefined);
    await setPod(cp, second, { phase: 'Failed', exitCode: 2 });
    const failed = await waitForCondition(cp, ns, 'flaky', 'Failed');
    assert.deepEqual(failed.status!.conditions!.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    assert.equal(failed.status!.failed, 2);
    assert.equal(failed.status!.completionTime, undefined);
    assert.equal((await jobPods(cp, ns, 'flaky')).length, 2);
    await waitFor('BackoffLimitExceeded event', async () => (await events(cp, ns, 'flaky')).some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded'));
  });

  it('runs an Indexed Job: index labels, hostname, env, completedIndexes (scenarios 14-17)', async () => {
    await createJob(cp, ns, { name: 'idx', spec: { completionMode: 'Indexed', completions: 4, parallelism: 3 } });
    const pods = await waitForActivePods(cp, ns, 'idx', 3);
    const byIndex = new Map(pods.map((p) => [p.metadata.annotations!['batch.kubernetes.io/job-completion-index'], p]));
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      assert.equal(p.metadata.labels!['batch.kubernetes.io/job-completion-index'], ix);
      assert.equal(p.spec!.hostname, `idx-${ix}`);
      assert.match(p.metadata.name!, new RegExp(`^idx-${ix}-[a-z0-9]{5}$`));
      assert.deepEqual(p.spec!.containers![0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    }
    await setPod(cp, byIndex.get('1')!, { phase: 'Succeeded' });
    const third = await waitFor('index 3 created', async () => (await jobPods(cp, ns, 'idx')).find((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === '3'));
    const mid = await waitFor('completedIndexes 1', async () => {
      const j = await getJob(cp, ns, 'idx');
      return j.status?.completedIndexes === '1' && j.status.active === 3 ? j : undefined;
    });
    assert.equal(mid.status!.succeeded, 1);
    await setPod(cp, byIndex.get('2')!, { phase: 'Failed' });
    const again = await waitFor('index 2 recreated', async () => (await jobPods(cp, ns, 'idx')).find((p) =>
      p.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === '2' && p.metadata.uid !== byIndex.get('2')!.metadata.uid));
    for (const p of [byIndex.get('0')!, third, again]) await setPod(cp, p, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'idx', 'Complete');
    assert.equal(done.status!.completedIndexes, '0-3');
    assert.equal(done.status!.succeeded, 4);
    assert.equal(done.status!.failed, 1);
  });

  it('never touches Jobs without managedBy or managed by another controller (scenarios 69-70)', async () => {
    await createJob(cp, ns, { name: 'builtin', managedBy: null });
    await createJob(cp, ns, { name: 'foreign', managedBy: 'example.com/other' });
    await createJob(cp, ns, { name: 'probe' });
    // Our own Job proves the controller is alive and has seen the others' events by now.
    await waitForActivePods(cp, ns, 'probe', 1);
    await new Promise((r) => setTimeout(r, 1500));
    for (const name of ['builtin', 'foreign']) {
      assert.deepEqual(await jobPods(cp, ns, name), [], name);
      assert.equal((await getJob(cp, ns, name)).status?.startTime, undefined, name);
    }
  });

  it('podFailurePolicy Ignore on DisruptionTarget: not counted, replaced, Job completes (scenario 37)', async () => {
    await createJob(cp, ns, { name: 'ignore', spec: { backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } });
    const [first] = await waitForActivePods(cp, ns, 'ignore', 1);
    await setPod(cp, first, { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const [second] = await waitFor('replacement', async () => {
      const active = (await jobPods(cp, ns, 'ignore')).filter((p) => p.metadata.uid !== first.metadata.uid);
      return active.length === 1 ? active : undefined;
    });
    await setPod(cp, second, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'ignore', 'Complete');
    assert.equal(done.status!.failed, undefined);
    assert.equal(done.status!.succeeded, 1);
  });

  it('FailIndex with backoffLimitPerIndex: the index fails at once, the rest completes, Failed(FailedIndexes) (scenario 52)', async () => {
    await createJob(cp, ns, { name: 'failindex', spec: {
      completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 1,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [13] } }] },
    } });
    const pods = await waitForActivePods(cp, ns, 'failindex', 2);
    const at = (ix: string) => pods.find((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === ix)!;
    assert.equal(at('0').metadata.annotations!['batch.kubernetes.io/job-index-failure-count'], '0');
    await setPod(cp, at('0'), { phase: 'Failed', exitCode: 13 });
    await waitFor('failedIndexes 0', async () => (await getJob(cp, ns, 'failindex')).status?.failedIndexes === '0');
    await setPod(cp, at('1'), { phase: 'Succeeded' });
    const failed = await waitForCondition(cp, ns, 'failindex', 'Failed');
    assert.deepEqual(failed.status!.conditions!.map((c) => [c.type, c.reason]), [['FailureTarget', 'FailedIndexes'], ['Failed', 'FailedIndexes']]);
    assert.equal(failed.status!.completedIndexes, '1');
    assert.equal((await jobPods(cp, ns, 'failindex')).length, 2, 'a failed index is not recreated');
  });

  it('activeDeadlineSeconds: FailureTarget then Failed(DeadlineExceeded), running pods counted failed (scenario 32)', async () => {
    await createJob(cp, ns, { name: 'deadline', spec: { activeDeadlineSeconds: 2, parallelism: 2, completions: 2 } });
    await waitForActivePods(cp, ns, 'deadline', 2);
    const failed = await waitForCondition(cp, ns, 'deadline', 'Failed', 15_000);
    assert.deepEqual(failed.status!.conditions!.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    assert.equal(failed.status!.failed, 2);
    assert.equal(failed.status!.terminating, 0);
  });

  it('suspending a running Job deletes its pods uncounted; resuming recreates them (scenarios 60-61)', async () => {
    await createJob(cp, ns, { name: 'pause', spec: { parallelism: 2, completions: 2 } });
    await waitForActivePods(cp, ns, 'pause', 2);
    await cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/pause`, { spec: { suspend: true } }, { contentType: 'application/merge-patch+json' });
    const suspended = await waitForCondition(cp, ns, 'pause', 'Suspended');
    const s = condition(suspended, 'Suspended')!;
    assert.deepEqual([s.reason, s.message], ['JobSuspended', 'Job suspended']);
    await waitFor('pods gone', async () => (await jobPods(cp, ns, 'pause')).length === 0);
    const after = await getJob(cp, ns, 'pause');
    assert.equal(after.status!.failed, undefined);
    assert.equal(after.status!.active, undefined);
    assert.equal(after.status!.startTime, undefined, '1.36 clears startTime on suspension');
    await cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/pause`, { spec: { suspend: false } }, { contentType: 'application/merge-patch+json' });
    await waitForActivePods(cp, ns, 'pause', 2);
    const resumed = await waitFor('resumed', async () => {
      const j = await getJob(cp, ns, 'pause');
      return condition(j, 'Suspended')?.status === 'False' ? j : undefined;
    });
    assert.equal(condition(resumed, 'Suspended')!.reason, 'JobResumed');
    assert.match(resumed.status!.startTime!, WHOLE_SECONDS);
    await waitFor('Suspended and Resumed events', async () => {
      const reasons = (await events(cp, ns, 'pause')).map((e) => e.reason);
      return reasons.includes('Suspended') && reasons.includes('Resumed');
    });
  });

  it('podReplacementPolicy Failed: a deleted pod is terminating, replaced only once Failed (scenario 45)', async () => {
    await createJob(cp, ns, { name: 'replace', spec: { podReplacementPolicy: 'Failed' }, podSpec: {} });
    const [first] = await waitForActivePods(cp, ns, 'replace', 1);
    // Keep the pod terminating, as upstream does, with a second finalizer.
    await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`, { metadata: { finalizers: ['batch.kubernetes.io/job-tracking', 'example.com/block'] } }, 'application/merge-patch+json');
    await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`);
    const held = await waitFor('T1 A0 F0', async () => {
      const j = await getJob(cp, ns, 'replace');
      return j.status?.terminating === 1 && !j.status.active ? j : undefined;
    });
    assert.equal(held.status!.failed, undefined);
    assert.equal((await jobPods(cp, ns, 'replace')).length, 1, 'no replacement while terminating');
    const current = (await jobPods(cp, ns, 'replace'))[0];
    await setPod(cp, current, { phase: 'Failed' });
    await waitFor('F1 A1 T0', async () => {
      const j = await getJob(cp, ns, 'replace');
      return j.status?.failed === 1 && j.status.active === 1 && j.status.terminating === 0;
    });
    await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`, { metadata: { finalizers: null } }, 'application/merge-patch+json');
  });

  it('ttlSecondsAfterFinished 0: the finished Job is deleted in the foreground (scenario 74)', async () => {
    await createJob(cp, ns, { name: 'ttl', spec: { ttlSecondsAfterFinished: 0 } });
    const [p] = await waitForActivePods(cp, ns, 'ttl', 1);
    await setPod(cp, p, { phase: 'Succeeded' });
    // No garbage collector here: the Job keeps the foregroundDeletion finalizer and a deletionTimestamp.
    const deleting = await waitFor('deletionTimestamp', async () => {
      const j = await getJob(cp, ns, 'ttl');
      return j.metadata.deletionTimestamp ? j : undefined;
    });
    assert.ok(deleting.metadata.finalizers?.includes('foregroundDeletion'));
  });

  it('lowering parallelism deletes surplus pods without counting them (scenario 11)', async () => {
    await createJob(cp, ns, { name: 'scale', spec: { parallelism: 4, completions: 4 } });
    await waitForActivePods(cp, ns, 'scale', 4);
    await cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/scale`, { spec: { parallelism: 2 } }, { contentType: 'application/merge-patch+json' });
    await waitForActivePods(cp, ns, 'scale', 2);
    const j = await waitFor('A2', async () => {
      const job = await getJob(cp, ns, 'scale');
      return job.status?.active === 2 && job.status.terminating === 0 ? job : undefined;
    });
    assert.equal(j.status!.failed, undefined);
  });

  it('adopts an orphan pod carrying the Job\'s controller-uid label (scenario 13)', async () => {
    const job = await createJob(cp, ns, { name: 'adopt', spec: { parallelism: 2, completions: null } });
    const pods = await waitForActivePods(cp, ns, 'adopt', 2);
    await setPod(cp, pods[0], { phase: 'Succeeded' });
    await waitFor('S1', async () => (await getJob(cp, ns, 'adopt')).status?.succeeded === 1);
    const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid!, 'batch.kubernetes.io/job-name': 'adopt', 'controller-uid': job.metadata.uid!, 'job-name': 'adopt' };
    await api(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } });
    const adopted = await waitFor('stray adopted', async () => {
      const p = await api(cp, 'GET', `/api/v1/namespaces/${ns}/pods/stray`);
      return p.metadata.ownerReferences?.length ? p : undefined;
    });
    assert.deepEqual(adopted.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'adopt', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.deepEqual(adopted.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
    await waitFor('A2 with the adopted pod', async () => (await getJob(cp, ns, 'adopt')).status?.active === 2);
  });
});
