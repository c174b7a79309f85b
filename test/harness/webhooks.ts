// Registers batchguard's endpoints with the API server by URL + caBundle, the way a user would, and
// waits until the API server really calls them. Propagation goes through an informer, so each
// configuration carries a sentinel webhook (pointing at a closed port, matching only a probe label):
// once a dry-run create with that label fails on the sentinel, the whole configuration object —
// written atomically with it — is in effect. The sentinel is then removed again.
import { randomBytes } from 'node:crypto';
import type { ApiClient } from './client.ts';

const ADMISSION = '/apis/admissionregistration.k8s.io/v1';

export interface WebhookOptions {
  /** Base URL of the webhook server, e.g. https://127.0.0.1:8443 */
  url: string;
  validatePath?: string;
  mutatePath?: string;
  /** PEM of the CA that signed the webhook's serving certificate. */
  caPem: string;
  failurePolicy?: 'Fail' | 'Ignore';
  namespaceSelector?: Record<string, unknown>;
  /** Also register /validate as a mutating webhook, so it answers before built-in validation. */
  alsoValidateAsMutating?: boolean;
  /** Register the mutating endpoint (default true). */
  mutate?: boolean;
  /** Register the validating endpoint (default true). */
  validate?: boolean;
  /** Name of both configuration objects (default "batchguard"). */
  configName?: string;
  timeoutSeconds?: number;
}

export interface RegisteredWebhooks {
  configName: string;
  validatingWebhookName: string;
  mutatingWebhookName: string;
  /** Name of the early validation webhook when alsoValidateAsMutating is set. */
  earlyValidatingWebhookName: string;
  /** Milliseconds from the first write until the API server used the configuration. */
  propagationMs: number;
  unregister(): Promise<void>;
}

export const WEBHOOK_NAMES = {
  validate: 'validate.batchguard.io',
  mutate: 'mutate.batchguard.io',
  earlyValidate: 'validate-early.batchguard.io',
} as const;

const PROBE_LABEL = 'batchguard.io/webhook-probe';

interface HasApi {
  api: ApiClient;
}

function webhook(name: string, url: string, opts: WebhookOptions, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    clientConfig: { url, caBundle: Buffer.from(opts.caPem).toString('base64') },
    rules: [
      {
        apiGroups: ['batch'],
        apiVersions: ['v1'],
        resources: ['jobs', 'cronjobs'],
        operations: ['CREATE', 'UPDATE'],
        scope: 'Namespaced',
      },
    ],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    timeoutSeconds: opts.timeoutSeconds ?? 10,
    failurePolicy: opts.failurePolicy ?? 'Fail',
    namespaceSelector: opts.namespaceSelector ?? {},
    ...extra,
  };
}

function sentinel(kind: 'validating' | 'mutating', nonce: string, opts: WebhookOptions): Record<string, unknown> {
  return webhook(`probe-${kind}-${nonce}.batchguard.io`, 'https://127.0.0.1:1/probe', opts, {
    failurePolicy: 'Fail',
    namespaceSelector: {},
    timeoutSeconds: 2,
    objectSelector: { matchLabels: { [`${PROBE_LABEL}-${kind}`]: nonce } },
  });
}

function probeJob(kind: 'validating' | 'mutating', nonce: string): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: 'webhook-probe-', labels: { [`${PROBE_LABEL}-${kind}`]: nonce } },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'probe', image: 'busybox' }] } },
    },
  };
}

async function waitForSentinel(api: ApiClient, kind: 'validating' | 'mutating', nonce: string, timeoutMs: number): Promise<void> {
  const marker = `probe-${kind}-${nonce}.batchguard.io`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await api.request('POST', '/apis/batch/v1/namespaces/default/jobs?dryRun=All', probeJob(kind, nonce));
    if (res.text.includes(marker)) return;
    last = `${res.status} ${res.text.slice(0, 200)}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${kind} webhook configuration not in effect after ${timeoutMs} ms (last: ${last})`);
}

async function must(api: ApiClient, method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
  const res = await api.request(method, path, body, { contentType });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.json;
}

export async function registerWebhooks(cp: HasApi, opts: WebhookOptions): Promise<RegisteredWebhooks> {
  const api = cp.api;
  const configName = opts.configName ?? 'batchguard';
  const base = opts.url.replace(/\/$/, '');
  const validateUrl = base + (opts.validatePath ?? '/validate');
  const mutateUrl = base + (opts.mutatePath ?? '/mutate');
  const nonce = randomBytes(6).toString('hex');

  const mutating: Record<string, unknown>[] = [];
  // Order matters: mutating webhooks run in order, so the early validation sees the user's object
  // as written, the way built-in validation would after defaulting (our endpoint defaults itself).
  if (opts.alsoValidateAsMutating) mutating.push(webhook(WEBHOOK_NAMES.earlyValidate, validateUrl, opts, { reinvocationPolicy: 'Never' }));
  if (opts.mutate ?? true) mutating.push(webhook(WEBHOOK_NAMES.mutate, mutateUrl, opts, { reinvocationPolicy: 'IfNeeded' }));
  const validating: Record<string, unknown>[] = [];
  if (opts.validate ?? true) validating.push(webhook(WEBHOOK_NAMES.validate, validateUrl, opts));

  const t0 = performance.now();
  const created: string[] = [];
  const unregister = async (): Promise<void> => {
    for (const p of created) await api.request('DELETE', p);
  };
  try {
    const waits: Promise<void>[] = [];
    for (const [kind, list] of [
      ['mutating', mutating],
      ['validating', validating],
    ] as const) {
      if (list.length === 0) continue;
      const collection = `${ADMISSION}/${kind}webhookconfigurations`;
      await must(api, 'POST', collection, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: kind === 'mutating' ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
        metadata: { name: configName },
        webhooks: [...list, sentinel(kind, nonce, opts)],
      });
      created.push(`${collection}/${configName}`);
      waits.push(waitForSentinel(api, kind, nonce, 60_000));
    }
    await Promise.all(waits);
    const propagationMs = performance.now() - t0;
    // Drop the sentinels; they only ever matched the probe label, so the lag here is harmless.
    for (const p of created) {
      const cfg = await must(api, 'GET', p);
      const index = (cfg.webhooks as { name: string }[]).findIndex((w) => w.name.startsWith('probe-'));
      await must(api, 'PATCH', p, [{ op: 'remove', path: `/webhooks/${index}` }], 'application/json-patch+json');
    }
    return {
      configName,
      validatingWebhookName: WEBHOOK_NAMES.validate,
      mutatingWebhookName: WEBHOOK_NAMES.mutate,
      earlyValidatingWebhookName: WEBHOOK_NAMES.earlyValidate,
      propagationMs,
      unregister,
    };
  } catch (err) {
    await unregister();
    throw err;
  }
}
