// Namespace labels for routing, from a Namespace informer. Only loaded and started when batchguard
// is given cluster credentials; in dev mode there is no cache and only the object's own label counts.
import { CoreV1Api, KubeConfig, makeInformer, type V1Namespace } from '@kubernetes/client-node';

export interface NamespaceLabelCache {
  labels(namespace: string): Record<string, string> | undefined;
  stop(): Promise<void>;
}

/** The kubeconfig file when given, else the in-cluster configuration. */
export function loadKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  if (kubeconfigPath !== undefined && kubeconfigPath !== '') kc.loadFromFile(kubeconfigPath);
  else kc.loadFromCluster();
  return kc;
}

export async function startNamespaceCache(kc: KubeConfig, onError: (e: unknown) => void): Promise<NamespaceLabelCache> {
  const api = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1Namespace>(kc, '/api/v1/namespaces', () => api.listNamespace());
  let stopped = false;
  informer.on('error', (e) => {
    onError(e);
    // The informer stops on errors (expired watch, API server restart); restart it after a pause.
    setTimeout(() => {
      if (!stopped) informer.start().catch(onError);
    }, 2000).unref();
  });
  await informer.start();
  return {
    labels: (namespace) => informer.get(namespace)?.metadata?.labels,
    async stop() {
      stopped = true;
      await informer.stop();
    },
  };
}
