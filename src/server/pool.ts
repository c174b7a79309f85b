// Worker threads that run the rule engine, so the event loop only moves bytes (TLS, HTTP): health
// probes, metrics scrapes and TLS handshakes never wait behind a big review, and the engine uses the
// other cores of the pod. A request is answered by the least busy worker; a worker that dies or stops
// answering fails only what it holds, and is replaced. The requests of one event-loop turn go to a
// worker in one message: under load that saves a message and a thread wake-up per request (5 KB
// /validate: 182 → 164 µs of server CPU per request).
import { Worker } from 'node:worker_threads';
import type { Policy } from '../defaulting/index.ts';
import type { Answer, Webhook } from './answer.ts';

export type NamespaceLabels = Record<string, string>;

/** Namespace labels as a snapshot plus changes: what workers need to route by Namespace label. */
export interface NamespaceFeed {
  snapshot(): [string, NamespaceLabels][];
  subscribe(listener: (name: string, labels: NamespaceLabels | undefined) => void): void;
}

export interface WorkerConfig {
  policy?: Policy;
  controllerName: string;
  namespaces: [string, NamespaceLabels][];
}

/** One request for the worker; requests that arrive in the same event-loop turn travel together. */
export interface WorkItem {
  id: number;
  webhook: Webhook;
  body: string | Uint8Array;
}

export type ToWorker = { type: 'answer'; items: WorkItem[] } | { type: 'namespace'; name: string; labels: NamespaceLabels | undefined };

export type FromWorker = { ready: true } | { id: number; answer: Answer };

export interface PoolOptions {
  size: number;
  policy?: Policy;
  controllerName: string;
  namespaces?: NamespaceFeed;
  /**
   * A request not answered in this time gets a 500; a worker silent that long is replaced. Checked
   * every quarter of it (at most every second), so the 500 comes up to that much later.
   */
  timeoutMs: number;
  onEvent?: (event: { worker: number; what: string }) => void;
}

interface Pending {
  resolve: (answer: Answer) => void;
  sentAt: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  pending: Map<number, Pending>;
  /** Requests not yet posted: flushed once per event-loop turn, so a burst costs one message and one wake-up. */
  outbox: WorkItem[];
  /** When the worker last answered (or started): a worker silent past the timeout is stuck. */
  lastAnswerAt: number;
}

// A worker that cannot even start (a broken install) must not be respawned in a tight loop.
const RESPAWN_DELAY_MS = 1000;
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

// Up to this size a body crosses as text: a string costs the event loop about half of what a
// transferred buffer does (5 KB: ~2.2 against ~3.9 µs per message), and the worker parses text
// anyway. Past it, copying the text would cost more than the transfer saves (7 MiB: ~5 ms).
const TEXT_HANDOFF_MAX_BYTES = 64 * 1024;

function handOff(body: Buffer): string | Uint8Array {
  if (body.length <= TEXT_HANDOFF_MAX_BYTES) return body.toString('utf8');
  // A copy the worker can own: the socket's buffers stay with this thread.
  const bytes = new Uint8Array(body.length);
  bytes.set(body);
  return bytes;
}

const failure = (reason: string): Answer => ({ code: 500, body: `internal error: ${reason}\n`, reason });

