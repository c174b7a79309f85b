// A list-watch cache (client-go's Reflector + Indexer, reduced to what the Job controller needs)
// on @kubernetes/client-node's Watch: paged lists, watches resumed from the last resourceVersion,
// a relist when the watch expires (410) and a periodic relist, so an event lost anywhere (a
// dropped connection, a bug) is made good within one resync period. It hands (old, new) pairs to
// its handlers and reports whether its watch is established, for the health endpoint.
// Watch is imported from its own module: the library's index loads every generated API class.
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import type { KubeClient } from './kube.ts';

/** What the cache needs of an object; the controller's own plain-JSON types satisfy it. */
export interface Named {
  metadata: { name?: string; namespace?: string; resourceVersion?: string };
}

export interface Handlers<T> {
  onAdd(obj: T): void;
  onUpdate(oldObj: T, obj: T): void;
  onDelete(obj: T): void;
}

export interface InformerOptions<T> {
  /** Collection path, e.g. /apis/batch/v1/jobs */
  path: string;
  labelSelector?: string;
  /** Wait before retrying a failed list or watch. */
  restartDelayMs?: number;
  /**
   * Relist this often: objects that changed or vanished while an event was lost are updated or
   * deleted, and every object is handed to onUpdate again (client-go's resync).
   */
  resyncMs?: number;
  /** Objects per list page (kube-controller-manager's informers page by 500). */
  pageSize?: number;
  log?: (message: string) => void;
  /** Trims an object in place before it is cached (client-go's TransformFunc). */
  transform?: (obj: T) => void;
  /** Which objects to cache; one that stops qualifying is handed to onDelete. Default: all. */
  keep?: (obj: T) => boolean;
}

interface List<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

interface WatchError extends Error {
  statusCode?: number;
}

