// Differential runs (scenario 73): the same scenario on a Job run by kube-controller-manager's Job
// controller (no managedBy) and on one run by batchguard's controller, in the same cluster. After
// every step both Jobs are left to settle, and the settled snapshots (counters, indexes, conditions
// with reasons and messages, which times are set, the pods' states) must be the same sequence.
import assert from 'node:assert/strict';
import type { ControlPlane } from '../harness/index.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import { api, createJob, events, getJob, isActivePod, jobPods, setPod, waitFor } from './support.ts';
import type { PodOutcome } from './support.ts';

export interface Snapshot {
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
  /** Which status fields are present at all (an empty list or a 0 included). */
  fields: string[];
  /** One entry per pod, sorted: index:phase, +del when deleting, +fin with the tracking finalizer, #failure count, ~ignored failure count. */
  pods: string[];
}

const INDEX = 'batch.kubernetes.io/job-completion-index';
const FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const IGNORED_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

function podState(p: Pod): string {
  const index = p.metadata.annotations?.[INDEX] ?? '-';
  const deleting = p.metadata.deletionTimestamp ? '+del' : '';
  const finalizer = p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking') ? '+fin' : '';
  const count = p.metadata.annotations?.[FAILURE_COUNT];
  const ignored = p.metadata.annotations?.[IGNORED_COUNT];
  return `${index}:${p.status?.phase ?? '-'}${deleting}${finalizer}${count === undefined ? '' : `#${count}`}${ignored === undefined ? '' : `~${ignored}`}`;
}

