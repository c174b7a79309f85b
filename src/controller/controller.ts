// The Job controller's event handling and sync loop (job_controller.go): informers feed a work
// queue of Job keys; each sync asks the pure `reconcile` what to do and carries it out.
import type { BackoffRecord } from './job/backoff.ts';
import { isFinished } from './job/conditions.ts';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, JOB_TRACKING_FINALIZER } from './job/constants.ts';
import { hasTrackingFinalizer, isReady } from './job/pods.ts';
import { afterFinalizerRemoval, DEFAULT_LIMITS, isManagedBy, reconcile } from './job/reconcile.ts';
import type { JobEvent, SyncLimits, SyncPlan } from './job/reconcile.ts';
import type { ContainerStatus, Job, JobStatus, Pod } from './job/types.ts';
import { EventRecorder } from './events.ts';
import { Expectations } from './expectations.ts';
import { Informer } from './informer.ts';
import { isInvalid, isNamespaceTerminating, isNotFound } from './kube.ts';
import type { KubeClient } from './kube.ts';
import { WorkQueue } from './queue.ts';
import { ttlDeleteAfterMs } from './ttl.ts';
import { selectorMatchesLabels } from '../validation/meta/selector.ts';

export interface JobControllerOptions {
  controllerName: string;
  workers: number;
  syncBatchMs: number;
  /** How often the informers relist and every Job is synced again, so no lost event strands one. */
  resyncMs?: number;
  limits?: SyncLimits;
  log?: (message: string) => void;
}

const REMOVE_FINALIZER_PATCH = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';

function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

function controllerRefOf(pod: Pod): { name: string; uid: string } | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref && ref.kind === 'Job' && ref.apiVersion === 'batch/v1' ? ref : undefined;
}

/** Whether anything (a Job or not) controls the pod: only pods without a controller are orphans. */
const hasController = (pod: Pod): boolean => pod.metadata.ownerReferences?.some((r) => r.controller === true) ?? false;

/** Adds or removes `pod` in the `key` bucket of a two-level index, dropping emptied buckets. */
function indexInto(index: Map<string, Map<string, Pod>>, key: string, pod: Pod, present: boolean): void {
  let byUid = index.get(key);
  if (present) {
    if (!byUid) index.set(key, (byUid = new Map()));
    byUid.set(pod.metadata.uid!, pod);
  } else if (byUid) {
    byUid.delete(pod.metadata.uid!);
    if (byUid.size === 0) index.delete(key);
  }
}

function trimContainerStatuses(statuses: ContainerStatus[] | undefined): ContainerStatus[] | undefined {
  return statuses?.map((s) => {
    const t = s.state?.terminated;
    return {
      name: s.name,
      ...(s.restartCount ? { restartCount: s.restartCount } : {}),
      ...(t ? { state: { terminated: { exitCode: t.exitCode, ...(t.finishedAt ? { finishedAt: t.finishedAt } : {}) } } } : {}),
    };
  });
}

/**
 * Keeps of a pod only what the controller reads (node, container names, sidecar restart policies,
 * the Job's own annotations, phase, conditions, exit codes, restarts and finish times), so the
 * cache of many thousands of pods stays small: a kubelet's status alone is several KiB a pod.
 */
export function trimPod(pod: Pod): void {
  const { spec, status, metadata } = pod;
  if (metadata.annotations) {
    const kept = Object.entries(metadata.annotations).filter(([k]) => k.startsWith('batch.kubernetes.io/'));
    metadata.annotations = kept.length > 0 ? Object.fromEntries(kept) : undefined;
  }
  if (spec) {
    pod.spec = {
      ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
      containers: (spec.containers ?? []).map((c) => ({ name: c.name })),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => ({ name: c.name, ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}) })) } : {}),
    };
  }
  if (status) {
    const containerStatuses = trimContainerStatuses(status.containerStatuses);
    const initContainerStatuses = trimContainerStatuses(status.initContainerStatuses);
    pod.status = {
      ...(status.phase ? { phase: status.phase } : {}),
      ...(status.conditions ? { conditions: status.conditions.map(({ type, status: s, lastTransitionTime }) => ({ type, status: s, ...(lastTransitionTime ? { lastTransitionTime } : {}) })) } : {}),
      ...(containerStatuses ? { containerStatuses } : {}),
      ...(initContainerStatuses ? { initContainerStatuses } : {}),
    };
  }
}