function keyOf(obj: Named): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export class Informer<T extends Named> {
  private store = new Map<string, T>();
  private readonly client: KubeClient;
  private readonly options: InformerOptions<T>;
  private readonly handlers: Handlers<T>;
  private readonly watcher: Watch;
  private resourceVersion = '';
  private stopped = false;
  private synced = false;
  /** When listing or (re)opening the watch started failing; undefined while it works. */
  private failingSince: number | undefined;
  private request: AbortController | undefined;
  private lastList = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private cancelWatch: (() => void) | undefined;

  constructor(client: KubeClient, options: InformerOptions<T>, handlers: Handlers<T>) {
    this.client = client;
    this.options = options;
    this.handlers = handlers;
    this.watcher = new Watch(client.config);
  }

  get(namespace: string, name: string): T | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  list(): IterableIterator<T> {
    return this.store.values();
  }

  /** Whether the first list has reached the cache (HasSynced). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** How long listing or watching has been failing without a success in between; 0 while it works. */
  failingForMs(now = Date.now()): number {
    return this.failingSince === undefined ? 0 : now - this.failingSince;
  }

  /** Resolves once the initial list is in the cache (WaitForCacheSync); failures are retried. */
  async start(): Promise<void> {
    let firstList!: () => void;
    const synced = new Promise<void>((resolve) => (firstList = resolve));
    this.loop = this.run(firstList);
    await Promise.race([synced, this.loop]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.request?.abort();
    // A watch still connecting cannot be aborted (Watch returns its AbortController only once
    // connected): stop waiting for it; its own connect timeout ends it.
    this.cancelWatch?.();
    this.wake?.();
    await this.loop;
  }

  private failed(what: string, err: unknown): void {
    this.failingSince ??= Date.now();
    if (!this.stopped) this.options.log?.(`informer ${this.options.path}: ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Sleeps, unless stop() or a resync cuts it short. */
  private async pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.wake = undefined;
  }

  private async run(firstList: () => void): Promise<void> {
    const delay = this.options.restartDelayMs ?? 2000;
    while (!this.stopped) {
      if (!this.resourceVersion) {
        try {
          await this.relist();
        } catch (err) {
          this.failed('list', err);
          await this.pause(delay);
          continue;
        }
        if (!this.synced) {
          this.synced = true;
          firstList();
        }
      }
      const outcome = await this.watchOnce();
      if (outcome === 'failed') await this.pause(delay);
    }
  }

  /** Lists page by page, then replaces the cache, handing each difference to the handlers. */
  private async relist(): Promise<void> {
    const { path, labelSelector, pageSize = 500 } = this.options;
    const items: T[] = [];
    let resourceVersion = '';
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (labelSelector) query.set('labelSelector', labelSelector);
      if (token) query.set('continue', token);
      const page = await this.client.request<List<T>>('GET', `${path}?${query}`);
      for (const obj of page.items ?? []) if (this.options.keep?.(obj) !== false) items.push(this.plain(obj));
      resourceVersion = page.metadata?.resourceVersion ?? '';
      token = page.metadata?.continue || undefined;
      if (this.stopped) return;
    } while (token);
    this.lastList = Date.now();
    this.failingSince = undefined;
    const previous = this.store;
    this.store = new Map();
    for (const obj of items) {
      const key = keyOf(obj);
      const old = previous.get(key);
      previous.delete(key);
      // An unchanged object keeps its cached copy; handlers still see it (the resync).
      const kept = old && old.metadata.resourceVersion === obj.metadata.resourceVersion ? old : obj;
      this.store.set(key, kept);
      if (old) this.handlers.onUpdate(old, kept);
      else this.handlers.onAdd(kept);
    }
    for (const gone of previous.values()) this.handlers.onDelete(gone);
    this.resourceVersion = resourceVersion;
  }

  /**
   * One watch from the cached resourceVersion until it ends: 'closed' when the server or the
   * inactivity timeout ended an established watch, 'failed' when it could not be established.
   * A relist is due (resourceVersion cleared) on 410 Gone and when the resync period is over.
   */
  private watchOnce(): Promise<'closed' | 'failed'> {
    const { path, labelSelector, resyncMs } = this.options;
    return new Promise((resolve) => {
      let established = false;
      let ended = false;
      let resync: NodeJS.Timeout | undefined;
      const done = (err: unknown): void => {
        if (ended) return;
        ended = true;
        if (resync) clearTimeout(resync);
        this.request = undefined;
        this.cancelWatch = undefined;
        const status = (err as WatchError | null)?.statusCode;
        if (status === 410) this.resourceVersion = '';
        if (this.stopped) return resolve('closed');
        if (!established && status !== 410) {
          this.failed('watch', err ?? new Error('closed before it was established'));
          return resolve('failed');
        }
        resolve('closed');
      };
      this.cancelWatch = () => done(null);
      const query: Record<string, string | boolean> = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
      if (labelSelector) query.labelSelector = labelSelector;
      this.watcher.watch(path, query, (type: string, obj: T & { code?: number }) => this.onEvent(type, obj), done).then((request) => {
        if (ended) return;
        established = true;
        this.failingSince = undefined;
        this.request = request;
        if (this.stopped) request.abort();
        if (resyncMs !== undefined) {
          resync = setTimeout(() => {
            this.resourceVersion = '';
            request.abort();
          }, Math.max(0, this.lastList + resyncMs - Date.now()));
        }
      }, done);
    });
  }

  private onEvent(type: string, obj: T & { code?: number }): void {
    if (type === 'ERROR') {
      // 410: the resourceVersion is too old; the server closes the watch and we list afresh.
      if (obj.code === 410) this.resourceVersion = '';
      else this.options.log?.(`informer ${this.options.path}: watch error ${JSON.stringify(obj)}`);
      return;
    }
    if (type === 'BOOKMARK') {
      this.resourceVersion = obj.metadata?.resourceVersion ?? this.resourceVersion;
      return;
    }
    const kept = this.options.keep?.(obj) !== false;
    const plain = this.plain(obj);
    const key = keyOf(plain);
    const old = this.store.get(key);
    this.resourceVersion = plain.metadata.resourceVersion ?? this.resourceVersion;
    if (!kept && !old) return;
    if (type === 'DELETED' || !kept) {
      this.store.delete(key);
      this.handlers.onDelete(old ?? plain);
    } else {
      // A watch resumed after a relist may replay an add: both adds and updates are upserts.
      this.store.set(key, plain);
      if (old) this.handlers.onUpdate(old, plain);
      else this.handlers.onAdd(plain);
    }
  }

  /**
   * managedFields are dropped, as kube-controller-manager's informers do: the controller never
   * reads them and they are most of an object's size. Then the caller's transform trims the rest.
   */
  private plain(obj: T): T {
    if (obj.metadata) delete (obj.metadata as { managedFields?: unknown }).managedFields;
    this.options.transform?.(obj);
    return obj;
  }
}
