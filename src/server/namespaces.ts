// Namespace labels for routing, from a Namespace informer. Only loaded and started when batchguard
// is given cluster credentials; in dev mode there is no cache and only the object's own label counts.
import { CoreV1Api, KubeConfig, makeInformer, type V1Namespace } from '@kubernetes/client-node';

import type { NamespaceFeed } from './pool.ts';

/** Labels by Namespace name, as a lookup (main thread) and as a feed (worker threads). */
export interface NamespaceSource extends NamespaceFeed {
  labels(namespace: string): Record<string, string> | undefined;
}

export interface NamespaceLabelCache extends NamespaceSource {
  stop(): Promise<void>;
}

/** The kubeconfig file when given, else the in-cluster configuration. */
export function loadKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath !== undefined && kubeconfigPath !== '') kc.loadFromFile(kubeconfigPath);
  else kc.loadFromCluster();
  return kc;
}

const RETRY_MS = 2000;

/**
 * Starts the Namespace informer. Resolves once the first list arrived or failed: an API server that
 * cannot be reached must not keep the webhook from serving (routing then only sees object labels
 * until a retry succeeds).
 */
export async function startNamespaceCache(kc: KubeConfig, onError: (e: unknown) => void): Promise<NamespaceLabelCache> {
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1Namespace>(kc, '/api/v1/namespaces', () => api.listNamespace());
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const start = async (): Promise<void> => {
    try {
      await informer.start();
    } catch (e) {
      onError(e);
      restartLater();
    }
  };
  // The informer stops on errors (expired watch, API server restart); it is started again after a pause.
  const restartLater = (): void => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (!stopped) void start();
    }, RETRY_MS);
    retry.unref();
  };
  informer.on('error', (e) => {
    onError(e);
    restartLater();
  });
  const labelsOf = (ns: V1Namespace): Record<string, string> => ns.metadata?.labels ?? {};
  await start();
  return {
    labels: (namespace) => informer.get(namespace)?.metadata?.labels,
    snapshot: () => informer.list().map((ns) => [ns.metadata?.name ?? '', labelsOf(ns)]),
    subscribe(listener) {
      informer.on('add', (ns) => listener(ns.metadata?.name ?? '', labelsOf(ns)));
      informer.on('update', (ns) => listener(ns.metadata?.name ?? '', labelsOf(ns)));
      informer.on('delete', (ns) => listener(ns.metadata?.name ?? '', undefined));
    },
    async stop() {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      await informer.stop();
    },
  };
}