export class JobController {
  private readonly client: KubeClient;
  private readonly options: JobControllerOptions;
  private readonly limits: SyncLimits;
  readonly queue: WorkQueue;
  private readonly expectations = new Expectations();
  private readonly recorder: EventRecorder;
  private readonly backoff = new Map<string, BackoffRecord>();
  /** Pods by the UID of their controller Job (the podIndexer of the Go controller). */
  private readonly podsByOwner = new Map<string, Map<string, Pod>>();
  /** Pods with no controller, by their batch.kubernetes.io/controller-uid label. */
  private readonly orphansByLabel = new Map<string, Map<string, Pod>>();
  /** Managed Jobs with a manual selector, by namespace: their orphans need not carry a controller-uid label. */
  private readonly manualSelectorJobs = new Map<string, Set<string>>();
  /** Cached orphans without a controller-uid label (kept because a manual selector matches), by namespace. */
  private readonly manualOrphans = new Map<string, Map<string, Pod>>();
  /** UIDs of manual-selector Jobs whose namespace was listed once for orphans the cache had left out. */
  private readonly listedForOrphans = new Set<string>();
  /** Jobs this controller marked finished whose finished status the cache has not shown yet. */
  private readonly finishedJobs = new Set<string>();
  /** resourceVersion of our last status write per Job, so a stale cache never drives a sync. */
  private readonly writtenVersions = new Map<string, string>();
  private readonly jobs: Informer<Job>;
  private readonly pods: Informer<Pod>;
  private running = false;
  private workers: Promise<void>[] = [];
  /** Pods whose owner Job is being looked up, so one orphan is checked once at a time. */
  private readonly orphanChecks = new Set<string>();

  constructor(client: KubeClient, options: JobControllerOptions) {
    this.client = client;
    this.recorder = new EventRecorder(client);
    this.options = options;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.queue = new WorkQueue({ baseRetryMs: 1000, maxRetryMs: 60_000 });
    const log = options.log;
    // Another controller's Job is cached as a stub (identity and spec.managedBy, which is
    // immutable): enough to tell its pods apart and leave them out of the pod cache.
    const stubForeign = (job: Job): void => {
      if (isManagedBy(job, options.controllerName)) return;
      const { name, namespace, uid, resourceVersion } = job.metadata;
      job.metadata = { name, namespace, uid, resourceVersion };
      job.spec = (job.spec?.managedBy ? { managedBy: job.spec.managedBy } : {}) as Job['spec'];
      delete job.status;
    };
    this.jobs = new Informer(client, { path: '/apis/batch/v1/jobs', log, resyncMs: options.resyncMs, transform: stubForeign }, {
      onAdd: (job) => this.onJob(job, undefined),
      onUpdate: (old, job) => this.onJob(job, old),
      onDelete: (job) => this.onJobDeleted(job),
    });
    // Every pod is watched, as kube-controller-manager's informer does, but only this
    // controller's Job pods and adoption candidates are cached: a pod whose labels changed must
    // still be seen to be released, and a Job with a manual selector need not label its pods.
    this.pods = new Informer<Pod>(client, { path: '/api/v1/pods', log, transform: trimPod, keep: (pod) => this.cachesPod(pod), resyncMs: options.resyncMs }, {
      onAdd: (pod) => this.onPod(undefined, pod, false),
      onUpdate: (old, pod) => this.onPod(old, pod, false),
      onDelete: (pod) => this.onPod(undefined, pod, true),
    });
  }

