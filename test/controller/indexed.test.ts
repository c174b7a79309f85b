// Indexed Jobs run by batchguard's controller on a real kube-apiserver: duplicate and invalid
// indexes, elastic resizing, and backoffLimitPerIndex (controller.md §3, scenarios 18-24, 47-54).
// Expected values are those of the upstream TestElasticIndexedJob, TestBackoffLimitPerIndex,
// TestBackoffLimitPerIndex_DelayedPodDeletion and TestBackoffLimitPerIndex_JobPodsCreatedWithExponentialBackoff.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import {
  api, condition, controlPlane, createJob, events, getJob, isActivePod, jobPods, namespace, setPod, startOurs, waitFor,
  waitForCondition, waitForCounts,
} from './support.ts';
import type { PodOutcome } from './support.ts';

const INDEX = 'batch.kubernetes.io/job-completion-index';
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const TRACKING = 'batch.kubernetes.io/job-tracking';
const BLOCK = 'example.com/block';

const indexOf = (p: Pod): string | undefined => p.metadata.annotations?.[INDEX];
const hasTracking = (p: Pod): boolean => p.metadata.finalizers?.includes(TRACKING) ?? false;
const seconds = (t: string | undefined): number => Date.parse(t!) / 1000;

describe('Indexed Jobs on a real API server', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ns: string;
  let ours: RunningController | undefined;

  before(async () => {
    cp = await controlPlane();
    ns = await namespace(cp, 'indexed');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  const indexed = (completions: number, parallelism: number, extra: Record<string, unknown> = {}) =>
    ({ completionMode: 'Indexed', completions, parallelism, ...extra });

  /** The one active pod of index ix, once it exists. */
  const activeAt = (name: string, ix: number): Promise<Pod> => waitFor(`an active pod of ${name} index ${ix}`, async () => {
    const found = (await jobPods(cp, ns, name)).filter((p) => isActivePod(p) && indexOf(p) === String(ix));
    return found.length === 1 ? found[0] : undefined;
  });

  const setIndex = async (name: string, ix: number, outcome: PodOutcome): Promise<Pod> => {
    const pod = await activeAt(name, ix);
    await setPod(cp, pod, outcome);
    return pod;
  };

  interface Indexes {
    active: number[];
    completed: string | undefined;
    failed: string | undefined;
  }

  /** Upstream validateJobPodsStatus then validateIndexedJobPods: counters, then indexes of pods and status. */
  const settle = async (name: string, a: number, s: number, f: number, want: Indexes): Promise<Job> => {
    await waitForCounts(cp, ns, name, { active: a, succeeded: s, failed: f, ready: 0, terminating: 0 });
    let last: Indexes | undefined;
    try {
      return await waitFor(`indexes ${JSON.stringify(want)}`, async () => {
        const job = await getJob(cp, ns, name);
        const active = (await jobPods(cp, ns, name)).filter(isActivePod).map((p) => Number(indexOf(p))).sort((x, y) => x - y);
        last = { active, completed: job.status?.completedIndexes, failed: job.status?.failedIndexes };
        return JSON.stringify(last) === JSON.stringify(want) ? job : undefined;
      });
    } catch (err) {
      throw new Error(`${String(err)}; last seen ${JSON.stringify(last)}`);
    }
  };

  const patchSpec = (name: string, spec: Record<string, unknown>) =>
    cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`, { spec }, { contentType: 'application/merge-patch+json' });

  /** Elastic Indexed Job: completions and parallelism changed together. */
  const resize = async (name: string, size: number): Promise<void> => {
    const res = await patchSpec(name, { completions: size, parallelism: size });
    assert.equal(res.status, 200, res.text);
  };

  const conditions = (job: Job) => job.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message]);

  const noFinalizerLeft = async (name: string): Promise<void> => {
    await waitFor(`no pod of ${name} keeps the finalizer`, async () => (await jobPods(cp, ns, name)).every((p) => !hasTracking(p)));
  };

  /** A pod as a second controller instance would have created it next to `like`, with `changes` applied. */
  const inject = async (like: Pod, name: string, changes: { index?: string | null; nodeName?: string }): Promise<Pod> => {
    const labels = { ...like.metadata.labels };
    const annotations = { ...like.metadata.annotations };
    if (changes.index === null) {
      delete labels[INDEX];
      delete annotations[INDEX];
    } else if (changes.index !== undefined) {
      labels[INDEX] = changes.index;
      annotations[INDEX] = changes.index;
    }
    return api<Pod>(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, labels, annotations, ownerReferences: like.metadata.ownerReferences, finalizers: [TRACKING] },
      spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }], ...(changes.nodeName ? { nodeName: changes.nodeName } : {}) },
    });
  };

  /**
   * Deletes the pod of index ix of a two-pod Job while a second finalizer keeps it Terminating. With
   * podReplacementPolicy Failed it is neither active nor replaced, which leaves room for one
   * injected pod without the Job having too many: only the index rules can then delete it.
   */
  const holdTerminating = async (name: string, ix: number): Promise<Pod> => {
    const pod = await activeAt(name, ix);
    await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, { metadata: { finalizers: [TRACKING, BLOCK] } }, 'application/merge-patch+json');
    await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`);
    await waitForCounts(cp, ns, name, { active: 1, succeeded: 0, failed: 0, ready: 0, terminating: 1 });
    return pod;
  };

  /** Fails the held pod; once the controller has counted it (and dropped its finalizer), lets it go. */
  const release = async (name: string, held: Pod): Promise<void> => {
    await setPod(cp, held, { phase: 'Failed' });
    await waitFor(`${held.metadata.name} counted`, async () => {
      const pod = (await jobPods(cp, ns, name)).find((p) => p.metadata.uid === held.metadata.uid);
      return pod !== undefined && !hasTracking(pod);
    });
    await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${held.metadata.name}`, { metadata: { finalizers: null } }, 'application/merge-patch+json');
  };

  const gone = (name: string, uid: string) => waitFor(`pod ${uid} of ${name} deleted`, async () => !(await jobPods(cp, ns, name)).some((p) => p.metadata.uid === uid));

  describe('with a 200 ms pod-failure backoff', () => {
    before(async () => {
      ours = await startOurs(cp);
    });
    after(async () => {
      await ours?.stop();
      ours = undefined;
    });

    it('two pods for one index: the lower-ranked one is deleted, uncounted (scenario 18)', async () => {
      await createJob(cp, ns, { name: 'dup', spec: indexed(2, 2, { podReplacementPolicy: 'Failed' }) });
      await settle('dup', 2, 0, 0, { active: [0, 1], completed: undefined, failed: undefined });
      const held = await holdTerminating('dup', 1);
      const first0 = await setIndex('dup', 0, { phase: 'Running', ready: false });
      // ActivePods ranking: a Pending pod goes before a Running one...
      const pending = await inject(first0, 'dup-0-pending', {});
      await gone('dup', pending.metadata.uid!);
      // ... but an unscheduled pod goes before a scheduled one, whatever their phases.
      const scheduled = await inject(first0, 'dup-0-scheduled', { nodeName: 'node-a' });
      await gone('dup', first0.metadata.uid!);
      await waitForCounts(cp, ns, 'dup', { active: 1, succeeded: 0, failed: 0, ready: 0, terminating: 1 });
      assert.equal((await activeAt('dup', 0)).metadata.uid, scheduled.metadata.uid);
      await release('dup', held);
      await settle('dup', 2, 0, 1, { active: [0, 1], completed: undefined, failed: undefined });
      await setIndex('dup', 0, { phase: 'Succeeded' });
      await setIndex('dup', 1, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'dup', 'Complete');
      assert.deepEqual([done.status!.succeeded, done.status!.failed, done.status!.completedIndexes], [2, 1, '0,1']);
      const deleted = (await events(cp, ns, 'dup')).filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message).sort();
      assert.deepEqual(deleted, [`Deleted pod: ${first0.metadata.name}`, 'Deleted pod: dup-0-pending'].sort());
    });

    it('pods with an index >= completions or none: active ones deleted, finished ones released, none counted (scenario 19)', async () => {
      await createJob(cp, ns, { name: 'badix', spec: indexed(2, 2, { podReplacementPolicy: 'Failed' }) });
      await settle('badix', 2, 0, 0, { active: [0, 1], completed: undefined, failed: undefined });
      const held = await holdTerminating('badix', 1);
      const like = await activeAt('badix', 0);
      for (const [name, index] of [['badix-over', '2'], ['badix-none', null]] as const) {
        const stray = await inject(like, name, { index });
        await gone('badix', stray.metadata.uid!);
      }
      // Finished pods with bad indexes must be in place before the controller looks, so stop it meanwhile.
      await ours!.stop();
      const failedOver = await inject(like, 'badix-failed-over', { index: '7' });
      const succeededNone = await inject(like, 'badix-succeeded-none', { index: null });
      await setPod(cp, failedOver, { phase: 'Failed' });
      await setPod(cp, succeededNone, { phase: 'Succeeded' });
      ours = await startOurs(cp);
      await waitFor('finished strays lose the finalizer and stay', async () => {
        const pods = await jobPods(cp, ns, 'badix');
        return [failedOver, succeededNone].every((s) => pods.some((p) => p.metadata.uid === s.metadata.uid && !hasTracking(p)));
      });
      await waitForCounts(cp, ns, 'badix', { active: 1, succeeded: 0, failed: 0, ready: 0, terminating: 1 });
      await release('badix', held);
      await settle('badix', 2, 0, 1, { active: [0, 1], completed: undefined, failed: undefined });
      await setIndex('badix', 0, { phase: 'Succeeded' });
      await setIndex('badix', 1, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'badix', 'Complete');
      assert.deepEqual([done.status!.succeeded, done.status!.failed, done.status!.completedIndexes], [2, 1, '0,1']);
    });

    it('elastic scale-up 3 -> 4 with parallelism; completions alone is rejected (scenarios 20, 24)', async () => {
      await createJob(cp, ns, { name: 'grow', spec: indexed(3, 3) });
      await settle('grow', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: undefined });
      const rejected = await patchSpec('grow', { completions: 4 });
      assert.equal(rejected.status, 422);
      assert.match(rejected.text, /spec\.completions: Invalid value: 4: can only be modified in tandem with spec\.parallelism/);
      assert.equal((await getJob(cp, ns, 'grow')).spec.completions, 3);
      await resize('grow', 4);
      await settle('grow', 4, 0, 0, { active: [0, 1, 2, 3], completed: undefined, failed: undefined });
      for (const ix of [0, 1, 2, 3]) await setIndex('grow', ix, { phase: 'Succeeded' });
      await settle('grow', 0, 4, 0, { active: [], completed: '0-3', failed: undefined });
      const done = await waitForCondition(cp, ns, 'grow', 'Complete');
      assert.deepEqual(conditions(done), [
        ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ]);
    });

    it('elastic scale-down 3 -> 1: the failure still counts, the out-of-range success is dropped (scenario 21)', async () => {
      await createJob(cp, ns, { name: 'shrink', spec: indexed(3, 3) });
      await settle('shrink', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: undefined });
      await setIndex('shrink', 1, { phase: 'Succeeded' });
      await setIndex('shrink', 2, { phase: 'Failed' });
      await settle('shrink', 2, 1, 1, { active: [0, 2], completed: '1', failed: undefined });
      await resize('shrink', 1);
      // The replacement of index 2 is out of range: deleted without being counted failed.
      await settle('shrink', 1, 0, 1, { active: [0], completed: undefined, failed: undefined });
      await setIndex('shrink', 0, { phase: 'Succeeded' });
      await settle('shrink', 0, 1, 1, { active: [], completed: '0', failed: undefined });
      await waitForCondition(cp, ns, 'shrink', 'Complete');
    });

    it('a success scaled out of range and back in is not counted again: the index runs anew (scenario 22)', async () => {
      await createJob(cp, ns, { name: 'rescale', spec: indexed(3, 3) });
      await settle('rescale', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: undefined });
      const first2 = await setIndex('rescale', 2, { phase: 'Succeeded' });
      await settle('rescale', 2, 1, 0, { active: [0, 1], completed: '2', failed: undefined });
      await resize('rescale', 2);
      await settle('rescale', 2, 0, 0, { active: [0, 1], completed: undefined, failed: undefined });
      await resize('rescale', 3);
      // The succeeded pod lost its finalizer when counted, so index 2 is pending again.
      await settle('rescale', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: undefined });
      assert.notEqual((await activeAt('rescale', 2)).metadata.uid, first2.metadata.uid);
      for (const ix of [0, 1, 2]) await setIndex('rescale', ix, { phase: 'Succeeded' });
      await settle('rescale', 0, 3, 0, { active: [], completed: '0-2', failed: undefined });
      await waitForCondition(cp, ns, 'rescale', 'Complete');
    });

    it('elastic scale to 0: the active pods are deleted and the Job completes (scenario 23)', async () => {
      await createJob(cp, ns, { name: 'zero', spec: indexed(3, 3) });
      await settle('zero', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: undefined });
      await resize('zero', 0);
      const done = await waitForCondition(cp, ns, 'zero', 'Complete');
      assert.deepEqual(conditions(done), [
        ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ]);
      await settle('zero', 0, 0, 0, { active: [], completed: undefined, failed: undefined });
      await waitFor('pods gone', async () => (await jobPods(cp, ns, 'zero')).length === 0);
    });

    it('backoffLimitPerIndex 1, one failure: replaced with failure count 1, Complete (scenario 47)', async () => {
      await createJob(cp, ns, { name: 'perix-ok', spec: indexed(2, 2, { backoffLimitPerIndex: 1 }) });
      await settle('perix-ok', 2, 0, 0, { active: [0, 1], completed: undefined, failed: '' });
      assert.equal((await activeAt('perix-ok', 0)).metadata.annotations![FAILURE_COUNT], '0');
      await setIndex('perix-ok', 0, { phase: 'Failed' });
      await settle('perix-ok', 2, 0, 1, { active: [0, 1], completed: undefined, failed: '' });
      assert.equal((await activeAt('perix-ok', 0)).metadata.annotations![FAILURE_COUNT], '1');
      await setIndex('perix-ok', 0, { phase: 'Succeeded' });
      await setIndex('perix-ok', 1, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'perix-ok', 'Complete');
      assert.deepEqual([done.status!.succeeded, done.status!.failed, done.status!.completedIndexes, done.status!.failedIndexes], [2, 1, '0,1', '']);
      await noFinalizerLeft('perix-ok');
    });

    it('backoffLimitPerIndex 2, index 0 fails 3 times: counts 1, 2, then failed and not recreated; Failed(FailedIndexes) (scenario 48)', async () => {
      await createJob(cp, ns, { name: 'perix-fail', spec: indexed(2, 2, { backoffLimitPerIndex: 2 }) });
      await settle('perix-fail', 2, 0, 0, { active: [0, 1], completed: undefined, failed: '' });
      for (const [failures, count] of [[1, '1'], [2, '2']] as const) {
        await setIndex('perix-fail', 0, { phase: 'Failed' });
        await settle('perix-fail', 2, 0, failures, { active: [0, 1], completed: undefined, failed: '' });
        assert.equal((await activeAt('perix-fail', 0)).metadata.annotations![FAILURE_COUNT], count);
      }
      await setIndex('perix-fail', 0, { phase: 'Failed' });
      await settle('perix-fail', 1, 0, 3, { active: [1], completed: undefined, failed: '0' });
      await setIndex('perix-fail', 1, { phase: 'Succeeded' });
      const failed = await waitForCondition(cp, ns, 'perix-fail', 'Failed');
      assert.deepEqual(conditions(failed), [
        ['FailureTarget', 'True', 'FailedIndexes', 'Job has failed indexes'],
        ['Failed', 'True', 'FailedIndexes', 'Job has failed indexes'],
      ]);
      assert.deepEqual([failed.status!.succeeded, failed.status!.failed, failed.status!.completedIndexes, failed.status!.failedIndexes], [1, 3, '1', '0']);
      assert.equal((await jobPods(cp, ns, 'perix-fail')).length, 4, 'index 0 is not recreated after its third failure');
      await noFinalizerLeft('perix-fail');
      await waitFor('Warning FailedIndexes event', async () => (await events(cp, ns, 'perix-fail'))
        .some((e) => e.type === 'Warning' && e.reason === 'FailedIndexes' && e.message === 'Job has failed indexes'));
    });

    it('the global backoffLimit is reached before any per-index limit: Failed(BackoffLimitExceeded), F5 (scenario 49)', async () => {
      await createJob(cp, ns, { name: 'perix-global', spec: indexed(3, 3, { backoffLimitPerIndex: 1, backoffLimit: 2 }) });
      await settle('perix-global', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: '' });
      await setIndex('perix-global', 0, { phase: 'Failed' });
      await settle('perix-global', 3, 0, 1, { active: [0, 1, 2], completed: undefined, failed: '' });
      await setIndex('perix-global', 1, { phase: 'Failed' });
      await settle('perix-global', 3, 0, 2, { active: [0, 1, 2], completed: undefined, failed: '' });
      await setIndex('perix-global', 2, { phase: 'Failed' });
      // The third failure exceeds backoffLimit 2; the two running replacements are deleted and counted.
      await settle('perix-global', 0, 0, 5, { active: [], completed: undefined, failed: '' });
      const failed = await waitForCondition(cp, ns, 'perix-global', 'Failed');
      assert.deepEqual(conditions(failed), [
        ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
        ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ]);
      await noFinalizerLeft('perix-global');
    });

    it('backoffLimitPerIndex 0: the failed index is kept failed while the other completes; Failed(FailedIndexes) (scenario 50)', async () => {
      await createJob(cp, ns, { name: 'perix-zero', spec: indexed(2, 2, { backoffLimitPerIndex: 0 }) });
      await settle('perix-zero', 2, 0, 0, { active: [0, 1], completed: undefined, failed: '' });
      await setIndex('perix-zero', 0, { phase: 'Failed' });
      await settle('perix-zero', 1, 0, 1, { active: [1], completed: undefined, failed: '0' });
      assert.equal(condition(await getJob(cp, ns, 'perix-zero'), 'FailureTarget'), undefined, 'the Job goes on while an index is pending');
      await setIndex('perix-zero', 1, { phase: 'Succeeded' });
      await settle('perix-zero', 0, 1, 1, { active: [], completed: '1', failed: '0' });
      const failed = await waitForCondition(cp, ns, 'perix-zero', 'Failed');
      assert.equal(condition(failed, 'Failed')!.reason, 'FailedIndexes');
      await noFinalizerLeft('perix-zero');
    });

    it('maxFailedIndexes 1 exceeded: Failed(MaxFailedIndexesExceeded) at once, the last pod deleted and counted (scenario 51)', async () => {
      await createJob(cp, ns, { name: 'perix-max', spec: indexed(3, 3, { backoffLimitPerIndex: 0, maxFailedIndexes: 1 }) });
      await settle('perix-max', 3, 0, 0, { active: [0, 1, 2], completed: undefined, failed: '' });
      await setIndex('perix-max', 0, { phase: 'Failed' });
      await settle('perix-max', 2, 0, 1, { active: [1, 2], completed: undefined, failed: '0' });
      await setIndex('perix-max', 1, { phase: 'Failed' });
      await settle('perix-max', 0, 0, 3, { active: [], completed: undefined, failed: '0,1' });
      const failed = await waitForCondition(cp, ns, 'perix-max', 'Failed');
      assert.deepEqual(conditions(failed), [
        ['FailureTarget', 'True', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
        ['Failed', 'True', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
      ]);
      await noFinalizerLeft('perix-max');
    });
  });

  describe('with the 2 s base backoff of the upstream timing tests', () => {
    const BASE_S = 2;
    before(async () => {
      ours = await startOurs(cp, { podFailureBackoffMs: BASE_S * 1000 });
    });
    after(async () => {
      await ours?.stop();
      ours = undefined;
    });

    it('a deleted failed pod keeps its finalizer until the replacement exists, which gets count 1 (scenario 53)', async () => {
      await createJob(cp, ns, { name: 'delayed', spec: indexed(1, 1, { backoffLimitPerIndex: 1 }) });
      await settle('delayed', 1, 0, 0, { active: [0], completed: undefined, failed: '' });
      const first = await setIndex('delayed', 0, { phase: 'Failed' });
      await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`);
      // Each listing is one consistent snapshot: the failed pod may only be released once its replacement is there.
      let releasedEarly = false;
      const replacement = await waitFor('replacement of index 0', async () => {
        const pods = await jobPods(cp, ns, 'delayed');
        const next = pods.find((p) => p.metadata.uid !== first.metadata.uid);
        const old = pods.find((p) => p.metadata.uid === first.metadata.uid);
        if (!next && !(old && hasTracking(old))) releasedEarly = true;
        return next;
      }, 30_000, 50);
      assert.equal(releasedEarly, false, 'the failed pod lost its finalizer before the replacement was created');
      assert.equal(indexOf(replacement), '0');
      assert.equal(replacement.metadata.annotations![FAILURE_COUNT], '1');
      await gone('delayed', first.metadata.uid!);
      await settle('delayed', 1, 0, 1, { active: [0], completed: undefined, failed: '' });
      await setPod(cp, replacement, { phase: 'Succeeded' });
      await settle('delayed', 0, 1, 1, { active: [], completed: '0', failed: '' });
      await waitForCondition(cp, ns, 'delayed', 'Complete');
    });

    it('per-index exponential backoff, independent per index (scenario 54)', async () => {
      await createJob(cp, ns, { name: 'expo', spec: indexed(2, 2, { backoffLimitPerIndex: 2 }) });
      await settle('expo', 2, 0, 0, { active: [0, 1], completed: undefined, failed: '' });
      await setIndex('expo', 0, { phase: 'Failed' });
      await settle('expo', 2, 0, 1, { active: [0, 1], completed: undefined, failed: '' });
      await setIndex('expo', 0, { phase: 'Failed' });
      await settle('expo', 2, 0, 2, { active: [0, 1], completed: undefined, failed: '' });
      await setIndex('expo', 1, { phase: 'Failed' });
      await settle('expo', 2, 0, 3, { active: [0, 1], completed: undefined, failed: '' });
      await setIndex('expo', 0, { phase: 'Succeeded' });
      await settle('expo', 1, 1, 3, { active: [1], completed: '0', failed: '' });
      await setIndex('expo', 1, { phase: 'Failed' });
      await settle('expo', 1, 1, 4, { active: [1], completed: '0', failed: '' });
      await setIndex('expo', 1, { phase: 'Succeeded' });
      await settle('expo', 0, 2, 4, { active: [], completed: '0,1', failed: '' });
      await waitForCondition(cp, ns, 'expo', 'Complete');

      // validateExpotentialBackoffDelay per index, on the API's whole-second timestamps. The controller
      // waits from the (whole-second) finishedAt, so the lower bounds hold exactly. Upstream's upper
      // bound is 2x the delay; here it gets 2 s of slack for a loaded machine. A global backoff would
      // have made index 1 wait 8 s (3 failures in the Job), beyond its bound.
      const pods = await jobPods(cp, ns, 'expo');
      for (const ix of ['0', '1']) {
        const mine = pods.filter((p) => indexOf(p) === ix);
        const created = mine.map((p) => seconds(p.metadata.creationTimestamp)).sort((a, b) => a - b);
        const finished = mine.map((p) => seconds(p.status!.containerStatuses![0].state!.terminated!.finishedAt)).sort((a, b) => a - b);
        assert.equal(mine.length, 3, `index ${ix}: three pods`);
        for (const [n, delay] of [[1, BASE_S], [2, 2 * BASE_S]] as const) {
          const waited = created[n] - finished[n - 1];
          assert.ok(waited >= delay, `index ${ix}: pod ${n + 1} created ${waited} s after failure ${n}, before the ${delay} s backoff`);
          assert.ok(waited < 2 * delay + 2, `index ${ix}: pod ${n + 1} created ${waited} s after failure ${n}, far beyond the ${delay} s backoff`);
        }
      }
    });
  });
});
