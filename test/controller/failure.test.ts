// Failures on a real API server with batchguard's controller: backoffLimit, pod-failure backoff,
// OnFailure restarts, activeDeadlineSeconds, and podFailurePolicy (controller.md §3, 26-43).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { ControllerOptions } from '../../src/controller/options.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import { Informer } from '../../src/controller/informer.ts';
import { KubeClient } from '../../src/controller/kube.ts';
import {
  api, condition, controlPlane, counts, createJob, events, getJob, isActivePod, jobPods, namespace, setPod, setPodStatus,
  startOurs, waitFor, waitForActivePods, waitForCondition, waitForCounts,
} from './support.ts';

const TRACKING = 'batch.kubernetes.io/job-tracking';
const BLOCK = 'example.com/block';

const stamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

function terminated(name: string, exitCode: number): Record<string, unknown> {
  const now = stamp();
  return { name, image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, startedAt: now, finishedAt: now, reason: exitCode ? 'Error' : 'Completed' } } };
}

/** A Failed pod whose containers exited with the given codes (name → code). */
function failedWith(exitCodes: Record<string, number>, init: Record<string, number> = {}): Record<string, unknown> {
  return {
    phase: 'Failed',
    containerStatuses: Object.entries(exitCodes).map(([name, code]) => terminated(name, code)),
    ...(Object.keys(init).length ? { initContainerStatuses: Object.entries(init).map(([name, code]) => terminated(name, code)) } : {}),
  };
}

function conditionsOf(job: Job): string[][] {
  return (job.status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '']);
}

function seconds(t: string | undefined): number {
  return Date.parse(t!) / 1000;
}

/** The pod of jobName not among `known` (a replacement), once it exists. */
async function newPod(cp: ControlPlane, ns: string, jobName: string, known: Pod[]): Promise<Pod> {
  return waitFor(`a new pod of ${jobName}`, async () => {
    const fresh = (await jobPods(cp, ns, jobName)).filter((p) => !known.some((k) => k.metadata.uid === p.metadata.uid));
    return fresh.length === 1 ? fresh[0] : undefined;
  });
}

async function noTrackingFinalizers(cp: ControlPlane, ns: string, jobName: string): Promise<Pod[]> {
  return waitFor(`no pod of ${jobName} with the tracking finalizer`, async () => {
    const pods = await jobPods(cp, ns, jobName);
    return pods.every((p) => !p.metadata.finalizers?.includes(TRACKING)) ? pods : undefined;
  }, 60_000);
}

