// Policies run by batchguard's controller on a real API server (controller.md §3): pod
// replacement, successPolicy, suspend, deletion with a garbage collector, Jobs recreated under the
// same name, coexistence with the built-in controller, and ttlSecondsAfterFinished. Expected values
// are those of test/integration/job/job_test.go (1.36) and pkg/controller/job.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import { Informer } from '../../src/controller/informer.ts';
import { KubeClient } from '../../src/controller/kube.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import {
  api, condition, controlPlane, createJob, events, getJob, isActivePod, jobPods, namespace, OURS, setPod, startOurs,
  waitFor, waitForActivePods, waitForCondition,
} from './support.ts';

const TRACKING = 'batch.kubernetes.io/job-tracking';
const BLOCK = 'example.com/block-deletion';
const MERGE = 'application/merge-patch+json';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function indexOf(p: Pod): string | undefined {
  return p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
}

function transitionOf(job: Job, type: string): number {
  return Date.parse(job.status!.conditions!.find((c) => c.type === type)!.lastTransitionTime!);
}

function conditionRows(job: Job): string[][] {
  return (job.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '']);
}

/** Every version of every Job in a namespace, in watch order, so transient statuses can be asserted. */
class JobHistory {
  readonly versions: Job[] = [];
  private readonly informer: Informer<Job>;

  constructor(cp: ControlPlane, ns: string) {
    const record = (job: Job): void => {
      this.versions.push(structuredClone(job));
    };
    this.informer = new Informer<Job>(KubeClient.load(cp.kubeconfigPath), { path: `/apis/batch/v1/namespaces/${ns}/jobs` },
      { onAdd: record, onUpdate: (_old, job) => record(job), onDelete: () => {} });
  }

