// Differential: the same scenario on a Job run by kube-controller-manager's Job controller (no
// managedBy) and on one run by batchguard's controller, in the same cluster. After every step both
// Jobs are left to settle, and the settled status snapshots (counters, indexes, conditions with
// reasons and messages, which times are set) must be the same sequence.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import { controlPlane, createJob, getJob, isActivePod, jobPods, namespace, setPod, startOurs } from './support.ts';
import type { PodOutcome } from './support.ts';

interface Snapshot {
  active: number;
  succeeded: number;
  failed: number;
  ready: number | undefined;
  terminating: number | undefined;
  completedIndexes: string | undefined;
  failedIndexes: string | undefined;
  uncounted: string;
  conditions: string[];
  startTime: boolean;
  completionTime: boolean;
  pods: number;
}

function snapshot(job: Job, pods: Pod[]): Snapshot {
  const s = job.status ?? {};
  // Pod names differ between the two Jobs; the rest of a message must not.
  const anonymise = (text: string): string => text.replace(/\b(pod|Pod) [a-z0-9.-]+\/[a-z0-9.-]+/g, '$1 POD');
  return {
    active: s.active ?? 0,
    succeeded: s.succeeded ?? 0,
    failed: s.failed ?? 0,
    ready: s.ready,
    terminating: s.terminating,
    completedIndexes: s.completedIndexes,
    failedIndexes: s.failedIndexes,
    uncounted: `${s.uncountedTerminatedPods?.succeeded?.length ?? 0}/${s.uncountedTerminatedPods?.failed?.length ?? 0}`,
    conditions: (s.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason ?? ''}: ${anonymise(c.message ?? '')}`),
    startTime: !!s.startTime,
    completionTime: !!s.completionTime,
    pods: pods.length,
  };
}

type Step = (pods: Pod[], jobName: string) => Promise<void>;

describe('differential: batchguard vs kube-controller-manager Job controller', { timeout: 600_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane({ controllerManager: ['job'] });
    // The built-in controller's timings: 10 s pod-failure backoff, 1 s batching.
    ours = await startOurs(cp, { podFailureBackoffMs: 10_000 });
    ns = await namespace(cp, 'diff');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  /** Waits until the Job's resourceVersion and its pods have not changed for quietMs. */
  async function settled(name: string, quietMs = 2500): Promise<{ job: Job; pods: Pod[] }> {
    let lastKey = '';
    let since = Date.now();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = await getJob(cp, ns, name);
      const pods = await jobPods(cp, ns, name);
      const key = [job.metadata.resourceVersion, ...pods.map((p) => p.metadata.resourceVersion)].join(',');
      if (key !== lastKey) {
        lastKey = key;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return { job, pods };
      }
      if (Date.now() > deadline) throw new Error(`${name} never settled`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function run(base: string, spec: Record<string, unknown>, steps: Step[], podSpec?: Record<string, unknown>): Promise<void> {
    const names = { builtin: `${base}-kcm`, ours: `${base}-bg` };
    await createJob(cp, ns, { name: names.builtin, managedBy: null, spec, podSpec });
    await createJob(cp, ns, { name: names.ours, spec, podSpec });
    const sequences: Record<string, Snapshot[]> = { builtin: [], ours: [] };
    const record = async (): Promise<Pod[][]> => {
      const states = await Promise.all([settled(names.builtin), settled(names.ours)]);
      states.forEach(({ job, pods }, i) => {
        sequences[i === 0 ? 'builtin' : 'ours'].push(snapshot(job, pods));
      });
      return states.map((s) => s.pods.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1)));
    };
    let pods = await record();
    for (const step of steps) {
      await Promise.all([step(pods[0], names.builtin), step(pods[1], names.ours)]);
      pods = await record();
    }
    if (process.env.BATCHGUARD_DIFF_PRINT) console.log(base, JSON.stringify(sequences.builtin, null, 1));
    assert.deepEqual(sequences.ours, sequences.builtin);
  }

  const activeByIndex = (pods: Pod[]): Pod[] => pods.filter(isActivePod)
    .sort((a, b) => Number(a.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? 0) - Number(b.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] ?? 0));
  const set = (pick: (active: Pod[]) => Pod[], outcome: PodOutcome): Step => async (pods) => {
    for (const p of pick(activeByIndex(pods))) await setPod(cp, p, outcome);
  };
  const first = (n: number) => (active: Pod[]): Pod[] => active.slice(0, n);
  const all = (active: Pod[]): Pod[] => active;

  it('NonIndexed, parallelism 2 completions 3: ready, successes, completion', async () => {
    await run('nonidx', { parallelism: 2, completions: 3 }, [
      set(first(1), { phase: 'Running', ready: true }),
      set(first(1), { phase: 'Succeeded' }),
      set(all, { phase: 'Succeeded' }),
    ]);
  });

  it('Indexed, completions 3 parallelism 2: completedIndexes and completion', async () => {
    await run('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 2 }, [
      set(first(1), { phase: 'Succeeded' }),
      set(all, { phase: 'Succeeded' }),
    ]);
  });

  it('backoffLimit 0 with parallelism 2: FailureTarget then Failed, the other pod counted failed', async () => {
    await run('limit0', { backoffLimit: 0, parallelism: 2, completions: 2 }, [
      set(first(1), { phase: 'Failed', exitCode: 1 }),
    ]);
  });

  it('podFailurePolicy FailJob on exit code 5', async () => {
    await run('pfp', { backoffLimit: 3, podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [5] } }] } }, [
      set(first(1), { phase: 'Failed', exitCode: 5 }),
    ]);
  });

  it('successPolicy succeededIndexes "1" of 2: SuccessCriteriaMet(SuccessPolicy), the other pod deleted', async () => {
    await run('sp', { completionMode: 'Indexed', completions: 2, parallelism: 2, successPolicy: { rules: [{ succeededIndexes: '1' }] } }, [
      set((active) => active.slice(1, 2), { phase: 'Succeeded' }),
    ]);
  });

  it('suspended at creation, then resumed, then completed', async () => {
    const resume: Step = async (_pods, name) => {
      await cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`, { spec: { suspend: false } }, { contentType: 'application/merge-patch+json' });
    };
    await run('susp', { suspend: true }, [resume, set(all, { phase: 'Succeeded' })]);
  });

  it('a failed pod is replaced after the 10 s backoff, then the Job completes', async () => {
    await run('retry', { backoffLimit: 2 }, [
      set(first(1), { phase: 'Failed', exitCode: 1 }),
      async () => { await new Promise((r) => setTimeout(r, 9000)); },
      set(all, { phase: 'Succeeded' }),
    ]);
  });

  it('backoffLimitPerIndex 0 with maxFailedIndexes 0: MaxFailedIndexesExceeded', async () => {
    await run('perindex', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, [
      set(first(1), { phase: 'Failed', exitCode: 1 }),
    ]);
  });

  it('a running pod deleted but held by another finalizer: terminating, counted failed, replaced after the backoff', async () => {
    const blocked: Pod[] = [];
    const deleteHeld: Step = async (pods) => {
      const [pod] = activeByIndex(pods);
      blocked.push(pod);
      await cp.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, { metadata: { finalizers: ['batch.kubernetes.io/job-tracking', 'example.com/block'] } }, { contentType: 'application/merge-patch+json' });
      await cp.api.request('DELETE', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`);
    };
    const unblock: Step = async (pods) => {
      for (const pod of pods.filter((p) => blocked.some((b) => b.metadata.uid === p.metadata.uid))) {
        await cp.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, { metadata: { finalizers: null } }, { contentType: 'application/merge-patch+json' });
      }
    };
    await run('terminating', { backoffLimit: 3 }, [
      deleteHeld,
      async () => { await new Promise((r) => setTimeout(r, 9000)); },
      unblock,
      set(all, { phase: 'Succeeded' }),
    ]);
  });

  it('activeDeadlineSeconds 5: FailureTarget then Failed(DeadlineExceeded), running pods counted failed', async () => {
    await run('deadline', { activeDeadlineSeconds: 5, parallelism: 2, completions: 2 }, [
      async () => { await new Promise((r) => setTimeout(r, 4000)); },
    ]);
  });

  it('parallelism lowered from 3 to 1: surplus pods deleted uncounted, then completion', async () => {
    const lower: Step = async (_pods, name) => {
      await cp.api.request('PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`, { spec: { parallelism: 1 } }, { contentType: 'application/merge-patch+json' });
    };
    await run('scale', { parallelism: 3, completions: 2 }, [lower, set(all, { phase: 'Succeeded' }), set(all, { phase: 'Succeeded' })]);
  });
});