  /**
   * Pods worth caching: those of this controller's Jobs (or of Jobs not seen yet) and adoption
   * candidates. Pods of other controllers' Jobs (kube-controller-manager's, say) are not: in a
   * cluster running both, they would otherwise double the cache.
   */
  private cachesPod(pod: Pod): boolean {
    const ref = controllerRefOf(pod);
    if (!ref) return pod.metadata.labels?.[CONTROLLER_UID_LABEL] !== undefined || this.manualSelectorOwners(pod).length > 0;
    const job = this.jobs.get(pod.metadata.namespace!, ref.name);
    return !job || job.metadata.uid !== ref.uid || this.managed(job);
  }

  private managed(job: Job | undefined): job is Job {
    return !!job && isManagedBy(job, this.options.controllerName);
  }

  /** Starts the informers (waiting for their caches) and the workers. */
  async start(): Promise<void> {
    this.running = true;
    // Jobs first: the pod cache leaves out the pods of Jobs it knows to be another controller's.
    await this.jobs.start();
    await this.pods.start();
    // Pods left with the finalizer by a Job deleted while no controller ran (scenario 66).
    for (const pod of this.pods.list()) this.checkOrphan(pod);
    for (let i = 0; i < this.options.workers; i++) this.workers.push(this.work());
  }

