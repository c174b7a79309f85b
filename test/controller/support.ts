// Helpers for the controller suites: a control plane, our controller in-process, Jobs and pods moved
// through their phases by writing pod status (there is no kubelet), and polling.
import assert from 'node:assert/strict';
import https from 'node:https';
import { isDeepStrictEqual } from 'node:util';
import { startControlPlane } from '../harness/index.ts';
import type { ControlPlane, ControlPlaneOptions } from '../harness/index.ts';
import { runController } from '../../src/controller/run.ts';
import type { RunningController, RunOverrides } from '../../src/controller/run.ts';
import { DEFAULT_CONTROLLER_NAME, parseControllerArgs } from '../../src/controller/options.ts';
import type { ControllerOptions } from '../../src/controller/options.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';

export const OURS = DEFAULT_CONTROLLER_NAME;

export async function controlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  return startControlPlane(opts);
}

export async function startOurs(cp: ControlPlane, extra: Partial<ControllerOptions> = {}, overrides: RunOverrides = {}): Promise<RunningController> {
  const parsed = parseControllerArgs([], {}, `test-${process.pid}`);
  assert.ok(parsed.ok);
  const quiet = process.env.BATCHGUARD_CONTROLLER_LOG ? undefined : () => {};
  return runController({ ...parsed.options, kubeconfig: cp.kubeconfigPath, podFailureBackoffMs: 200, ...extra }, { log: quiet, ...overrides });
}