export function snapshot(job: Job, pods: Pod[]): Snapshot {
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
    // A condition's probe and transition times are written together, and completionTime is taken
    // before the Complete condition is stamped (after the finalizer removals, so maybe a second
    // later): compare those relations, not the clocks.
    conditions: (s.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason ?? ''}: ${anonymise(c.message ?? '')}`
      + `${c.lastProbeTime === c.lastTransitionTime ? '' : ' (probe != transition)'}`
      + `${c.type === 'Complete' && Date.parse(c.lastTransitionTime ?? '') < Date.parse(s.completionTime ?? '') ? ' (completionTime later)' : ''}`),
    startTime: !!s.startTime,
    completionTime: !!s.completionTime,
    fields: Object.keys(s).sort(),
    pods: pods.map(podState).sort(),
  };
}

/** Waits until the Job's resourceVersion and its pods have not changed for quietMs. */
export async function settled(cp: ControlPlane, ns: string, name: string, quietMs = 3000): Promise<{ job: Job; pods: Pod[] }> {
  let lastKey = '';
  let since = Date.now();
  const deadline = Date.now() + 90_000;
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

export interface StepContext {
  cp: ControlPlane;
  ns: string;
  name: string;
  /** Whether this is the Job run by kube-controller-manager. */
  builtin: boolean;
  /** The Job's pods at the last settled snapshot, oldest first. */
  pods: Pod[];
}

export type Step = (t: StepContext) => Promise<void>;

export interface Scenario {
  spec: Record<string, unknown>;
  podSpec?: Record<string, unknown>;
  steps: Step[];
}

/** Runs the scenario on both Jobs (`<base>-kcm`, `<base>-bg`) and asserts equal snapshot sequences. */
export async function runDifferential(cp: ControlPlane, ns: string, base: string, scenario: Scenario): Promise<void> {
  const names = [`${base}-kcm`, `${base}-bg`];
  await createJob(cp, ns, { name: names[0], managedBy: null, spec: scenario.spec, podSpec: scenario.podSpec });
  await createJob(cp, ns, { name: names[1], spec: scenario.spec, podSpec: scenario.podSpec });
  const sequences: Snapshot[][] = [[], []];
  const record = async (): Promise<Pod[][]> => {
    const states = await Promise.all(names.map((name) => settled(cp, ns, name)));
    states.forEach(({ job, pods }, i) => sequences[i].push(snapshot(job, pods)));
    return states.map((s) => s.pods.sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1)));
  };
  let pods = await record();
  for (const step of scenario.steps) {
    await Promise.all(names.map((name, i) => step({ cp, ns, name, builtin: i === 0, pods: pods[i] })));
    pods = await record();
  }
  if (process.env.BATCHGUARD_DIFF_PRINT) console.log(base, JSON.stringify(sequences[0], null, 1));
  assert.deepEqual(sequences[1], sequences[0]);
  await sameEvents(cp, ns, names);
}

/**
 * The events of each Job must be the same: type, reason and message (the Job and pod names replaced),
 * each with its count, as client-go's correlator leaves them on the KCM side (repeats counted on one
 * Event, the tenth similar message onwards "(combined from similar events): ...", 25 per Job).
 */
async function sameEvents(cp: ControlPlane, ns: string, names: string[]): Promise<void> {
  const distinct = async (name: string): Promise<string[]> => {
    const own = new RegExp(`${name.replace(/[.-]/g, '\\$&')}[a-z0-9.-]*`, 'g');
    const counts = new Map<string, number>();
    for (const e of await events(cp, ns, name)) {
      const line = `${e.type} ${e.reason}: ${e.message.replace(own, 'NAME')}`;
      counts.set(line, (counts.get(line) ?? 0) + (e.count ?? 1));
    }
    return [...counts].map(([line, n]) => `${line} x${n}`).sort();
  };
  // KCM writes its events asynchronously: give them time to arrive.
  let last: string[][] = [];
  await waitFor('the same events on both Jobs', async () => {
    last = await Promise.all(names.map(distinct));
    return JSON.stringify(last[0]) === JSON.stringify(last[1]);
  }, 15_000, 500).catch(() => {});
  if (process.env.BATCHGUARD_DIFF_PRINT) console.log(names[0], 'events', JSON.stringify(last[0]));
  assert.deepEqual(last[1], last[0], 'events');
}

// Picking pods: from the active pods, ordered by completion index (then age).
export type Pick = (active: Pod[]) => Pod[];

const indexOf = (p: Pod): number => Number(p.metadata.annotations?.[INDEX] ?? 0);
const activeByIndex = (pods: Pod[]): Pod[] => pods.filter(isActivePod).sort((a, b) => indexOf(a) - indexOf(b));

export const first = (n: number): Pick => (active) => active.slice(0, n);
export const all: Pick = (active) => active;
export const nth = (n: number): Pick => (active) => active.slice(n, n + 1);
export const indexes = (...wanted: number[]): Pick => (active) => active.filter((p) => wanted.includes(indexOf(p)));
export const take = (n: number, pick: Pick): Pick => (active) => pick(active).slice(0, n);
export const readyOnes: Pick = (active) => active.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

/** Writes a kubelet-like outcome to the picked active pods. */
export const set = (pick: Pick, outcome: PodOutcome): Step => async ({ cp, pods }) => {
  for (const p of pick(activeByIndex(pods))) await setPod(cp, p, outcome);
};

/** Writes a hand-made pod status (init containers, several containers, restart counts). */
export const setStatus = (pick: Pick, status: Record<string, unknown>): Step => async ({ cp, pods }) => {
  for (const p of pick(activeByIndex(pods))) {
    await api(cp, 'PATCH', `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/status`, { status }, 'application/merge-patch+json');
  }
};

export const terminated = (name: string, exitCode: number): Record<string, unknown> => {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    name, image: 'busybox', imageID: '', ready: false, restartCount: 0,
    state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: now, finishedAt: now } },
  };
};

export const patchJob = (spec: Record<string, unknown>): Step => async ({ cp, ns, name }) => {
  await api(cp, 'PATCH', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`, { spec }, 'application/merge-patch+json');
};

export const sleep = (ms: number): Step => async () => {
  await new Promise((r) => setTimeout(r, ms));
};

/** Waits (through a pod-failure backoff) until the Job has n active pods. */
export const untilActive = (n: number, timeoutMs = 60_000): Step => async ({ cp, ns, name }) => {
  await waitFor(`${n} active pods of ${name}`, async () => (await jobPods(cp, ns, name)).filter(isActivePod).length === n, timeoutMs, 250);
};

/** Steps run one after the other with no snapshot between them. */
export const seq = (...steps: Step[]): Step => async (t) => {
  for (const step of steps) await step(t);
};

const BLOCK = 'example.com/block';

/** Rewrites a pod's finalizers from its current version (the controller may have changed them). */
async function editFinalizers(cp: ControlPlane, ns: string, name: string, edit: (f: string[]) => string[]): Promise<void> {
  await waitFor(`finalizers of ${name} updated`, async () => {
    const pod = await api<Pod>(cp, 'GET', `/api/v1/namespaces/${ns}/pods/${name}`);
    const finalizers = edit(pod.metadata.finalizers ?? []);
    const res = await cp.api.request('PATCH', `/api/v1/namespaces/${ns}/pods/${name}`,
      { metadata: { resourceVersion: pod.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } },
      { contentType: 'application/merge-patch+json' });
    if (res.status === 409) return false;
    if (res.status >= 300) throw new Error(`PATCH pod ${name}: ${res.status} ${res.text.slice(0, 300)}`);
    return true;
  });
}