  /** Whether both caches have synced, and how long listing or watching has been failing (the worse informer). */
  health(now = Date.now()): { synced: boolean; watchFailingMs: number } {
    return {
      synced: this.jobs.hasSynced() && this.pods.hasSynced(),
      watchFailingMs: Math.max(this.jobs.failingForMs(now), this.pods.failingForMs(now)),
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    this.queue.shutDown();
    await Promise.all([this.jobs.stop(), this.pods.stop()]);
    await Promise.all(this.workers);
  }

  // --- event handlers ---

  private onJob(job: Job, old: Job | undefined): void {
    if (!this.managed(job)) return;
    const key = keyOf(job);
    if (job.spec.manualSelector) this.trackManualSelector(job, true);
    if (old && old.metadata.uid !== job.metadata.uid) this.forgetJob(key, old.metadata.uid);
    if (isFinished(job.status?.conditions)) {
      this.finishedJobs.delete(job.metadata.uid!);
      this.queue.add(key);
      return;
    }
    if (!old || old.metadata.generation !== job.metadata.generation) this.queue.add(key);
    else this.queue.addAfter(key, this.options.syncBatchMs);
    const start = job.status?.startTime;
    const ads = job.spec.activeDeadlineSeconds;
    if (old && start && ads !== undefined && ads !== null && old.spec.activeDeadlineSeconds !== ads) {
      this.queue.addAfter(key, ads * 1000 - (Date.now() - Date.parse(start)));
    }
  }

  private onJobDeleted(job: Job): void {
    if (!this.managed(job)) return;
    this.trackManualSelector(job, false);
    this.forgetJob(keyOf(job), job.metadata.uid);
    this.queue.add(keyOf(job));
    // Pods of a deleted Job must not keep the tracking finalizer (the orphan worker's job).
    for (const pod of this.podsByOwner.get(job.metadata.uid!)?.values() ?? []) {
      if (hasTrackingFinalizer(pod)) void this.removeFinalizer(pod).catch(() => {});
    }
  }

  private forgetJob(key: string, uid: string | undefined): void {
    this.expectations.delete(key);
    this.backoff.delete(key);
    this.writtenVersions.delete(key);
    if (uid) this.finishedJobs.delete(uid);
  }

  private trackManualSelector(job: Job, present: boolean): void {
    const ns = job.metadata.namespace!;
    let names = this.manualSelectorJobs.get(ns);
    if (present) {
      if (!names) this.manualSelectorJobs.set(ns, (names = new Set()));
      names.add(job.metadata.name!);
    } else if (names) {
      names.delete(job.metadata.name!);
      if (names.size === 0) this.manualSelectorJobs.delete(ns);
      this.listedForOrphans.delete(job.metadata.uid!);
    }
  }

  /** The managed manual-selector Jobs whose selector an orphan's labels match (getPodJobs). */
  private manualSelectorOwners(pod: Pod): Job[] {
    const names = this.manualSelectorJobs.get(pod.metadata.namespace!);
    if (!names || hasController(pod)) return [];
    const owners: Job[] = [];
    for (const name of names) {
      const job = this.jobs.get(pod.metadata.namespace!, name);
      if (this.managed(job) && selectorMatchesLabels(job.spec.selector, pod.metadata.labels ?? {}) === true) owners.push(job);
    }
    return owners;
  }

  private indexPod(pod: Pod, present: boolean): void {
    // Pods without a controller are indexed by their controller-uid label (adoption candidates), or
    // by namespace when only a manual selector made them worth caching.
    if (hasController(pod)) {
      const ref = controllerRefOf(pod);
      if (ref) indexInto(this.podsByOwner, ref.uid, pod, present);
      return;
    }
    const labelUid = pod.metadata.labels?.[CONTROLLER_UID_LABEL];
    if (labelUid) indexInto(this.orphansByLabel, labelUid, pod, present);
    else indexInto(this.manualOrphans, pod.metadata.namespace!, pod, present);
  }

  private orphanOwner(pod: Pod): Job | undefined {
    if (hasController(pod)) return undefined;
    const job = this.jobs.get(pod.metadata.namespace!, pod.metadata.labels?.[JOB_NAME_LABEL] ?? '');
    return job && job.metadata.uid === pod.metadata.labels?.[CONTROLLER_UID_LABEL] && this.managed(job) && !job.spec.manualSelector ? job : undefined;
  }

  /** The managed Job a pod's controller reference points at (matched by name, then UID). */
  private ownerJob(pod: Pod): Job | undefined {
    const ref = controllerRefOf(pod);
    if (!ref) return undefined;
    const job = this.jobs.get(pod.metadata.namespace!, ref.name);
    return job && job.metadata.uid === ref.uid && this.managed(job) ? job : undefined;
  }

  private onPod(old: Pod | undefined, pod: Pod, deleted: boolean): void {
    if (old) this.indexPod(old, false);
    this.indexPod(pod, !deleted);
    const job = this.ownerJob(pod);
    const adopter = deleted ? undefined : this.orphanOwner(pod);
    const manualAdopters = deleted ? [] : this.manualSelectorOwners(pod);
    if (adopter || manualAdopters.length > 0) {
      for (const j of adopter ? [adopter, ...manualAdopters] : manualAdopters) this.queue.addAfter(keyOf(j), this.options.syncBatchMs);
      return;
    }
    if (!job) {
      if (this.running) this.checkOrphan(pod);
      if (old) {
        const oldJob = this.ownerJob(old);
        if (oldJob) this.queue.addAfter(keyOf(oldJob), this.options.syncBatchMs);
      }
      return;
    }
    const key = keyOf(job);
    if (old && old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    if (deleted || pod.metadata.deletionTimestamp) {
      if (isFinished(job.status?.conditions)) {
        if (hasTrackingFinalizer(pod) && !deleted) void this.removeFinalizer(pod).catch(() => {});
        return;
      }
      // An add of an already-terminating pod, an update that sets deletionTimestamp, a final delete.
      if (deleted || !old?.metadata.deletionTimestamp) this.expectations.deletionObserved(key);
      if (deleted || !hasTrackingFinalizer(pod)) this.expectations.finalizerRemovalObserved(key, pod.metadata.uid!);
    } else if (!old) {
      this.expectations.creationObserved(key);
    } else if (!hasTrackingFinalizer(pod)) {
      this.expectations.finalizerRemovalObserved(key, pod.metadata.uid!);
    }
    this.queue.addAfter(key, this.options.syncBatchMs);
  }

  /**
   * The orphan worker's rule: a pod keeps the tracking finalizer only while its Job exists. The Job
   * is re-read from the API before the finalizer goes, so a lagging cache never strips a live
   * Job's pod (whoever manages that Job).
   */
  private checkOrphan(pod: Pod): void {
    const ref = controllerRefOf(pod);
    const uid = pod.metadata.uid!;
    if (!ref || !hasTrackingFinalizer(pod) || this.orphanChecks.has(uid)) return;
    const cached = this.jobs.get(pod.metadata.namespace!, ref.name);
    if (cached?.metadata.uid === ref.uid) return;
    this.orphanChecks.add(uid);
    const path = `/apis/batch/v1/namespaces/${pod.metadata.namespace}/jobs/${ref.name}`;
    this.client.request<Job>('GET', path)
      .then((live) => live.metadata.uid !== ref.uid, (err) => (isNotFound(err) ? true : Promise.reject(err)))
      .then((orphan) => (orphan ? this.removeFinalizer(pod) : undefined))
      .catch((err) => this.options.log?.(`orphan pod ${pod.metadata.namespace}/${pod.metadata.name}: ${String(err)}`))
      .finally(() => this.orphanChecks.delete(uid));
  }

  // --- workers ---

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.sync(key);
        this.queue.forget(key);
      } catch (err) {
        if (this.running) {
          this.options.log?.(`sync ${key}: ${err instanceof Error ? err.message : String(err)}`);
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }

  private podsOf(job: Job): Pod[] {
    return [...(this.podsByOwner.get(job.metadata.uid!)?.values() ?? [])];
  }

  /**
   * ClaimPods' release: a pod this Job controls whose labels no longer match its selector loses
   * the controller reference and the tracking finalizer, and no longer counts for the Job (unless
   * the Job is being deleted: then it is left alone). Returns the pods the Job keeps.
   */
  private async releaseUnmatched(job: Job): Promise<Pod[]> {
    const kept: Pod[] = [];
    const released: Pod[] = [];
    for (const pod of this.podsOf(job)) {
      const matches = selectorMatchesLabels(job.spec.selector, pod.metadata.labels ?? {});
      if (matches === undefined) throw new Error(`couldn't convert Job selector of ${keyOf(job)}`);
      if (matches) kept.push(pod);
      else if (!job.metadata.deletionTimestamp) released.push(pod);
    }
    await Promise.all(released.map(async (pod) => {
      const patch = {
        metadata: { uid: pod.metadata.uid, ownerReferences: [{ $patch: 'delete', uid: job.metadata.uid }], [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] },
      };
      try {
        await this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, patch, STRATEGIC_MERGE);
      } catch (err) {
        // Gone, or no longer ours (422 when the UID precondition fails): nothing to release.
        if (!isNotFound(err) && !isInvalid(err)) throw err;
      }
    }));
    return kept;
  }

  /**
   * ClaimPods' adoption: orphans matching the Job's selector (with the generated selector, those
   * carrying its controller-uid label), after re-reading the Job from the API to be sure it is not
   * being deleted, get the controller reference and the tracking finalizer. Returns them as adopted.
   */
  private async adoptOrphans(job: Job): Promise<Pod[]> {
    if (job.metadata.deletionTimestamp) return [];
    const candidates = job.spec.manualSelector ? await this.manualSelectorOrphans(job) : [...(this.orphansByLabel.get(job.metadata.uid!)?.values() ?? [])];
    const orphans = candidates.filter((p) => !p.metadata.deletionTimestamp);
    if (orphans.length === 0) return [];
    const fresh = await this.client.request<Job>('GET', `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}`);
    if (fresh.metadata.uid !== job.metadata.uid || fresh.metadata.deletionTimestamp) return [];
    const ref = { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name!, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true };
    const adopted: Pod[] = [];
    for (const pod of orphans) {
      const finalizers = hasTrackingFinalizer(pod) ? pod.metadata.finalizers! : [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
      try {
        await this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`,
          { metadata: { uid: pod.metadata.uid, ownerReferences: [ref], finalizers } }, STRATEGIC_MERGE);
        adopted.push({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), ref], finalizers } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return adopted;
  }

  /**
   * A manual selector's orphans: those cached since the Job was known, and once per Job a list of
   * its namespace, for orphans the pod cache left out because no managed Job matched them yet.
   */
  private async manualSelectorOrphans(job: Job): Promise<Pod[]> {
    const ns = job.metadata.namespace!;
    const found = new Map(this.manualOrphans.get(ns) ?? []);
    if (!this.listedForOrphans.has(job.metadata.uid!)) {
      const list = await this.client.request<{ items: Pod[] }>('GET', `/api/v1/namespaces/${ns}/pods`);
      for (const pod of list.items) {
        if (hasController(pod)) continue;
        trimPod(pod);
        found.set(pod.metadata.uid!, pod);
      }
      this.listedForOrphans.add(job.metadata.uid!);
    }
    return [...found.values()].filter((p) => !hasController(p) && selectorMatchesLabels(job.spec.selector, p.metadata.labels ?? {}) === true);
  }

  async sync(key: string): Promise<void> {
    const [namespace, name] = key.split('/');
    const job = this.jobs.get(namespace, name);
    if (!job) {
      this.forgetJob(key, undefined);
      return;
    }
    if (!this.managed(job)) return;
    if (isFinished(job.status?.conditions)) {
      this.backoff.delete(key);
      this.finishedJobs.delete(job.metadata.uid!);
      await this.cleanupFinished(job);
      return;
    }
    if (this.finishedJobs.has(job.metadata.uid!)) return;
    const written = this.writtenVersions.get(key);
    if (written !== undefined && Number(job.metadata.resourceVersion) < Number(written)) return;

    const satisfiedExpectations = this.expectations.satisfied(key);
    const owned = await this.releaseUnmatched(job);
    const adopted = await this.adoptOrphans(job);
    const pods = [...owned.filter((p) => !adopted.some((a) => a.metadata.uid === p.metadata.uid)), ...adopted];
    const now = Date.now();
    const plan = reconcile(job, pods, now, {
      satisfiedExpectations,
      expectedFinalizerRemovals: this.expectations.expectedFinalizerRemovals(key),
      backoff: this.backoff.get(key),
    }, this.options.controllerName, this.limits);
    if (plan.skip !== undefined) {
      this.emit(job, plan.events);
      return;
    }
    await this.execute(key, job, plan);
  }

  private emit(job: Job, events: JobEvent[]): void {
    for (const e of events) this.recorder.record(job, e);
  }

  private async execute(key: string, job: Job, plan: SyncPlan): Promise<void> {
    this.emit(job, plan.events);
    const podError = await this.managePods(key, job, plan);

    let current = job;
    if (plan.writeStatus) {
      current = await this.writeStatus(key, job, plan.status);
      this.backoff.set(key, plan.backoff);
    }
    let lastStatus = plan.writeStatus ? current.status ?? {} : plan.status;

    const uidsWithFinalizer = new Set(plan.uidsWithFinalizer);
    const uids = plan.finalizerRemovals.map((p) => p.metadata.uid!);
    this.expectations.expectFinalizersRemoved(key, uids);
    const results = await Promise.allSettled(plan.finalizerRemovals.map((pod) => this.removeFinalizer(pod)));
    let removalError: unknown;
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') {
        uidsWithFinalizer.delete(uids[i]);
      } else {
        this.expectations.finalizerRemovalObserved(key, uids[i]);
        removalError ??= r.reason;
      }
    });

    // enactJobFinished stamps Complete/Failed with the clock after the flush, later than the sync's
    // start that completionTime keeps (job_controller.go: ensureJobConditionStatus(..., jm.clock.Now())).
    const outcome = afterFinalizerRemoval(job, lastStatus, uidsWithFinalizer,
      removalError === undefined ? plan.finish : undefined, plan.reachedMaxUncounted, Date.now());
    if (outcome.writeStatus) {
      current = await this.writeStatus(key, current, outcome.status);
      lastStatus = current.status ?? {};
      if (outcome.finished) {
        this.finishedJobs.add(job.metadata.uid!);
        this.emit(current, outcome.events);
      }
    }
    if (removalError !== undefined) throw removalError;
    // syncJob returns manageJob's error only after the status is written: the key is requeued
    // with rate limiting (work()), and the next sync retries what failed.
    if (podError !== undefined) throw podError;
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, Math.max(plan.requeueAfterMs, 1));
    if (outcome.finished) this.scheduleTtl(key, current);
  }

  /**
   * The plan's deletions, then its creations. When some fail, the status still gets written with
   * what was done (manageJob returns the active count it reached alongside its error): pods not
   * deleted stay active (and ready), pods not created are not active, and a finishing Job whose
   * pods could not all be deleted is not declared finished (syncJob's `deleted != active`).
   * Returns the first error, for the caller to raise after the status write.
   */
  private async managePods(key: string, job: Job, plan: SyncPlan): Promise<unknown> {
    const deleted = await this.deletePods(key, job, plan);
    const created = await this.createPods(key, job, plan.creations);
    if (deleted.failed === 0 && created.notCreated === 0) return undefined;
    const status = plan.status;
    status.active = (status.active ?? 0) + deleted.failed - created.notCreated;
    if (status.terminating !== undefined && status.terminating !== null) status.terminating -= deleted.failed;
    if (status.ready !== undefined && status.ready !== null) status.ready += deleted.failedReady;
    const stored = job.status ?? {};
    if (deleted.failed > 0 && plan.finish) {
      // The interim FailureTarget / SuccessCriteriaMet this sync added is not written either.
      plan.finish = undefined;
      const had = new Set((stored.conditions ?? []).map((c) => c.type));
      status.conditions = status.conditions?.filter((c) => had.has(c.type) || (c.type !== 'FailureTarget' && c.type !== 'SuccessCriteriaMet'));
      if (status.conditions?.length === 0) delete status.conditions;
      // Nor, with no finished condition, does trackJobStatusAndRemoveFinalizers count the active
      // pods as failed or take their finalizers off.
      const active = new Set(plan.deletions.map((d) => d.pod.metadata.uid!));
      const storedFailed = new Set(stored.uncountedTerminatedPods?.failed ?? []);
      const uncounted = status.uncountedTerminatedPods;
      if (uncounted?.failed) uncounted.failed = uncounted.failed.filter((uid) => !active.has(uid) || storedFailed.has(uid));
      plan.finalizerRemovals = plan.finalizerRemovals.filter((p) => !active.has(p.metadata.uid!));
    }
    plan.writeStatus ||= status.active !== (stored.active ?? 0) || status.ready !== stored.ready || status.terminating !== stored.terminating;
    return deleted.error ?? created.error;
  }

  private async deletePods(key: string, job: Job, plan: SyncPlan): Promise<{ failed: number; failedReady: number; error: unknown }> {
    const outcome = { failed: 0, failedReady: 0, error: undefined as unknown };
    if (plan.deletions.length === 0) return outcome;
    if (plan.expectedDeletions > 0) this.expectations.expectDeletions(key, plan.expectedDeletions);
    await Promise.all(plan.deletions.map(async ({ pod, removeFinalizerFirst }) => {
      let stage = 'finalizer';
      try {
        if (removeFinalizerFirst && hasTrackingFinalizer(pod)) await this.removeFinalizer(pod);
        stage = 'delete';
        await this.client.request('DELETE', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`);
        this.emit(job, [{ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}` }]);
      } catch (err) {
        if (plan.expectedDeletions > 0) this.expectations.deletionObserved(key);
        if (isNotFound(err)) return;
        if (stage === 'delete') this.emit(job, [{ type: 'Warning', reason: 'FailedDelete', message: `Error deleting: ${(err as Error).message}` }]);
        outcome.failed++;
        // deleteJobPods counts a ready pod as deleted once its finalizer is off, even if the DELETE fails.
        if (stage === 'finalizer' && isReady(pod)) outcome.failedReady++;
        outcome.error ??= err;
      }
    }));
    return outcome;
  }

  /**
   * Creates pods in slow-start batches of 1, 2, 4, ...; stops after the first batch with a failure.
   * A namespace being deleted refuses every pod: that is no failure (and no event), as upstream.
   */
  private async createPods(key: string, job: Job, pods: Pod[]): Promise<{ notCreated: number; error: unknown }> {
    const outcome = { notCreated: 0, error: undefined as unknown };
    if (pods.length === 0) return outcome;
    this.expectations.expectCreations(key, pods.length);
    let next = 0;
    for (let batch = 1; next < pods.length; batch *= 2) {
      const chunk = pods.slice(next, next + batch);
      next += chunk.length;
      await Promise.all(chunk.map(async (pod) => {
        try {
          const created = await this.client.request<Pod>('POST', `/api/v1/namespaces/${job.metadata.namespace}/pods`, pod);
          this.emit(job, [{ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${created.metadata.name}` }]);
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          this.expectations.creationObserved(key);
          this.emit(job, [{ type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${(err as Error).message}` }]);
          outcome.notCreated++;
          outcome.error ??= err;
        }
      }));
      if (outcome.error !== undefined) {
        for (let i = next; i < pods.length; i++) this.expectations.creationObserved(key);
        outcome.notCreated += pods.length - next;
        return outcome;
      }
    }
    return outcome;
  }

  private async removeFinalizer(pod: Pod): Promise<void> {
    try {
      await this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, REMOVE_FINALIZER_PATCH, STRATEGIC_MERGE);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** PUT jobs/status with optimistic concurrency; a conflict fails the sync, which then retries from the cache. */
  private async writeStatus(key: string, job: Job, status: JobStatus): Promise<Job> {
    const body = { apiVersion: 'batch/v1', kind: 'Job', metadata: job.metadata, spec: job.spec, status };
    const updated = await this.client.request<Job>('PUT', `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}/status`, body);
    this.writtenVersions.set(key, updated.metadata.resourceVersion!);
    return updated;
  }

  /** A finished Job: pods still holding the finalizer lose it; ttlSecondsAfterFinished is honoured. */
  private async cleanupFinished(job: Job): Promise<void> {
    await Promise.all(this.podsOf(job).filter(hasTrackingFinalizer).map((p) => this.removeFinalizer(p)));
    this.scheduleTtl(keyOf(job), job);
  }

  private scheduleTtl(key: string, job: Job): void {
    const wait = ttlDeleteAfterMs(job, Date.now());
    if (wait === undefined) return;
    if (wait > 0) {
      this.queue.addAfter(key, wait);
      return;
    }
    void this.deleteExpired(job).catch((err) => this.options.log?.(`ttl ${key}: ${String(err)}`));
  }

  /** ttlafterfinished: re-read the Job from the API, check again, delete in the foreground with a UID precondition. */
  private async deleteExpired(job: Job): Promise<void> {
    const path = `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}`;
    let fresh: Job;
    try {
      fresh = await this.client.request<Job>('GET', path);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (fresh.metadata.uid !== job.metadata.uid || fresh.metadata.deletionTimestamp) return;
    const wait = ttlDeleteAfterMs(fresh, Date.now());
    if (wait === undefined || wait > 0) return;
    await this.client.request('DELETE', path, {
      apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid },
    });
  }
}
