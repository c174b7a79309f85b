// The two Secrets of the self-managed mode, read and written through the API.
//   <name>-ca  the CA key, the current CA certificate and the trusted bundle; never mounted anywhere,
//              so the CA key stays out of every node's reach (kubelets only read mounted Secrets).
//   <name>     the serving pair plus the bundle as ca.crt; mounted (tls.crt/tls.key only) by the
//              webhook containers, which reload it without restarting.
// The Helm chart creates both empty and owns them, so `helm uninstall` deletes them; outside the chart
// they are created here. Writes carry the resourceVersion read, so two leaders can never interleave.
import type { V1Secret } from '@kubernetes/client-node';
import { isNotFound, type KubeClient } from '../controller/kube.ts';

export const CA_PUBLISHED_ANNOTATION = 'batchguard.io/ca-published-at';

export interface StoredSecret {
  name: string;
  namespace: string;
  /** Decoded data. */
  data: Record<string, string>;
  annotations: Record<string, string>;
  /** What the API server returned; undefined when the Secret does not exist yet. */
  raw: V1Secret | undefined;
}

const secretsPath = (namespace: string): string => `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;

function fromApi(name: string, namespace: string, secret: V1Secret | undefined): StoredSecret {
  const data = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
  return { name, namespace, data, annotations: { ...(secret?.metadata?.annotations ?? {}) }, raw: secret };
}

export async function readSecret(api: KubeClient, namespace: string, name: string): Promise<StoredSecret> {
  try {
    return fromApi(name, namespace, await api.request<V1Secret>('GET', `${secretsPath(namespace)}/${encodeURIComponent(name)}`));
  } catch (error) {
    if (isNotFound(error)) return fromApi(name, namespace, undefined);
    throw error;
  }
}

/**
 * Replaces the Secret's data (other metadata kept; annotations given as undefined are removed), or
 * creates it with `createType` when it does not exist.
 */
export async function writeSecret(
  api: KubeClient,
  stored: StoredSecret,
  data: Record<string, string>,
  annotations: Record<string, string | undefined>,
  createType: string,
): Promise<StoredSecret> {
  const encoded = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]));
  const merged: Record<string, string> = { ...(stored.raw?.metadata?.annotations ?? {}) };
  for (const [key, value] of Object.entries(annotations)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const written =
    stored.raw === undefined
      ? await api.request<V1Secret>('POST', secretsPath(stored.namespace), {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: stored.name, namespace: stored.namespace, annotations: merged, labels: { 'app.kubernetes.io/managed-by': 'batchguard' } },
          type: createType,
          data: encoded,
        })
      : await api.request<V1Secret>('PUT', `${secretsPath(stored.namespace)}/${encodeURIComponent(stored.name)}`,
          { ...stored.raw, metadata: { ...stored.raw.metadata, annotations: merged }, data: encoded });
  return fromApi(stored.name, stored.namespace, written);
}