  start(): Promise<void> {
    return this.informer.start();
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  of(uid: string | undefined): Job[] {
    return this.versions.filter((j) => j.metadata.uid === uid);
  }
}

describe('controller policies on a real API server', { timeout: 420_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;
  let history: JobHistory;

  before(async () => {
    // The garbage collector only: the built-in Job controller would strip the finalizer of orphan
    // pods itself and hide whether ours does (scenarios 65, 71).
    cp = await controlPlane({ controllerManager: ['garbagecollector'] });
    ns = await namespace(cp, 'policies');
    history = new JobHistory(cp, ns);
    await history.start();
    ours = await startOurs(cp);
  });
  after(async () => {
    await history?.stop();
    await ours?.stop();
    await cp?.stop();
  });

  const jobsPath = () => `/apis/batch/v1/namespaces/${ns}/jobs`;
  const patchJob = (name: string, patch: unknown) => api<Job>(cp, 'PATCH', `${jobsPath()}/${name}`, patch, MERGE);

  async function podAt(name: string, ix: number): Promise<Pod> {
    return waitFor(`active pod of ${name} at index ${ix}`, async () => (await jobPods(cp, ns, name)).find((p) => isActivePod(p) && indexOf(p) === String(ix)));
  }

  async function waitForStatus(name: string, what: string, ok: (s: NonNullable<Job['status']>) => boolean, timeoutMs = 30_000): Promise<Job> {
    return waitFor(`${name}: ${what}`, async () => {
      const job = await getJob(cp, ns, name);
      return job.status && ok(job.status) ? job : undefined;
    }, timeoutMs);
  }

  it('podReplacementPolicy TerminatingOrFailed: deleted pods count failed and are replaced at once, A2 F2 T2 then T0 (scenario 44)', async () => {
    for (const mode of ['NonIndexed', 'Indexed']) {
      const name = `tof-${mode.toLowerCase()}`;
      // As upstream: the template's own finalizer keeps deleted pods terminating.
      await api(cp, 'POST', jobsPath(), {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
        spec: {
          managedBy: OURS, parallelism: 2, completions: 2, completionMode: mode, podReplacementPolicy: 'TerminatingOrFailed',
          template: { metadata: { finalizers: [BLOCK] }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        },
      });
      const first = await waitForActivePods(cp, ns, name, 2);
      for (const p of first) assert.deepEqual(p.metadata.finalizers, [BLOCK, TRACKING], mode);
      for (const p of first) await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`);

      await waitForStatus(name, 'A2 F2 T2', (s) => s.active === 2 && s.failed === 2 && s.terminating === 2 && s.ready === 0);
      const pods = await jobPods(cp, ns, name);
      const old = pods.filter((p) => first.some((f) => f.metadata.uid === p.metadata.uid));
      const replacements = pods.filter(isActivePod);
      assert.equal(pods.length, 4, mode);
      assert.equal(replacements.length, 2, mode);
      // Counted as failed: the tracking finalizer is gone, the test's own still holds the pod.
      for (const p of old) {
        assert.ok(p.metadata.deletionTimestamp, mode);
        assert.deepEqual(p.metadata.finalizers, [BLOCK], mode);
      }
      if (mode === 'Indexed') assert.deepEqual(replacements.map(indexOf).sort(), ['0', '1']);

      for (const p of old) await setPod(cp, p, { phase: 'Failed' });
      const settled = await waitForStatus(name, 'A2 F2 T0', (s) => s.active === 2 && s.failed === 2 && s.terminating === 0);
      assert.equal(settled.status!.ready, 0);
      assert.equal((await jobPods(cp, ns, name)).length, 4, `${mode}: no pod created for the ones set Failed`);
      for (const p of old) await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, { metadata: { finalizers: null } }, MERGE);
    }
  });

  it('successPolicy succeededIndexes "0" with 1 completion: SuccessCriteriaMet(SuccessPolicy) then Complete (scenario 55)', async () => {
    await createJob(cp, ns, { name: 'sp-one', spec: { completionMode: 'Indexed', completions: 1, parallelism: 1, successPolicy: { rules: [{ succeededIndexes: '0' }] } } });
    const [pod] = await waitForActivePods(cp, ns, 'sp-one', 1);
    await setPod(cp, pod, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'sp-one', 'Complete');
    assert.deepEqual(conditionRows(done), [
      ['SuccessCriteriaMet', 'True', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'True', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    assert.equal(done.status!.succeeded, 1);
    assert.equal(done.status!.completedIndexes, '0');
    assert.equal(done.status!.active, undefined);
    assert.equal(done.status!.failed, undefined);
    assert.equal(done.status!.terminating, 0);
    assert.equal(done.status!.ready, 0);
    assert.ok((await jobPods(cp, ns, 'sp-one')).every((p) => !p.metadata.finalizers?.length));
  });

  it('successPolicy met while another index runs: its pod is deleted uncounted (T1), then Complete (scenarios 56-57)', async () => {
    const rules = { 'sp-indexes': { succeededIndexes: '1' }, 'sp-count': { succeededCount: 1 } };
    for (const [name, rule] of Object.entries(rules)) {
      const created = await createJob(cp, ns, { name, spec: { completionMode: 'Indexed', completions: 2, parallelism: 2, successPolicy: { rules: [rule] } } });
      await waitForActivePods(cp, ns, name, 2);
      const pending = await podAt(name, 0);
      await setPod(cp, await podAt(name, 1), { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, name, 'Complete');
      assert.deepEqual(conditionRows(done), [
        ['SuccessCriteriaMet', 'True', 'SuccessPolicy', 'Matched rules at index 0'],
        ['Complete', 'True', 'SuccessPolicy', 'Matched rules at index 0'],
      ], name);
      assert.deepEqual([done.status!.active, done.status!.succeeded, done.status!.failed, done.status!.terminating, done.status!.completedIndexes],
        [undefined, 1, undefined, 0, '1'], name);
      // The write that added SuccessCriteriaMet counted index 0's deleted pod as terminating.
      const met = history.of(created.metadata.uid).find((j) => condition(j, 'SuccessCriteriaMet'));
      assert.ok(met, name);
      assert.deepEqual([met.status!.active, met.status!.succeeded, met.status!.failed, met.status!.terminating, met.status!.completedIndexes],
        [undefined, 1, undefined, 1, '1'], name);
      assert.equal(condition(met, 'Complete'), undefined, name);
      await waitFor(`${name}: index 0's pod gone`, async () => !(await jobPods(cp, ns, name)).some((p) => p.metadata.uid === pending.metadata.uid));
    }
  });

  it('successPolicy with backoffLimitPerIndex 0: an index failed first makes the Job Failed, not Complete (scenario 58)', async () => {
    await createJob(cp, ns, { name: 'sp-perindex', spec: {
      completionMode: 'Indexed', completions: 2, parallelism: 2, backoffLimitPerIndex: 0, successPolicy: { rules: [{ succeededCount: 1 }] },
    } });
    await waitForActivePods(cp, ns, 'sp-perindex', 2);
    await setPod(cp, await podAt('sp-perindex', 0), { phase: 'Failed' });
    const mid = await waitForStatus('sp-perindex', 'A1 F1 failedIndexes 0', (s) => s.active === 1 && s.failed === 1 && s.failedIndexes === '0');
    assert.equal(mid.status!.terminating, 0);
    assert.equal(mid.status!.conditions, undefined);
    await setPod(cp, await podAt('sp-perindex', 1), { phase: 'Succeeded' });
    const failed = await waitForCondition(cp, ns, 'sp-perindex', 'Failed');
    assert.deepEqual(conditionRows(failed), [
      ['FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'True', 'FailedIndexes', 'Job has failed indexes'],
    ]);
    assert.deepEqual([failed.status!.active, failed.status!.succeeded, failed.status!.failed, failed.status!.terminating, failed.status!.completedIndexes, failed.status!.failedIndexes],
      [undefined, 1, 1, 0, '1', '0']);
    assert.equal((await jobPods(cp, ns, 'sp-perindex')).length, 2, 'the failed index is not recreated');
  });

  it('successPolicy succeededCount 3 of 5: A0 S3 T2 with SuccessCriteriaMet, then Complete with T0 (scenario 59)', async () => {
    const created = await createJob(cp, ns, { name: 'sp-three', spec: { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededCount: 3 }] } } });
    await waitForActivePods(cp, ns, 'sp-three', 5);
    await setPod(cp, await podAt('sp-three', 0), { phase: 'Succeeded' });
    await waitForStatus('sp-three', 'A4 S1', (s) => s.active === 4 && s.succeeded === 1 && s.completedIndexes === '0');
    await setPod(cp, await podAt('sp-three', 1), { phase: 'Succeeded' });
    await waitForStatus('sp-three', 'A3 S2', (s) => s.active === 3 && s.succeeded === 2 && s.completedIndexes === '0,1');
    await setPod(cp, await podAt('sp-three', 2), { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'sp-three', 'Complete');
    assert.deepEqual([done.status!.active, done.status!.succeeded, done.status!.failed, done.status!.terminating, done.status!.completedIndexes],
      [undefined, 3, undefined, 0, '0-2']);
    assert.deepEqual(conditionRows(done).map((r) => r.slice(0, 3)), [['SuccessCriteriaMet', 'True', 'SuccessPolicy'], ['Complete', 'True', 'SuccessPolicy']]);
    const met = history.of(created.metadata.uid).find((j) => condition(j, 'SuccessCriteriaMet'));
    assert.ok(met);
    assert.deepEqual([met.status!.active, met.status!.succeeded, met.status!.terminating, met.status!.completedIndexes], [undefined, 3, 2, '0-2']);
    assert.equal(condition(met, 'Complete'), undefined);
    await waitFor('only the 3 succeeded pods left', async () => (await jobPods(cp, ns, 'sp-three')).length === 3);
    assert.ok((await jobPods(cp, ns, 'sp-three')).every((p) => p.status?.phase === 'Succeeded' && !p.metadata.finalizers?.length));
  });

  it('created suspended, controller restarted: still no pods, no startTime, no second Suspended event (scenario 62)', async () => {
    await createJob(cp, ns, { name: 'held', spec: { suspend: true, parallelism: 2, completions: 4 } });
    const suspended = await waitForCondition(cp, ns, 'held', 'Suspended');
    assert.deepEqual([suspended.status!.active, suspended.status!.ready, suspended.status!.terminating, suspended.status!.startTime], [undefined, 0, 0, undefined]);
    await ours.stop();
    ours = await startOurs(cp);
    // A Job created after the restart proves the new controller is syncing.
    await createJob(cp, ns, { name: 'held-probe' });
    await waitForActivePods(cp, ns, 'held-probe', 1);
    await sleep(1500);
    assert.deepEqual(await jobPods(cp, ns, 'held'), []);
    const later = await getJob(cp, ns, 'held');
    assert.equal(later.status!.startTime, undefined);
    assert.deepEqual(later.status!.conditions, suspended.status!.conditions);
    assert.equal((await events(cp, ns, 'held')).filter((e) => e.reason === 'Suspended').length, 1);
  });

  it('suspended, never started: nodeSelector update accepted and used after resume; rejected once running (scenario 63)', async () => {
    await createJob(cp, ns, { name: 'nodesel', spec: { suspend: true, parallelism: 1 } });
    await waitForCondition(cp, ns, 'nodesel', 'Suspended');
    await patchJob('nodesel', { spec: { template: { spec: { nodeSelector: { foo: 'bar' } } } } });
    await patchJob('nodesel', { spec: { suspend: false } });
    const [pod] = await waitForActivePods(cp, ns, 'nodesel', 1);
    assert.deepEqual((pod.spec as { nodeSelector?: unknown }).nodeSelector, { foo: 'bar' });
    await waitFor('resumed', async () => condition(await getJob(cp, ns, 'nodesel'), 'Suspended')?.status === 'False');
    const res = await cp.api.request('PATCH', `${jobsPath()}/nodesel`, { spec: { template: { spec: { nodeSelector: { foo: 'baz' } } } } }, { contentType: MERGE });
    assert.equal(res.status, 422);
    assert.match(res.text, /spec\.template: Invalid value/);
  });

  it('suspend and resume with activeDeadlineSeconds: time suspended does not count, startTime reset (scenario 64)', async () => {
    const ads = 5;
    const created = await createJob(cp, ns, { name: 'ads', spec: { activeDeadlineSeconds: ads, parallelism: 1, completions: 1 } });
    await waitForActivePods(cp, ns, 'ads', 1);
    const firstStart = Date.parse((await waitForStatus('ads', 'startTime', (s) => !!s.startTime)).status!.startTime!);
    await patchJob('ads', { spec: { suspend: true } });
    await waitForCondition(cp, ns, 'ads', 'Suspended');
    await waitFor('pods gone', async () => (await jobPods(cp, ns, 'ads')).length === 0);
    // Stay suspended past the deadline counted from the first start.
    await sleep(Math.max(0, firstStart + (ads + 2) * 1000 - Date.now()));
    const held = await getJob(cp, ns, 'ads');
    assert.equal(condition(held, 'FailureTarget'), undefined);
    assert.equal(condition(held, 'Failed'), undefined);
    assert.equal(held.status!.startTime, undefined, 'suspension clears startTime (MutableSchedulingDirectivesForSuspendedJobs)');

    const resumedAt = Math.floor(Date.now() / 1000) * 1000;
    await patchJob('ads', { spec: { suspend: false } });
    const failed = await waitForCondition(cp, ns, 'ads', 'Failed', 40_000);
    const resumed = history.of(created.metadata.uid).find((j) => condition(j, 'Suspended')?.status === 'False' && j.status?.active === 1);
    assert.ok(resumed, 'the resumed Job ran a pod');
    const newStart = Date.parse(resumed.status!.startTime!);
    assert.ok(newStart >= resumedAt, 'startTime reset on resume');
    assert.equal(failed.status!.startTime, resumed.status!.startTime);
    assert.deepEqual(conditionRows(failed).map((r) => r.slice(0, 3)), [
      ['Suspended', 'False', 'JobResumed'], ['FailureTarget', 'True', 'DeadlineExceeded'], ['Failed', 'True', 'DeadlineExceeded'],
    ]);
    // The deadline runs from the new startTime (both whole seconds): a strict lower bound.
    const target = transitionOf(failed, 'FailureTarget');
    assert.ok(target - newStart >= ads * 1000, `deadline ${target - newStart} ms after the resumed start`);
    assert.equal(failed.status!.failed, 1);
  });

  it('deleting a Job with orphan, background or foreground propagation leaves no pod with the finalizer (scenario 65)', async () => {
    for (const policy of ['Orphan', 'Background', 'Foreground']) {
      const name = `gc-${policy.toLowerCase()}`;
      await createJob(cp, ns, { name, spec: { parallelism: 2, completions: null } });
      await waitForActivePods(cp, ns, name, 2);
      await waitForStatus(name, 'A2', (s) => s.active === 2);
      await api(cp, 'DELETE', `${jobsPath()}/${name}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: policy });
      await waitFor(`${name}: Job gone`, async () => (await cp.api.request('GET', `${jobsPath()}/${name}`)).status === 404, 60_000);
      const left = await waitFor(`${name}: no pod with the finalizer`, async () => {
        const pods = await jobPods(cp, ns, name);
        return pods.every((p) => !p.metadata.finalizers?.length) ? pods : undefined;
      }, 60_000);
      if (policy === 'Orphan') {
        assert.equal(left.length, 2, 'orphaned pods stay');
        assert.ok(left.every((p) => !p.metadata.ownerReferences?.length));
      } else {
        await waitFor(`${name}: pods collected`, async () => (await jobPods(cp, ns, name)).length === 0, 60_000);
      }
    }
  });

  it('a Job deleted and recreated under the same name while a sync is queued: only the current object is acted on (scenario 71)', async () => {
    for (const managedBy of ['example.com/custom-job-controller', OURS]) {
      const name = managedBy === OURS ? 'recreated-ours' : 'recreated-custom';
      const old = await createJob(cp, ns, { name });
      const [pod] = await waitForActivePods(cp, ns, name, 1);
      // The success queues a batched sync; the Job is replaced before it runs.
      await setPod(cp, pod, { phase: 'Succeeded' });
      await api(cp, 'DELETE', `${jobsPath()}/${name}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
      const fresh = await createJob(cp, ns, { name, managedBy });
      assert.notEqual(fresh.metadata.uid, old.metadata.uid);
      await waitFor(`${name}: the old pod loses its finalizer`, async () => {
        const p = (await jobPods(cp, ns, name)).find((x) => x.metadata.uid === pod.metadata.uid);
        return !p?.metadata.finalizers?.length;
      });
      if (managedBy === OURS) {
        const [next] = await waitForActivePods(cp, ns, name, 1);
        assert.equal(next.metadata.ownerReferences![0].uid, fresh.metadata.uid);
        const running = await waitForStatus(name, 'A1', (s) => s.active === 1);
        assert.equal(running.status!.succeeded, undefined, 'the old Job\'s success is not counted');
        assert.equal(condition(running, 'Complete'), undefined);
      } else {
        await sleep(2000);
        const untouched = await getJob(cp, ns, name);
        assert.deepEqual(untouched.status ?? {}, {});
        assert.ok((await jobPods(cp, ns, name)).every((p) => p.metadata.ownerReferences?.[0]?.uid !== fresh.metadata.uid));
        assert.equal(history.of(fresh.metadata.uid).filter((j) => j.status && Object.keys(j.status).length > 0).length, 0);
      }
    }
  });

  it('ttlSecondsAfterFinished 5: present until the finish time + 5 s, then deleted (scenario 75)', async () => {
    const created = await createJob(cp, ns, { name: 'ttl5', spec: { ttlSecondsAfterFinished: 5 } });
    const [pod] = await waitForActivePods(cp, ns, 'ttl5', 1);
    await setPod(cp, pod, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'ttl5', 'Complete');
    const finishedAt = transitionOf(done, 'Complete');
    await waitFor('ttl5 gone', async () => (await cp.api.request('GET', `${jobsPath()}/ttl5`)).status === 404, 40_000);
    // Both times are whole seconds, set by the same clock: deleting before expiry would show here.
    const deleting = history.of(created.metadata.uid).find((j) => j.metadata.deletionTimestamp);
    assert.ok(deleting, 'the foreground deletion was observed');
    const deletedAt = Date.parse(deleting.metadata.deletionTimestamp!);
    assert.ok(deletedAt >= finishedAt + 5000, `deleted ${deletedAt - finishedAt} ms after finishing`);
    assert.ok(deleting.metadata.finalizers?.includes('foregroundDeletion'));
    assert.ok(history.of(created.metadata.uid).filter((j) => !j.metadata.deletionTimestamp).some((j) => condition(j, 'Complete')));
  });

  it('status.terminating is present on every status our controller wrote in this file (scenario 46)', () => {
    const ourWrites = history.versions.filter((j) => j.spec.managedBy === OURS && j.status && Object.keys(j.status).length > 0);
    assert.ok(ourWrites.length > 20, `only ${ourWrites.length} statuses observed`);
    const missing = ourWrites.filter((j) => typeof j.status!.terminating !== 'number' || typeof j.status!.ready !== 'number');
    assert.deepEqual(missing.map((j) => `${j.metadata.name}@${j.metadata.resourceVersion}`), []);
    // Every finished Job ended with no terminating pods.
    for (const j of ourWrites.filter((v) => condition(v, 'Complete') || condition(v, 'Failed'))) assert.equal(j.status!.terminating, 0, j.metadata.name);
  });
});

describe('our controller next to the built-in Job controller', { timeout: 180_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController | undefined;
  let ns: string;

  before(async () => {
    cp = await controlPlane({ controllerManager: ['job'] });
    ns = await namespace(cp, 'shared');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  it('the built-in controller never strips the finalizer from our Job\'s pods, even while ours is down (scenario 72)', async () => {
    ours = await startOurs(cp);
    await createJob(cp, ns, { name: 'mine' });
    const [pod] = await waitForActivePods(cp, ns, 'mine', 1);
    await ours.stop();
    ours = undefined;
    // Give the built-in controller every trigger it reacts to: a finished pod, a pod status
    // change, a Job update.
    await setPod(cp, pod, { phase: 'Succeeded', conditions: [{ type: 'CustomCondition', status: 'True' }] });
    await api(cp, 'PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/mine`, { metadata: { labels: { poke: 'yes' } } }, MERGE);
    // A built-in Job run to completion proves kube-controller-manager is syncing meanwhile.
    await createJob(cp, ns, { name: 'theirs', managedBy: null });
    const [their] = await waitForActivePods(cp, ns, 'theirs', 1, 60_000);
    await setPod(cp, their, { phase: 'Succeeded' });
    await waitForCondition(cp, ns, 'theirs', 'Complete', 60_000);
    await sleep(2000);
    const [held] = await jobPods(cp, ns, 'mine');
    assert.deepEqual(held.metadata.finalizers, [TRACKING]);
    assert.deepEqual((await getJob(cp, ns, 'mine')).status?.succeeded, undefined);

    ours = await startOurs(cp);
    const done = await waitForCondition(cp, ns, 'mine', 'Complete');
    assert.equal(done.status!.succeeded, 1);
    assert.equal(done.status!.terminating, 0);
    assert.equal((await jobPods(cp, ns, 'mine')).length, 1);
    assert.deepEqual((await jobPods(cp, ns, 'mine'))[0].metadata.finalizers, undefined);
  });

  it('neither controller strips the reserved finalizer from pods of a Job managed by a third one (scenario 72, upstream shape)', async () => {
    ours ??= await startOurs(cp);
    const job = await createJob(cp, ns, { name: 'third', managedBy: 'example.com/custom-job-controller' });
    // The third controller creates its pod with the built-in finalizer, as upstream's test does.
    const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid!, 'batch.kubernetes.io/job-name': 'third', 'controller-uid': job.metadata.uid!, 'job-name': 'third' };
    const pod = await api<Pod>(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { generateName: 'third-', labels, finalizers: [TRACKING], ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'third', uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }] },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
    });
    await setPod(cp, pod, { phase: 'Succeeded' });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await api(cp, 'PUT', `/apis/batch/v1/namespaces/${ns}/jobs/third/status`, {
      ...(await getJob(cp, ns, 'third')),
      status: { startTime: now, conditions: [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'Custom', message: 'done', lastTransitionTime: now }] },
    });
    await setPod(cp, pod, { phase: 'Succeeded', conditions: [{ type: 'CustomCondition', status: 'True' }] });
    // Our own Job running to completion proves ours is syncing meanwhile.
    await createJob(cp, ns, { name: 'mine-2' });
    const [mine] = await waitForActivePods(cp, ns, 'mine-2', 1);
    await setPod(cp, mine, { phase: 'Succeeded' });
    await waitForCondition(cp, ns, 'mine-2', 'Complete');
    await sleep(2000);
    const [held] = await jobPods(cp, ns, 'third');
    assert.deepEqual(held.metadata.finalizers, [TRACKING]);
    const third = await getJob(cp, ns, 'third');
    assert.deepEqual(third.status!.conditions!.map((c) => c.type), ['SuccessCriteriaMet']);
    assert.equal(third.status!.succeeded, undefined);
  });
});