export async function api<T = any>(cp: ControlPlane, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  const res = await cp.api.request(method, path, body, contentType ? { contentType } : {});
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 500)}`);
  return res.json as T;
}

let nsCounter = 0;
export async function namespace(cp: ControlPlane, prefix = 'ctl'): Promise<string> {
  const name = `${prefix}-${process.pid}-${++nsCounter}`;
  await api(cp, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

export interface JobShape {
  name: string;
  managedBy?: string | null;
  spec?: Record<string, unknown>;
  podSpec?: Record<string, unknown>;
}

export async function createJob(cp: ControlPlane, ns: string, shape: JobShape): Promise<Job> {
  const managedBy = shape.managedBy === undefined ? OURS : shape.managedBy;
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: shape.name, namespace: ns },
    spec: {
      ...(managedBy === null ? {} : { managedBy }),
      ...shape.spec,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }], ...shape.podSpec } },
    },
  };
  return api<Job>(cp, 'POST', `/apis/batch/v1/namespaces/${ns}/jobs`, job);
}

export async function getJob(cp: ControlPlane, ns: string, name: string): Promise<Job> {
  return api<Job>(cp, 'GET', `/apis/batch/v1/namespaces/${ns}/jobs/${name}`);
}

export async function jobPods(cp: ControlPlane, ns: string, jobName: string): Promise<Pod[]> {
  const list = await api<{ items: Pod[] }>(cp, 'GET', `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`batch.kubernetes.io/job-name=${jobName}`)}`);
  return list.items;
}

export function isActivePod(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function waitForActivePods(cp: ControlPlane, ns: string, jobName: string, n: number, timeoutMs = 30_000): Promise<Pod[]> {
  return waitFor(`${n} active pods of ${jobName}`, async () => {
    const pods = (await jobPods(cp, ns, jobName)).filter(isActivePod);
    return pods.length === n ? pods : undefined;
  }, timeoutMs);
}

export interface PodOutcome {
  phase: 'Succeeded' | 'Failed' | 'Running';
  exitCode?: number;
  ready?: boolean;
  conditions?: { type: string; status: string }[];
}

/** Writes pod status as a kubelet would (upstream integration tests do the same). */
export async function setPod(cp: ControlPlane, pod: Pod, outcome: PodOutcome): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const containers = (pod.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: 'busybox',
    imageID: '',
    ready: outcome.phase === 'Running' && !!outcome.ready,
    restartCount: 0,
    state: outcome.phase === 'Running'
      ? { running: { startedAt: now } }
      : { terminated: { exitCode: outcome.exitCode ?? (outcome.phase === 'Succeeded' ? 0 : 1), startedAt: now, finishedAt: now, reason: outcome.phase === 'Succeeded' ? 'Completed' : 'Error' } },
  }));
  const conditions = [
    ...(outcome.phase === 'Running' ? [{ type: 'Ready', status: outcome.ready ? 'True' : 'False', lastTransitionTime: now }] : []),
    ...(outcome.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: now })),
  ];
  await api(cp, 'PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
    { status: { phase: outcome.phase, containerStatuses: containers, conditions } }, 'application/merge-patch+json');
}

export function condition(job: Job, type: string): { status: string; reason?: string; message?: string } | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

export async function waitForCondition(cp: ControlPlane, ns: string, name: string, type: string, timeoutMs = 30_000): Promise<Job> {
  return waitFor(`${type} on ${ns}/${name}`, async () => {
    const job = await getJob(cp, ns, name);
    return condition(job, type)?.status === 'True' ? job : undefined;
  }, timeoutMs);
}

export async function events(cp: ControlPlane, ns: string, jobName: string): Promise<{ reason: string; message: string; type: string; count?: number }[]> {
  const list = await api<{ items: { reason: string; message: string; type: string; count?: number; involvedObject: { name: string } }[] }>(cp, 'GET', `/api/v1/namespaces/${ns}/events`);
  return list.items.filter((e) => e.involvedObject.name === jobName);
}

export const WHOLE_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export interface Counts {
  active: number;
  succeeded: number;
  failed: number;
  /** Pointers in the API: 0 is written, never omitted, by the built-in controller. */
  ready: number | undefined;
  terminating: number | undefined;
}

export function counts(job: Job): Counts {
  const s = job.status ?? {};
  return { active: s.active ?? 0, succeeded: s.succeeded ?? 0, failed: s.failed ?? 0, ready: s.ready, terminating: s.terminating };
}

/** Waits until the Job's counters are exactly `want` (upstream validateJobsPodsStatusOnly). */
export async function waitForCounts(cp: ControlPlane, ns: string, name: string, want: Counts, timeoutMs = 60_000): Promise<Job> {
  let last: Counts | undefined;
  try {
    return await waitFor(`counts ${JSON.stringify(want)}`, async () => {
      const job = await getJob(cp, ns, name);
      last = counts(job);
      return isDeepStrictEqual(last, want) ? job : undefined;
    }, timeoutMs);
  } catch (err) {
    throw new Error(`${String(err)}; last seen ${JSON.stringify(last)}`);
  }
}

export interface ObjectWatch<T> {
  /** Every version of the object the API server stored since the watch started, in order. */
  readonly versions: T[];
  /** Ends the watch; throws if the server ended it first (versions would be incomplete). */
  stop(): void;
}

export type JobWatch = ObjectWatch<Job>;

/** Watches one Job, so a test sees every status write, not just the ones a poll happens to catch. */
export const watchJob = (cp: ControlPlane, ns: string, name: string): Promise<JobWatch> => watchNamed<Job>(cp, `/apis/batch/v1/namespaces/${ns}/jobs`, name);

/** Watches one pod, from before it exists if need be: a version a poll would miss (adopted, then deleted) is kept. */
export const watchPod = (cp: ControlPlane, ns: string, name: string): Promise<ObjectWatch<Pod>> => watchNamed<Pod>(cp, `/api/v1/namespaces/${ns}/pods`, name);

/** Watches the object `name` of the collection at `collectionPath`. */
function watchNamed<T>(cp: ControlPlane, collectionPath: string, name: string): Promise<ObjectWatch<T>> {
  const url = new URL(`${collectionPath}?watch=1&timeoutSeconds=1800&fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`, cp.server);
  return new Promise((resolve, reject) => {
    const versions: T[] = [];
    let broken: string | undefined;
    let stopped = false;
    const req = https.request(url, { ca: cp.caPem, headers: { Authorization: `Bearer ${cp.token}`, Accept: 'application/json' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`watch ${name}: HTTP ${res.statusCode}`));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          const event = JSON.parse(line) as { type: string; object: T };
          if (event.type === 'ADDED' || event.type === 'MODIFIED') versions.push(event.object);
          else if (event.type === 'ERROR') broken ??= `watch error ${JSON.stringify(event.object)}`;
        }
      });
      res.on('end', () => {
        if (!stopped) broken ??= 'the server ended the watch';
      });
      res.on('error', () => {});
      resolve({
        versions,
        stop: () => {
          stopped = true;
          req.destroy();
          if (broken) throw new Error(`watch ${name}: ${broken}`);
        },
      });
    });
    req.on('error', (err) => {
      if (stopped) return;
      broken ??= String(err);
      reject(err);
    });
    req.end();
  });
}

/** Writes a whole pod status (several containers, init containers, restart counts) where setPod's shape is too narrow. */
export async function setPodStatus(cp: ControlPlane, pod: Pod, status: Record<string, unknown>): Promise<void> {
  await api(cp, 'PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { status }, 'application/merge-patch+json');
}