describe('controller failures on a real API server', { timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController | undefined;
  let ns: string;

  // Upstream lowers MaxUncountedPods below parallelism for scenario 26; the small Jobs never reach it.
  async function restartOurs(extra: Partial<ControllerOptions> = {}): Promise<void> {
    await ours?.stop();
    ours = undefined;
    ours = await startOurs(cp, extra, { caps: { maxUncountedPods: 50 } });
  }

  before(async () => {
    cp = await controlPlane();
    await restartOurs();
    ns = await namespace(cp, 'fail');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  it('backoffLimit 0 with 100 pods, one Failed: Failed, no pod keeps the finalizer (scenario 26)', async () => {
    // Every pod that ever exists, seen by a watch (events cannot count them: client-go's correlator,
    // which ours follows, combines similar events and lets 25 through per Job).
    const seen = new Set<string>();
    const podWatch = new Informer<Pod>(KubeClient.load(cp.kubeconfigPath), { path: `/api/v1/namespaces/${ns}/pods`, labelSelector: 'batch.kubernetes.io/job-name=many' },
      { onAdd: (p) => void seen.add(p.metadata.uid!), onUpdate: (_old, p) => void seen.add(p.metadata.uid!), onDelete: (p) => void seen.add(p.metadata.uid!) });
    await podWatch.start();
    await createJob(cp, ns, { name: 'many', spec: { completionMode: 'Indexed', completions: 100, parallelism: 100, backoffLimit: 0 } });
    // Fail a pod as soon as one exists, as upstream does, so the failure races the creations.
    const first = await waitFor('a pod', async () => (await jobPods(cp, ns, 'many')).find(isActivePod));
    await setPod(cp, first, { phase: 'Failed' });
    const failed = await waitForCondition(cp, ns, 'many', 'Failed', 90_000);
    assert.deepEqual(conditionsOf(failed), [
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    assert.deepEqual(failed.status!.uncountedTerminatedPods, {});
    assert.equal(failed.status!.terminating, 0);
    assert.equal(failed.status!.active, undefined);
    assert.ok(failed.status!.failed! >= 1 && failed.status!.failed! <= 100, `failed ${failed.status!.failed}`);
    await noTrackingFinalizers(cp, ns, 'many');
    // Every pod created is either the failed one or deleted by the finishing Job: each counted failed once.
    await waitFor('the watch caught up', async () => seen.size === failed.status!.failed).catch(() => {});
    await podWatch.stop();
    assert.equal(seen.size, failed.status!.failed, 'every pod created counted failed once');
  });

  it('nodeName set, 1 Failed and 9 Succeeded with a controller restart in between: Failed (scenario 27)', async () => {
    // Scheduled pods are not deleted at once: the finishing Job leaves them terminating until the
    // test sets them Succeeded, as a kubelet would.
    await createJob(cp, ns, { name: 'interrupts', spec: { completions: 10, parallelism: 10, backoffLimit: 0 }, podSpec: { nodeName: 'foo' } });
    const pods = await waitForActivePods(cp, ns, 'interrupts', 10);
    await setPod(cp, pods[0], { phase: 'Failed' });
    // The controller goes down right after the failure and the successes land while none runs: the
    // new one must still pick Failed over the 9 successes.
    await ours!.stop();
    ours = undefined;
    for (const p of pods.slice(1)) await setPod(cp, p, { phase: 'Succeeded' });
    await restartOurs();
    const failed = await waitForCondition(cp, ns, 'interrupts', 'Failed', 60_000);
    assert.deepEqual(conditionsOf(failed).map((c) => c.slice(0, 3)), [
      ['FailureTarget', 'True', 'BackoffLimitExceeded'], ['Failed', 'True', 'BackoffLimitExceeded'],
    ]);
    // Whether a pod counts as succeeded or failed depends on whether the controller deleted it before
    // it succeeded; either way each of the 10 is counted exactly once.
    const c = counts(failed);
    assert.equal(c.succeeded + c.failed, 10, JSON.stringify(c));
    assert.ok(c.failed >= 1, JSON.stringify(c));
    assert.equal(c.terminating, 0);
    assert.deepEqual(failed.status!.uncountedTerminatedPods, {});
    const left = await noTrackingFinalizers(cp, ns, 'interrupts');
    assert.equal(left.length, 10, 'scheduled pods stay (no kubelet), none was replaced');
  });

  it('restartPolicy OnFailure: container restarts reaching backoffLimit fail the Job (scenario 31)', async () => {
    await createJob(cp, ns, { name: 'restarts', spec: { backoffLimit: 2 }, podSpec: { restartPolicy: 'OnFailure' } });
    const [pod] = await waitForActivePods(cp, ns, 'restarts', 1);
    const running = (restartCount: number): Record<string, unknown> => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: stamp() }],
      containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: true, restartCount, state: { running: { startedAt: stamp() } } }],
    });
    // One restart is below the limit: the Job keeps running (R1 proves the controller saw it).
    await setPodStatus(cp, pod, running(1));
    const below = await waitForCounts(cp, ns, 'restarts', { active: 1, succeeded: 0, failed: 0, ready: 1, terminating: 0 });
    assert.equal(below.status!.conditions, undefined);
    await setPodStatus(cp, pod, running(2));
    const failed = await waitForCondition(cp, ns, 'restarts', 'Failed');
    assert.deepEqual(conditionsOf(failed), [
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    assert.deepEqual(counts(failed), { active: 0, succeeded: 0, failed: 1, ready: 0, terminating: 0 });
    assert.deepEqual(await jobPods(cp, ns, 'restarts'), [], 'the running pod was deleted');
  });

  it('raising activeDeadlineSeconds on a running Job postpones the failure (scenario 33)', async () => {
    await createJob(cp, ns, { name: 'later', spec: { activeDeadlineSeconds: 3 } });
    await api(cp, 'PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/later`, { spec: { activeDeadlineSeconds: 8 } }, 'application/merge-patch+json');
    await waitForActivePods(cp, ns, 'later', 1);
    const failed = await waitForCondition(cp, ns, 'later', 'Failed', 60_000);
    assert.deepEqual(conditionsOf(failed).map((c) => c.slice(2)), [
      ['DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['DeadlineExceeded', 'Job was active longer than specified deadline'],
    ]);
    // Timing: the failure comes no earlier than the raised deadline (strict; both times are whole
    // seconds and the controller compares against the truncated startTime), and well after the
    // original 3 s; the upper bound only guards against a missed re-enqueue, with slack for load.
    const elapsed = seconds(failed.status!.conditions![0].lastTransitionTime) - seconds(failed.status!.startTime);
    assert.ok(elapsed >= 8, `failed ${elapsed}s after start`);
    assert.ok(elapsed < 8 + 15, `failed ${elapsed}s after start`);
    assert.equal(failed.status!.failed, 1);
  });

  it('FailureTarget written, controller restarted, triggering pod deleted meanwhile: Failed is still added (scenario 34)', async () => {
    await createJob(cp, ns, { name: 'recover', spec: {
      parallelism: 3, completions: 3,
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] },
    } });
    const pods = await waitForActivePods(cp, ns, 'recover', 3);
    const [trigger, ...others] = pods;
    // The other pods are held terminating by a second finalizer, so the Job stays at FailureTarget
    // (Failed waits for terminating 0) until the controller has been replaced.
    for (const p of others) {
      await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, { metadata: { finalizers: [TRACKING, BLOCK] } }, 'application/merge-patch+json');
    }
    await setPodStatus(cp, trigger, failedWith({ main: 5 }));
    const message = `Container main for pod ${ns}/${trigger.metadata.name} failed with exit code 5 matching FailJob rule at index 0`;
    const target = await waitFor('FailureTarget with T2', async () => {
      const j = await getJob(cp, ns, 'recover');
      return condition(j, 'FailureTarget')?.status === 'True' && j.status?.terminating === 2 ? j : undefined;
    });
    assert.deepEqual(conditionsOf(target), [['FailureTarget', 'True', 'PodFailurePolicy', message]]);
    await ours!.stop();
    ours = undefined;
    await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${trigger.metadata.name}`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
    for (const p of others) {
      const current = await api<Pod>(cp, 'GET', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`);
      const finalizers = current.metadata.finalizers!.filter((f) => f !== BLOCK);
      await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}`, { metadata: { finalizers, resourceVersion: current.metadata.resourceVersion } }, 'application/merge-patch+json');
    }
    await restartOurs();
    const failed = await waitForCondition(cp, ns, 'recover', 'Failed');
    assert.deepEqual(conditionsOf(failed), [['FailureTarget', 'True', 'PodFailurePolicy', message], ['Failed', 'True', 'PodFailurePolicy', message]]);
    // The triggering pod and the two pods deleted by the finishing Job are all counted failed.
    assert.deepEqual(counts(failed), { active: 0, succeeded: 0, failed: 3, ready: 0, terminating: 0 });
    await waitFor('all pods gone', async () => (await jobPods(cp, ns, 'recover')).length === 0);
  });

  describe('podFailurePolicy', () => {
    // The policy of upstream TestJobPodFailurePolicy.
    const policy = { rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'Count', onExitCodes: { operator: 'In', values: [10] } },
      { action: 'FailJob', onExitCodes: { operator: 'In', values: [5, 6, 7] } },
    ] };
    const container = { containers: [{ name: 'main-container', image: 'busybox' }] };

    async function failJobOnExit5(name: string, restart: boolean): Promise<void> {
      await createJob(cp, ns, { name, spec: { podFailurePolicy: policy }, podSpec: container });
      const [pod] = await waitForActivePods(cp, ns, name, 1);
      await setPodStatus(cp, pod, failedWith({ 'main-container': 5 }));
      if (restart) await restartOurs();
      const failed = await waitForCondition(cp, ns, name, 'Failed');
      const message = `Container main-container for pod ${ns}/${pod.metadata.name} failed with exit code 5 matching FailJob rule at index 2`;
      assert.deepEqual(conditionsOf(failed), [['FailureTarget', 'True', 'PodFailurePolicy', message], ['Failed', 'True', 'PodFailurePolicy', message]]);
      assert.deepEqual(counts(failed), { active: 0, succeeded: 0, failed: 1, ready: 0, terminating: 0 });
      assert.equal(failed.status!.completionTime, undefined);
      const pods = await jobPods(cp, ns, name);
      assert.equal(pods.length, 1, 'no replacement');
      assert.equal(pods[0].metadata.finalizers, undefined);
      await waitFor('PodFailurePolicy event', async () =>
        (await events(cp, ns, name)).some((e) => e.type === 'Warning' && e.reason === 'PodFailurePolicy' && e.message === message));
    }

    it('FailJob on exit code 5: FailureTarget then Failed(PodFailurePolicy) naming the container and rule (scenario 35)', async () => {
      await failJobOnExit5('failjob', false);
    });

    it('FailJob with a controller restart after the pod failed (scenario 36)', async () => {
      await failJobOnExit5('failjob-restart', true);
    });

    /** A failed pod that the policy counts: F1, replaced, and the Job then completes S1 F1. */
    async function countedAndReplaced(name: string, status: Record<string, unknown>, podSpec: Record<string, unknown> = container, jobPolicy: unknown = policy): Promise<Pod> {
      await createJob(cp, ns, { name, spec: { podFailurePolicy: jobPolicy }, podSpec });
      const [pod] = await waitForActivePods(cp, ns, name, 1);
      await setPodStatus(cp, pod, status);
      await waitForCounts(cp, ns, name, { active: 1, succeeded: 0, failed: 1, ready: 0, terminating: 0 });
      const replacement = await newPod(cp, ns, name, [pod]);
      assert.equal(condition(await getJob(cp, ns, name), 'FailureTarget'), undefined);
      return replacement;
    }

    async function completes(name: string, pod: Pod): Promise<void> {
      await setPod(cp, pod, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, name, 'Complete');
      assert.deepEqual(counts(done), { active: 0, succeeded: 1, failed: 1, ready: 0, terminating: 0 });
      assert.ok((await jobPods(cp, ns, name)).every((p) => !p.metadata.finalizers?.length));
    }

    it('Count on exit code 10: counted, replaced, the Job completes (scenario 38)', async () => {
      await completes('count', await countedAndReplaced('count', failedWith({ 'main-container': 10 })));
    });

    it('no rule matches: counted, replaced, the Job completes (scenario 39)', async () => {
      await completes('nomatch', await countedAndReplaced('nomatch', failedWith({ 'main-container': 3 })));
    });

    it('onExitCodes.containerName: another container\'s exit code does not match; the named one does (scenario 40)', async () => {
      const named = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [5] } }] };
      const two = { containers: [{ name: 'main', image: 'busybox' }, { name: 'other', image: 'busybox' }] };
      const second = await countedAndReplaced('named', failedWith({ main: 0, other: 5 }), two, named);
      await setPodStatus(cp, second, failedWith({ main: 5, other: 5 }));
      const failed = await waitForCondition(cp, ns, 'named', 'Failed');
      assert.deepEqual(conditionsOf(failed)[1], ['Failed', 'True', 'PodFailurePolicy',
        `Container main for pod ${ns}/${second.metadata.name} failed with exit code 5 matching FailJob rule at index 0`]);
      assert.equal(counts(failed).failed, 2);
    });

    it('an init container\'s exit code matches when no app container does (scenario 41)', async () => {
      const rule = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [7] } }] };
      await createJob(cp, ns, { name: 'init', spec: { podFailurePolicy: rule }, podSpec: { initContainers: [{ name: 'setup', image: 'busybox' }] } });
      const [pod] = await waitForActivePods(cp, ns, 'init', 1);
      await setPodStatus(cp, pod, {
        ...failedWith({}, { setup: 7 }),
        containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      });
      const failed = await waitForCondition(cp, ns, 'init', 'Failed');
      assert.deepEqual(conditionsOf(failed)[1], ['Failed', 'True', 'PodFailurePolicy',
        `Container setup for pod ${ns}/${pod.metadata.name} failed with exit code 7 matching FailJob rule at index 0`]);
      assert.deepEqual(counts(failed), { active: 0, succeeded: 0, failed: 1, ready: 0, terminating: 0 });
    });

    it('NotIn: exit code 0 is never a match, 3 matches NotIn [1], 1 does not (scenario 42)', async () => {
      const notIn = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] };
      const two = { containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] };
      const second = await countedAndReplaced('notin', failedWith({ a: 1, b: 0 }), two, notIn);
      await setPodStatus(cp, second, failedWith({ a: 0, b: 3 }));
      const failed = await waitForCondition(cp, ns, 'notin', 'Failed');
      assert.deepEqual(conditionsOf(failed)[1], ['Failed', 'True', 'PodFailurePolicy',
        `Container b for pod ${ns}/${second.metadata.name} failed with exit code 3 matching FailJob rule at index 0`]);
    });

    it('a deleted running pod is terminating, not failed, and not replaced until it is Failed (scenario 43)', async () => {
      await createJob(cp, ns, { name: 'deleted', spec: { podFailurePolicy: policy }, podSpec: container });
      const [pod] = await waitForActivePods(cp, ns, 'deleted', 1);
      await setPod(cp, pod, { phase: 'Running', ready: true });
      await waitForCounts(cp, ns, 'deleted', { active: 1, succeeded: 0, failed: 0, ready: 1, terminating: 0 });
      // Only the tracking finalizer holds it: the controller keeps it until the pod is terminal.
      await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`);
      await waitForCounts(cp, ns, 'deleted', { active: 0, succeeded: 0, failed: 0, ready: 0, terminating: 1 });
      const held = await jobPods(cp, ns, 'deleted');
      assert.equal(held.length, 1, 'no replacement while terminating');
      assert.deepEqual(held[0].metadata.finalizers, [TRACKING]);
      await setPodStatus(cp, held[0], failedWith({ 'main-container': 1 }));
      await waitForCounts(cp, ns, 'deleted', { active: 1, succeeded: 0, failed: 1, ready: 0, terminating: 0 });
      const replacement = await newPod(cp, ns, 'deleted', []);
      assert.notEqual(replacement.metadata.uid, pod.metadata.uid, 'the deleted pod is gone once its finalizer is removed');
      await completes('deleted', replacement);
    });
  });

  describe('pod-failure backoff (base 3 s, cap 6 s)', () => {
    const BASE = 3000;

    before(async () => {
      // Whole seconds, like upstream's 2 s: pod times are stored truncated to the second, so a
      // delay of whole seconds keeps the lower bounds exact. 3 s leaves more slack under load.
      await restartOurs({ podFailureBackoffMs: BASE, podFailureBackoffMaxMs: 2 * BASE });
    });

    /** Seconds from each Failed pod's container finishedAt to the creation of the pod after it (pods in creation order). */
    async function delays(name: string, ordered: Pod[]): Promise<number[]> {
      const fresh = new Map((await jobPods(cp, ns, name)).map((p) => [p.metadata.uid, p]));
      const out: number[] = [];
      for (let i = 0; i + 1 < ordered.length; i++) {
        const pod = fresh.get(ordered[i].metadata.uid)!;
        if (pod.status?.phase !== 'Failed') continue;
        out.push(seconds(ordered[i + 1].metadata.creationTimestamp) - seconds(pod.status.containerStatuses![0].state!.terminated!.finishedAt));
      }
      return out;
    }

    async function failCurrent(name: string, known: Pod[]): Promise<Pod> {
      const pod = await newPod(cp, ns, name, known);
      await setPod(cp, pod, { phase: 'Failed' });
      return pod;
    }

    // Timing: a replacement is created no earlier than the backoff after the failure (strict: the
    // controller waits from the stored, truncated finish time, and whole-second delays survive the
    // truncation of creationTimestamp), and before twice that (the upstream bound, which leaves
    // one backoff of slack for a loaded machine; the 1 s sync batching ends before the base delay).
    function assertDelay(actual: number, backoffMs: number, what: string): void {
      const b = backoffMs / 1000;
      assert.ok(actual >= b && actual < 2 * b, `${what}: ${actual}s, want [${b}, ${2 * b})`);
    }

    it('doubles per consecutive failure and stops at the cap (scenarios 28, 30)', async () => {
      await createJob(cp, ns, { name: 'backoff', spec: { backoffLimit: 6 } });
      const seen: Pod[] = [];
      for (let i = 0; i < 3; i++) seen.push(await failCurrent('backoff', seen));
      seen.push(await newPod(cp, ns, 'backoff', seen));
      const job = await waitForCounts(cp, ns, 'backoff', { active: 1, succeeded: 0, failed: 3, ready: 0, terminating: 0 });
      assert.equal(job.status!.conditions, undefined);
      const [first, second, third] = await delays('backoff', seen);
      assertDelay(first, BASE, '2nd pod after the 1st failure');
      assertDelay(second, 2 * BASE, '3rd pod after the 2nd failure');
      // Uncapped this would be 4 × base; the cap holds it at 2 × base.
      assertDelay(third, 2 * BASE, '4th pod after the 3rd failure (capped)');
    });

    it('a success resets the backoff (scenario 29)', async () => {
      await createJob(cp, ns, { name: 'reset', spec: { completions: 2 } });
      const seen: Pod[] = [await failCurrent('reset', [])];
      const second = await newPod(cp, ns, 'reset', seen);
      seen.push(second);
      await setPod(cp, second, { phase: 'Succeeded' });
      seen.push(await failCurrent('reset', seen));
      const last = await newPod(cp, ns, 'reset', seen);
      const [afterFirst, afterReset] = await delays('reset', [...seen, last]);
      assertDelay(afterFirst, BASE, '2nd pod after the 1st failure');
      // Without the reset this would be the second consecutive failure: 2 × base.
      assertDelay(afterReset, BASE, 'pod after the failure that followed a success');
      await setPod(cp, last, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'reset', 'Complete');
      assert.deepEqual(counts(done), { active: 0, succeeded: 2, failed: 2, ready: 0, terminating: 0 });
    });
  });
});
