// NonIndexed parallel Jobs run by batchguard's controller on a real kube-apiserver (controller.md
// §3 scenarios 5-10, 12, 67, 68; upstream TestParallelJob and TestParallelJobWithCompletions).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import {
  controlPlane, counts, createJob, events, isActivePod, jobPods, namespace, setPod, startOurs, waitForActivePods,
  waitForCondition, waitForCounts, watchJob,
} from './support.ts';

const TRACKING = 'batch.kubernetes.io/job-tracking';
// What upstream TestParallelJobWithCompletions sets MaxUncountedPods and MaxPodCreateDeletePerSync to.
const CAP = 10;

const byName = (a: Pod, b: Pod): number => a.metadata.name!.localeCompare(b.metadata.name!);

describe('NonIndexed parallel Jobs', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane();
    ours = await startOurs(cp);
    ns = await namespace(cp, 'nonidx');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  /**
   * Scenario 67 on a Job whose counters settled: every active pod holds the tracking finalizer, no
   * finished pod still does, and nothing is left uncounted. Returns the Job's pods.
   */
  async function assertTracked(job: Job): Promise<Pod[]> {
    const pods = await jobPods(cp, ns, job.metadata.name!);
    const active = pods.filter(isActivePod);
    assert.equal(active.length, counts(job).active, 'active pods');
    for (const p of active) assert.deepEqual(p.metadata.finalizers, [TRACKING], `active pod ${p.metadata.name}`);
    for (const p of pods.filter((x) => !isActivePod(x))) assert.equal(p.metadata.finalizers, undefined, `finished pod ${p.metadata.name}`);
    assert.deepEqual(job.status!.uncountedTerminatedPods, {});
    return pods;
  }

  // Like upstream's setJobPodsPhase, a pod that was Ready keeps its Ready condition when it finishes:
  // only active pods may count as ready.
  const finish = (phase: 'Succeeded' | 'Failed', pods: Pod[], wasReady: (p: Pod) => boolean = () => false) =>
    Promise.all(pods.map((p) => setPod(cp, p, { phase, conditions: wasReady(p) ? [{ type: 'Ready', status: 'True' }] : [] })));
  const succeed = (pods: Pod[], wasReady?: (p: Pod) => boolean) => finish('Succeeded', pods, wasReady);
  const fail = (pods: Pod[], wasReady?: (p: Pod) => boolean) => finish('Failed', pods, wasReady);
  const activeOf = async (name: string) => (await jobPods(cp, ns, name)).filter(isActivePod).sort(byName);

  it('parallelism 5, no completions: failures replaced until the first success, then Complete S3 F4 (scenarios 5-9, 67)', async () => {
    await createJob(cp, ns, { name: 'par', spec: { parallelism: 5 } });
    const first = (await waitForActivePods(cp, ns, 'par', 5)).sort(byName);
    await assertTracked(await waitForCounts(cp, ns, 'par', { active: 5, succeeded: 0, failed: 0, ready: 0, terminating: 0 }));

    // 5: readiness is counted.
    const ready = first.slice(0, 2);
    await Promise.all(ready.map((p) => setPod(cp, p, { phase: 'Running', ready: true })));
    await waitForCounts(cp, ns, 'par', { active: 5, succeeded: 0, failed: 0, ready: 2, terminating: 0 });

    // 6: the two Ready pods fail and are replaced.
    await fail(ready, () => true);
    let pods = await assertTracked(await waitForCounts(cp, ns, 'par', { active: 5, succeeded: 0, failed: 2, ready: 0, terminating: 0 }));
    assert.equal(pods.length, 7);

    // 7: after the first success nothing new is created (status.active would say 5).
    const running = await activeOf('par');
    await succeed(running.slice(0, 1));
    await assertTracked(await waitForCounts(cp, ns, 'par', { active: 4, succeeded: 1, failed: 2, ready: 0, terminating: 0 }));

    // 8: failures after the first success are not replaced.
    await fail(running.slice(1, 3));
    await assertTracked(await waitForCounts(cp, ns, 'par', { active: 2, succeeded: 1, failed: 4, ready: 0, terminating: 0 }));

    // 9: the last two succeed: Complete.
    await succeed(running.slice(3));
    const done = await waitForCondition(cp, ns, 'par', 'Complete', 60_000);
    assert.deepEqual(counts(done), { active: 0, succeeded: 3, failed: 4, ready: 0, terminating: 0 });
    assert.deepEqual(done.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    // The sync's time; Complete is stamped after the finalizer flush (enactJobFinished), never earlier.
    assert.ok(done.status!.completionTime! <= done.status!.conditions![1].lastTransitionTime!);
    pods = await assertTracked(done);
    assert.equal(pods.length, 7, 'five pods and two replacements, nothing after the first success');
  });

  it('completions 3, parallelism 5: only 3 pods (scenario 12)', async () => {
    await createJob(cp, ns, { name: 'few', spec: { completions: 3, parallelism: 5 } });
    const pods = await waitForActivePods(cp, ns, 'few', 3);
    await assertTracked(await waitForCounts(cp, ns, 'few', { active: 3, succeeded: 0, failed: 0, ready: 0, terminating: 0 }));
    await succeed(pods);
    const done = await waitForCondition(cp, ns, 'few', 'Complete', 60_000);
    assert.deepEqual(counts(done), { active: 0, succeeded: 3, failed: 0, ready: 0, terminating: 0 });
    assert.equal((await assertTracked(done)).length, 3);
  });

  it('parallelism 54, completions 56 with per-sync caps of 10: partial creations and counting (scenarios 10, 67, 68)', async () => {
    const caps = { caps: { maxUncountedPods: CAP, maxPodCreateDeletePerSync: CAP } };
    await ours.stop();
    ours = await startOurs(cp, {}, caps);
    const watch = await watchJob(cp, ns, 'wide');
    await createJob(cp, ns, { name: 'wide', spec: { parallelism: 54, completions: 56 } });
    const all = (await waitForActivePods(cp, ns, 'wide', 54, 60_000)).sort(byName);
    await assertTracked(await waitForCounts(cp, ns, 'wide', { active: 54, succeeded: 0, failed: 0, ready: 0, terminating: 0 }));

    const [ready, unready] = [all.slice(0, 52), all.slice(52)];
    await Promise.all(ready.map((p) => setPod(cp, p, { phase: 'Running', ready: true })));
    await waitForCounts(cp, ns, 'wide', { active: 54, succeeded: 0, failed: 0, ready: 52, terminating: 0 });

    await fail(ready.slice(0, 2), () => true);
    assert.equal((await assertTracked(await waitForCounts(cp, ns, 'wide', { active: 54, succeeded: 0, failed: 2, ready: 50, terminating: 0 }))).length, 56);

    // 53 pods finish while the controller is down, so that its first sync sees all of them at once
    // and has to count them over several syncs (scenario 68) whatever the machine's load.
    await ours.stop();
    const keep = unready[0];
    const readyUids = new Set(ready.map((p) => p.metadata.uid));
    await succeed((await activeOf('wide')).filter((p) => p.metadata.uid !== keep.metadata.uid), (p) => readyUids.has(p.metadata.uid));
    const countingFrom = watch.versions.length;
    ours = await startOurs(cp, {}, caps);
    const mid = await waitForCounts(cp, ns, 'wide', { active: 3, succeeded: 53, failed: 2, ready: 0, terminating: 0 });
    assert.equal((await assertTracked(mid)).length, 58);

    await succeed(await activeOf('wide'));
    const done = await waitForCondition(cp, ns, 'wide', 'Complete', 60_000);
    watch.stop();
    assert.deepEqual(counts(done), { active: 0, succeeded: 56, failed: 2, ready: 0, terminating: 0 });
    assert.deepEqual(done.status!.conditions!.map((c) => [c.type, c.reason]), [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']]);
    assert.equal((await assertTracked(done)).length, 58);
    const reasons = (await events(cp, ns, 'wide')).map((e) => e.reason);
    assert.ok(reasons.includes('Completed'));
    assert.ok(!reasons.includes('TooManySucceededPods'));

    // Every stored version of the Job: no sync created more than CAP pods or counted more than CAP.
    const seen = watch.versions.map((j) => ({
      ...counts(j),
      uncounted: (j.status?.uncountedTerminatedPods?.succeeded?.length ?? 0) + (j.status?.uncountedTerminatedPods?.failed?.length ?? 0),
    }));
    const trail = JSON.stringify(seen.map((s) => [s.active, s.succeeded, s.uncounted]));
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i].active - seen[i - 1].active <= CAP, `more than ${CAP} creations in one sync: ${trail}`);
      assert.ok(seen[i].succeeded - seen[i - 1].succeeded <= CAP, `more than ${CAP} counted in one sync: ${trail}`);
      assert.ok(seen[i].uncounted <= CAP, `uncountedTerminatedPods over the cap: ${trail}`);
    }
    // The 53 pods finished at once filled the uncounted list to the cap, then drained over syncs.
    assert.equal(Math.max(...seen.slice(countingFrom).map((s) => s.uncounted)), CAP, trail);
  });
});