/** Adds an extra finalizer to the picked active pods, so a deletion leaves them Terminating. */
export const hold = (pick: Pick): Step => async ({ cp, ns, pods }) => {
  for (const pod of pick(activeByIndex(pods))) await editFinalizers(cp, ns, pod.metadata.name!, (f) => [...f, BLOCK]);
};

/** Deletes the picked active pods while an extra finalizer holds them in Terminating. */
export const deleteHeld = (pick: Pick): Step => async (t) => {
  await hold(pick)(t);
  for (const pod of pick(activeByIndex(t.pods))) await api(t.cp, 'DELETE', `/api/v1/namespaces/${t.ns}/pods/${pod.metadata.name}`);
};

/** Removes the Job's tracking finalizer from the picked pods, as a careless user would. */
export const dropTrackingFinalizer = (pick: Pick): Step => async ({ cp, ns, pods }) => {
  for (const pod of pick(activeByIndex(pods))) {
    await editFinalizers(cp, ns, pod.metadata.name!, (f) => f.filter((x) => x !== 'batch.kubernetes.io/job-tracking'));
  }
};

/** Merges labels into the picked pods (null removes one). */
export const relabel = (pick: Pick, labels: Record<string, string | null>): Step => async ({ cp, ns, pods }) => {
  for (const pod of pick(activeByIndex(pods))) {
    await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`, { metadata: { labels } }, 'application/merge-patch+json');
  }
};

/** Deletes the picked pods (among those active at the last snapshot). */
export const remove = (pick: Pick): Step => async ({ cp, ns, pods }) => {
  for (const pod of pick(activeByIndex(pods))) await api(cp, 'DELETE', `/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`);
};

/** Removes the extra finalizer of deleteHeld from every pod that still has it. */
export const release: Step = async ({ cp, ns, pods }) => {
  for (const pod of pods.filter((p) => p.metadata.finalizers?.includes(BLOCK))) {
    await editFinalizers(cp, ns, pod.metadata.name!, (f) => f.filter((x) => x !== BLOCK));
  }
};

/** Writes a terminal outcome to the pods that are being deleted and have not finished. */
export const setDeleting = (outcome: PodOutcome): Step => async ({ cp, pods }) => {
  for (const p of pods.filter((x) => x.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(x.status?.phase ?? ''))) await setPod(cp, p, outcome);
};

/**
 * Creates a copy of the picked active pod: a second pod of its index, or an orphan without owner and
 * finalizer, optionally with another index or none, optionally finished before it can be adopted.
 */
export const inject = (pick: Pick, opts: { orphan?: boolean; index?: string | null; outcome?: PodOutcome } = {}): Step => async ({ cp, ns, pods }) => {
  for (const pod of pick(activeByIndex(pods))) {
    const annotations = { ...pod.metadata.annotations };
    const labels = { ...pod.metadata.labels };
    // A finished orphan is created outside the selector, finished, then labelled into it.
    const uidLabel = 'batch.kubernetes.io/controller-uid';
    const owner = labels[uidLabel];
    if (opts.outcome) delete labels[uidLabel];
    if (opts.index === null) {
      delete annotations[INDEX];
      delete labels[INDEX];
    } else if (opts.index !== undefined) {
      annotations[INDEX] = opts.index;
      labels[INDEX] = opts.index;
    }
    const metadata = {
      name: `${pod.metadata.name}-x`, labels, annotations,
      ...(opts.orphan ? {} : { ownerReferences: pod.metadata.ownerReferences, finalizers: pod.metadata.finalizers }),
    };
    const created = await api<Pod>(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata, spec: pod.spec });
    if (opts.outcome) {
      await setPod(cp, created, opts.outcome);
      await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${created.metadata.name}`, { metadata: { labels: { [uidLabel]: owner } } }, 'application/merge-patch+json');
    }
  }
};

/** A pod with what differs between two Jobs' pods by construction (names, uids, times) masked. */
export function podShape(pod: Pod, job: Job): unknown {
  const { name: _name, uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, managedFields: _mf, ...metadata } = pod.metadata as Record<string, unknown>;
  const text = JSON.stringify({ metadata, spec: pod.spec })
    .replaceAll(job.metadata.uid!, 'JOB-UID')
    .replaceAll(job.metadata.name!, 'NAME');
  return JSON.parse(text);
}