export class AdmissionPool {
  private readonly options: PoolOptions;
  private readonly slots: (Slot | undefined)[];
  private nextId = 0;
  private closed = false;
  private readyWaiters: (() => void)[] = [];
  // One sweep for every deadline: a timer per request cost the event loop ~1 µs (set and clear).
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: PoolOptions) {
    this.options = options;
    this.slots = Array.from({ length: options.size }, () => undefined);
    for (let i = 0; i < options.size; i++) this.spawn(i);
    this.sweeper = setInterval(() => this.expireOverdue(), Math.max(1, Math.min(options.timeoutMs / 4, 1000))).unref();
    options.namespaces?.subscribe((name, labels) => {
      for (const slot of this.slots) slot?.worker.postMessage({ type: 'namespace', name, labels } satisfies ToWorker);
    });
  }

  /** True while at least one worker has the engine loaded. */
  serving(): boolean {
    return this.slots.some((s) => s?.ready === true);
  }

  /** Resolves once every worker has loaded the engine. */
  started(): Promise<void> {
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  answer(webhook: Webhook, body: Buffer): Promise<Answer> {
    const index = this.leastBusy();
    const slot = this.slots[index];
    if (this.closed || slot === undefined) return Promise.resolve(failure('no worker thread available'));
    const id = this.nextId++;
    const item = { id, webhook, body: handOff(body) };
    return new Promise<Answer>((resolve) => {
      slot.pending.set(id, { resolve, sentAt: performance.now() });
      if (slot.outbox.push(item) === 1) setImmediate(() => this.flush(slot));
    });
  }

  private flush(slot: Slot): void {
    const items = slot.outbox.splice(0);
    if (items.length === 0 || this.slots.indexOf(slot) === -1) return;
    const transfer: ArrayBuffer[] = [];
    for (const i of items) if (typeof i.body !== 'string') transfer.push(i.body.buffer as ArrayBuffer);
    slot.worker.postMessage({ type: 'answer', items } satisfies ToWorker, transfer);
  }

  /** Replaces worker `index`: what it holds is answered with a 500. */
  restart(index: number, reason: string): void {
    const slot = this.slots[index];
    if (slot === undefined) return;
    this.slots[index] = undefined;
    void this.retire(slot, reason);
    this.options.onEvent?.({ worker: index, what: `restarted: ${reason}` });
    if (!this.closed) this.spawn(index);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const slots = this.slots.splice(0).filter((s): s is Slot => s !== undefined);
    await Promise.all(slots.map((slot) => this.retire(slot, 'server shutting down')));
  }

  /** Answers what `slot` holds with a 500 and stops its thread; nothing it emits afterwards matters. */
  private async retire(slot: Slot, reason: string): Promise<void> {
    this.failAll(slot, reason);
    slot.worker.removeAllListeners();
    // A late 'error' with no listener would be thrown in the main thread.
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }

  private allReady(): boolean {
    return this.slots.every((s) => s?.ready === true);
  }

  private leastBusy(): number {
    let best = 0;
    let bestLoad = Infinity;
    for (let i = 0; i < this.slots.length; i++) {
      const load = this.slots[i]?.pending.size ?? Infinity;
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }

  private spawn(index: number): void {
    const config: WorkerConfig = {
      policy: this.options.policy,
      controllerName: this.options.controllerName,
      namespaces: this.options.namespaces?.snapshot() ?? [],
    };
    const worker = new Worker(WORKER_URL, { workerData: config });
    const slot: Slot = { worker, ready: false, pending: new Map(), outbox: [], lastAnswerAt: performance.now() };
    this.slots[index] = slot;
    worker.on('message', (m: FromWorker) => {
      if ('ready' in m) {
        slot.ready = true;
        if (this.allReady()) for (const wake of this.readyWaiters.splice(0)) wake();
        return;
      }
      slot.lastAnswerAt = performance.now();
      const p = slot.pending.get(m.id);
      if (p === undefined) return;
      slot.pending.delete(m.id);
      p.resolve(m.answer);
    });
    const died = (reason: string): void => {
      if (this.slots[index] !== slot) return;
      this.slots[index] = undefined;
      this.failAll(slot, reason);
      this.options.onEvent?.({ worker: index, what: reason });
      if (this.closed) return;
      if (slot.ready) this.spawn(index);
      else setTimeout(() => this.closed || this.spawn(index), RESPAWN_DELAY_MS).unref();
    };
    worker.on('error', (err) => died(`worker thread failed: ${err.message}`));
    worker.on('exit', (code) => died(`worker thread exited with code ${code}`));
  }

  private expireOverdue(): void {
    const overdueBefore = performance.now() - this.options.timeoutMs;
    for (let index = 0; index < this.slots.length; index++) {
      const slot = this.slots[index];
      if (slot === undefined) continue;
      // Pending requests are in the order they were sent: the first one still in time ends the sweep.
      for (const [id, p] of slot.pending) {
        if (p.sentAt > overdueBefore) break;
        if (slot.lastAnswerAt <= p.sentAt) {
          this.restart(index, `no answer for ${this.options.timeoutMs} ms`);
          break;
        }
        // The worker is alive but this request waited too long behind others.
        slot.pending.delete(id);
        p.resolve(failure(`not answered within ${this.options.timeoutMs} ms`));
      }
    }
  }

  private failAll(slot: Slot, reason: string): void {
    for (const p of slot.pending.values()) p.resolve(failure(reason));
    slot.pending.clear();
  }
}
