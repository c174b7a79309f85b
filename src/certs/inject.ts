// Writes the trusted CA bundle into clientConfig.caBundle of every webhook of the named
// Validating- and MutatingWebhookConfigurations. Read-modify-replace with the resourceVersion read,
// and only when something differs, so a steady state costs two GETs per configuration.
import type { V1MutatingWebhookConfiguration, V1ValidatingWebhookConfiguration } from '@kubernetes/client-node';
import type { KubeClient } from '../controller/kube.ts';

export interface WebhookConfigurationNames {
  validating: string[];
  mutating: string[];
}

type AnyConfiguration = V1ValidatingWebhookConfiguration | V1MutatingWebhookConfiguration;

/** The webhooks whose caBundle is not `bundleBase64`, by "<kind>/<configuration>/<webhook>". */
export function staleWebhooks(kind: string, config: AnyConfiguration, bundleBase64: string): string[] {
  return (config.webhooks ?? []).filter((webhook) => webhook.clientConfig.caBundle !== bundleBase64).map((webhook) => `${kind}/${config.metadata?.name}/${webhook.name}`);
}

function withBundle<T extends AnyConfiguration>(config: T, bundleBase64: string): T {
  return { ...config, webhooks: (config.webhooks ?? []).map((webhook) => ({ ...webhook, clientConfig: { ...webhook.clientConfig, caBundle: bundleBase64 } })) };
}

/**
 * Makes every named configuration trust exactly `bundlePem`. Returns the webhooks that were changed;
 * an empty list means they all already had it. A missing configuration is an error: the chart
 * creates them, so their absence means a misconfiguration worth surfacing.
 */
export async function injectCaBundle(api: KubeClient, names: WebhookConfigurationNames, bundlePem: string): Promise<string[]> {
  const bundleBase64 = Buffer.from(bundlePem, 'utf8').toString('base64');
  const changed: string[] = [];
  const lists = [
    ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', names.validating],
    ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', names.mutating],
  ] as const;
  for (const [kind, resource, configurationNames] of lists) {
    for (const name of configurationNames) {
      const path = `/apis/admissionregistration.k8s.io/v1/${resource}/${encodeURIComponent(name)}`;
      const config = await api.request<AnyConfiguration>('GET', path);
      const stale = staleWebhooks(kind, config, bundleBase64);
      if (stale.length === 0) continue;
      await api.request('PUT', path, withBundle(config, bundleBase64));
      changed.push(...stale);
    }
  }
  return changed;
}
