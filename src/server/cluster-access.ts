// Whether batchguard may talk to a cluster, decided without loading the Kubernetes client.
import { existsSync } from 'node:fs';

export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** A kubeconfig file was given, or batchguard runs in a pod with a service account. */
export function hasClusterAccess(kubeconfigPath: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (kubeconfigPath !== undefined && kubeconfigPath !== '') return true;
  return !!env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN);
}
