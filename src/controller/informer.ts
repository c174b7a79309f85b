// A list-watch cache on @kubernetes/client-node's ListWatch that hands (old, new) pairs to its
// handlers (the library gives only the new object) and restarts itself when the watch stops on an
// error (the library stops the informer on anything but 410 and timeouts).
import { ListWatch, Watch } from '@kubernetes/client-node';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';

/** What the cache needs of an object; the controller's own plain-JSON types satisfy it. */
export interface Named {
  metadata: { name?: string; namespace?: string; resourceVersion?: string };
}
import type { KubeClient } from './kube.ts';

export interface Handlers<T> {
  onAdd(obj: T): void;
  onUpdate(oldObj: T, obj: T): void;
  onDelete(obj: T): void;
}

export interface InformerOptions<T> {
  /** Collection path, e.g. /apis/batch/v1/jobs */
  path: string;
  labelSelector?: string;
  restartDelayMs?: number;
  log?: (message: string) => void;
  /** Trims an object in place before it is cached (client-go's TransformFunc). */
  transform?: (obj: T) => void;
}

function keyOf(obj: Named): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

export class Informer<T extends Named> {
  private readonly store = new Map<string, T>();
  private readonly client: KubeClient;
  private readonly options: InformerOptions<T>;
  private readonly handlers: Handlers<T>;
  private listWatch: ListWatch<KubernetesObject> | undefined;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(client: KubeClient, options: InformerOptions<T>, handlers: Handlers<T>) {
    this.client = client;
    this.options = options;
    this.handlers = handlers;
  }

  get(namespace: string, name: string): T | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  list(): IterableIterator<T> {
    return this.store.values();
  }

  /** Resolves once the initial list is in the cache and the watch is open (WaitForCacheSync). */
  async start(): Promise<void> {
    const { path, labelSelector } = this.options;
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    // The list must apply the same selector as the watch: ListWatch does not pass it on.
    const listFn = (): Promise<KubernetesListObject<KubernetesObject>> => this.client.request('GET', path + query);
    const lw = new ListWatch<KubernetesObject>(path, new Watch(this.client.config), listFn, false, labelSelector);
    // The objects are plain JSON from the API server, never converted by the library's serializer.
    // managedFields are dropped, as kube-controller-manager's informers do: the controller never
    // reads them and they are most of an object's size.
    const plain = (obj: KubernetesObject): T => {
      if (obj.metadata) delete (obj.metadata as { managedFields?: unknown }).managedFields;
      this.options.transform?.(obj as unknown as T);
      return obj as unknown as T;
    };
    // A relist replays known objects as adds, so an add may be an update: both are upserts.
    const upsert = (raw: KubernetesObject): void => {
      const obj = plain(raw);
      const key = keyOf(obj);
      const old = this.store.get(key);
      this.store.set(key, obj);
      if (old) this.handlers.onUpdate(old, obj);
      else this.handlers.onAdd(obj);
    };
    lw.on('add', upsert);
    lw.on('update', upsert);
    lw.on('delete', (raw) => {
      const obj = plain(raw);
      const key = keyOf(obj);
      const old = this.store.get(key);
      this.store.delete(key);
      this.handlers.onDelete(old ?? obj);
    });
    lw.on('error', (err) => {
      if (this.stopped) return;
      this.options.log?.(`informer ${path}: ${String(err)}; restarting`);
      this.restartTimer = setTimeout(() => {
        if (!this.stopped) lw.start().catch(() => {});
      }, this.options.restartDelayMs ?? 5000);
    });
    this.listWatch = lw;
    await lw.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.listWatch?.stop();
  }
}
