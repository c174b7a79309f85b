// Lease-based leader election (coordination.k8s.io/v1), after client-go's leaderelection: a
// candidate takes the Lease when its holder has not renewed it for leaseDuration (measured on the
// candidate's own clock from when it last saw the record change), the leader renews every
// retryPeriod and steps down when it could not renew within renewDeadline.
import { isConflict, isNotFound } from './kube.ts';
import type { KubeClient } from './kube.ts';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  onStartedLeading(): Promise<void>;
  onStoppedLeading(): Promise<void>;
  log?: (message: string) => void;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

/** MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly client: KubeClient;
  private readonly options: LeaderElectionOptions;
  private observedRecord = '';
  private observedTime = 0;
  private leading = false;
  private lastRenew = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> = Promise.resolve();

  constructor(client: KubeClient, options: LeaderElectionOptions) {
    this.client = client;
    this.options = options;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.loop = this.round().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.retryPeriodMs);
      });
    };
    tick();
  }

  private path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.options.namespace}/leases/${this.options.name}`;
  }

  private async round(): Promise<void> {
    let ok = false;
    try {
      ok = await this.tryAcquireOrRenew();
    } catch (err) {
      this.options.log?.(`leader election: ${String(err)}`);
    }
    const now = Date.now();
    if (ok) {
      this.lastRenew = now;
      if (!this.leading) {
        this.leading = true;
        this.options.log?.(`leader election: ${this.options.identity} became leader`);
        await this.options.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew > this.options.renewDeadlineMs) {
      this.leading = false;
      this.options.log?.(`leader election: ${this.options.identity} lost the lease`);
      await this.options.onStoppedLeading();
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = Date.now();
    const { identity, leaseDurationMs } = this.options;
    const desired: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(leaseDurationMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    let lease: Lease;
    try {
      lease = await this.client.request<Lease>('GET', this.path());
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.client.request('POST', `/apis/coordination.k8s.io/v1/namespaces/${this.options.namespace}/leases`, {
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.options.name, namespace: this.options.namespace }, spec: desired,
        });
      } catch (createErr) {
        if (isConflict(createErr) || (createErr as { status?: number }).status === 409) return false;
        throw createErr;
      }
      this.observe(JSON.stringify(desired), now);
      return true;
    }
    const spec = lease.spec ?? {};
    const record = JSON.stringify(spec);
    if (record !== this.observedRecord) this.observe(record, now);
    const heldByOther = !!spec.holderIdentity && spec.holderIdentity !== identity;
    if (heldByOther && this.observedTime + (spec.leaseDurationSeconds ?? 0) * 1000 > now) return false;
    if (spec.holderIdentity === identity) {
      desired.acquireTime = spec.acquireTime;
      desired.leaseTransitions = spec.leaseTransitions ?? 0;
    } else {
      desired.leaseTransitions = (spec.leaseTransitions ?? 0) + 1;
    }
    try {
      await this.client.request('PUT', this.path(), { ...lease, spec: desired });
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    this.observe(JSON.stringify(desired), now);
    return true;
  }

  private observe(record: string, now: number): void {
    this.observedRecord = record;
    this.observedTime = now;
  }

  /** Stops campaigning; a leader gives the Lease up so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
    if (!this.leading) return;
    this.leading = false;
    await this.options.onStoppedLeading();
    try {
      const lease = await this.client.request<Lease>('GET', this.path());
      if (lease.spec?.holderIdentity === this.options.identity) {
        await this.client.request('PUT', this.path(), {
          ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(Date.now()) },
        });
      }
    } catch {
      // Releasing is a courtesy: the Lease expires anyway.
    }
  }
}
