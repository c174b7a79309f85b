// The self-managed certificate lifecycle, run by the leader of the controller sidecars: read the two
// Secrets and the webhook configurations, let rotation.ts decide, carry the decision out, sleep until
// the next deadline. One pass is `reconcileCertificates`; `runCertificateManager` loops it until the
// signal aborts (leadership lost or shutdown).
// KubeConfig from its own module: the library's index loads every generated API class (~40 MiB of the
// controller sidecar's RSS, see src/controller/slimclient.ts); the raw client is all this needs.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { KubeClient } from '../controller/kube.ts';
import { createCertificateAuthority, issueServingCertificate } from './authority.ts';
import { injectCaBundle, type WebhookConfigurationNames } from './inject.ts';
import { joinBundle, keyMatches, readCertificate, splitBundle, type CertificateFacts } from './pem.ts';
import { planRotation, policyErrors, type RotationPlan, type RotationPolicy } from './rotation.ts';
import { CA_PUBLISHED_ANNOTATION, readSecret, writeSecret } from './secret.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CertificateLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface CertificateManagerOptions {
  /** A loaded KubeConfig, or the path of a kubeconfig file; default: KUBECONFIG, in-cluster, ~/.kube/config. */
  kubeconfig?: KubeConfig | string;
  namespace: string;
  /** The serving Secret mounted by the webhook containers (tls.crt, tls.key, ca.crt). */
  secretName: string;
  /** The CA Secret (ca.crt, ca.key, bundle.crt); default `<secretName>-ca`. */
  caSecretName?: string;
  /** The Service in front of the webhook; the serving certificate names it in every short form. */
  serviceName: string;
  extraDnsNames?: string[];
  ipAddresses?: string[];
  webhookNames: WebhookConfigurationNames;
  /** Lifetimes in days (fractions allowed); defaults 365 and 90. */
  caDays?: number;
  leafDays?: number;
  /** Fraction of the lifetime left when a certificate is renewed; default 1/3. */
  renewBefore?: number;
  /** Time for a new caBundle to reach every API server before a certificate of the new CA is served; default 120 s. */
  propagationSeconds?: number;
  /** Longest sleep between checks, which bounds how long a hand-edited Secret or caBundle stays wrong; default 5 minutes. */
  checkIntervalSeconds?: number;
  signal: AbortSignal;
  logger?: CertificateLogger;
  /** Called after every pass (tests and metrics). */
  onReconcile?: (result: ReconcileResult) => void;
}

export interface ReconcileResult {
  plan: RotationPlan;
  createdCa: boolean;
  issuedLeaf: boolean;
  /** Webhooks whose caBundle was rewritten. */
  injected: string[];
  bundleSize: number;
  nextCheckAt: Date;
}

/** The API client the certificate manager reads and writes Secrets and webhook configurations with. */
export type CertificateClients = KubeClient;

export function serviceDnsNames(serviceName: string, namespace: string): string[] {
  return [serviceName, `${serviceName}.${namespace}`, `${serviceName}.${namespace}.svc`, `${serviceName}.${namespace}.svc.cluster.local`];
}

export function rotationPolicy(opts: Pick<CertificateManagerOptions, 'caDays' | 'leafDays' | 'renewBefore' | 'propagationSeconds' | 'checkIntervalSeconds'>): RotationPolicy {
  const policy: RotationPolicy = {
    caLifetimeMs: (opts.caDays ?? 365) * DAY_MS,
    leafLifetimeMs: (opts.leafDays ?? 90) * DAY_MS,
    renewBefore: opts.renewBefore ?? 1 / 3,
    propagationMs: (opts.propagationSeconds ?? 120) * 1000,
    maxCheckIntervalMs: (opts.checkIntervalSeconds ?? 300) * 1000,
  };
  const errors = policyErrors(policy);
  if (errors.length) throw new Error(`invalid certificate settings: ${errors.join('; ')}`);
  return policy;
}

export function certificateClients(kubeconfig: KubeConfig | string | undefined): CertificateClients {
  let config: KubeConfig;
  if (kubeconfig instanceof KubeConfig) {
    config = kubeconfig;
  } else {
    config = new KubeConfig();
    if (kubeconfig) config.loadFromFile(kubeconfig);
    else config.loadFromDefault();
  }
  return new KubeClient(config);
}

function days(ms: number): number {
  return ms / DAY_MS;
}

/** One pass: read, decide, write. Never leaves a state in which a working setup stops working. */
export async function reconcileCertificates(clients: CertificateClients, opts: CertificateManagerOptions, now = new Date()): Promise<ReconcileResult> {
  const policy = rotationPolicy(opts);
  const caSecretName = opts.caSecretName ?? `${opts.secretName}-ca`;
  const dnsNames = [...serviceDnsNames(opts.serviceName, opts.namespace), ...(opts.extraDnsNames ?? [])];
  const ipAddresses = opts.ipAddresses ?? [];

  let caSecret = await readSecret(clients, opts.namespace, caSecretName);
  let tlsSecret = await readSecret(clients, opts.namespace, opts.secretName);

  const caCert = readCertificate(caSecret.data['ca.crt']);
  const leafCert = readCertificate(tlsSecret.data['tls.crt']);
  const publishedAtText = caSecret.annotations[CA_PUBLISHED_ANNOTATION];
  const publishedAt = publishedAtText && !Number.isNaN(Date.parse(publishedAtText)) ? new Date(publishedAtText) : undefined;
  const plan = planRotation(
    {
      now,
      ca: caCert && { cert: caCert, keyOk: keyMatches(caCert, caSecret.data['ca.key']), publishedAt },
      trusted: splitBundle(caSecret.data['bundle.crt']).map(readCertificate).filter((c): c is CertificateFacts => c !== undefined),
      leaf: leafCert && { cert: leafCert, keyOk: keyMatches(leafCert, tlsSecret.data['tls.key']) },
      dnsNames,
      ipAddresses,
    },
    policy,
  );

  const previousBundle = splitBundle(caSecret.data['bundle.crt']);
  const kept = previousBundle.filter((pem) => {
    const facts = readCertificate(pem);
    return facts !== undefined && plan.keepTrusted.includes(facts.fingerprint);
  });
  let ca = { certPem: caSecret.data['ca.crt'] ?? '', keyPem: caSecret.data['ca.key'] ?? '' };
  let bundle = kept;
  if (plan.createCa) {
    // PrintableString characters only (no '@', '_'): Go's x509 parser rejects anything else in a name.
    ca = await createCertificateAuthority({ commonName: `batchguard-ca-${Math.floor(now.getTime() / 1000)}`, days: days(policy.caLifetimeMs) });
    bundle = [...kept, ca.certPem];
  } else if (caCert && !bundle.some((pem) => readCertificate(pem)?.fingerprint === caCert.fingerprint)) {
    bundle = [...bundle, caCert.pem];
  }
  const bundlePem = joinBundle(bundle);

  if (plan.createCa || bundlePem !== joinBundle(previousBundle)) {
    // A new or pruned bundle is stored before it is published, so a crash in between is repaired by
    // the next pass; the publication time is only recorded once the configurations carry it.
    caSecret = await writeSecret(
      clients,
      caSecret,
      { 'ca.crt': ca.certPem, 'ca.key': ca.keyPem, 'bundle.crt': bundlePem },
      { [CA_PUBLISHED_ANNOTATION]: plan.createCa ? undefined : caSecret.annotations[CA_PUBLISHED_ANNOTATION] },
      'Opaque',
    );
  }
  const injected = await injectCaBundle(clients, opts.webhookNames, bundlePem);
  if (caSecret.annotations[CA_PUBLISHED_ANNOTATION] === undefined) {
    caSecret = await writeSecret(clients, caSecret, caSecret.data, { [CA_PUBLISHED_ANNOTATION]: new Date().toISOString() }, 'Opaque');
  }

  let issuedLeaf = false;
  let leaf = { certPem: tlsSecret.data['tls.crt'] ?? '', keyPem: tlsSecret.data['tls.key'] ?? '' };
  if (plan.issueLeaf) {
    leaf = await issueServingCertificate(ca, { dnsNames, ipAddresses, days: days(policy.leafLifetimeMs), commonName: dnsNames[2] });
    issuedLeaf = true;
  }
  if (issuedLeaf || tlsSecret.data['ca.crt'] !== bundlePem) {
    tlsSecret = await writeSecret(clients, tlsSecret, { 'tls.crt': leaf.certPem, 'tls.key': leaf.keyPem, 'ca.crt': bundlePem }, {}, 'kubernetes.io/tls');
  }

  return { plan, createdCa: plan.createCa, issuedLeaf, injected, bundleSize: bundle.length, nextCheckAt: plan.nextCheckAt };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    // setTimeout overflows past 2^31-1 ms (about 24.8 days) and would fire at once.
    const timer = setTimeout(done, Math.min(2 ** 31 - 1, Math.max(0, ms)));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 60_000;

/**
 * Runs the lifecycle until `signal` aborts. Failures (API errors, a conflicting write by another
 * leader, a missing webhook configuration) are logged and retried with exponential backoff; they
 * never end the loop, because the current certificates keep working meanwhile.
 */
export async function runCertificateManager(opts: CertificateManagerOptions): Promise<void> {
  rotationPolicy(opts); // fail fast on impossible settings, before the first API call
  const clients = certificateClients(opts.kubeconfig);
  const logger = opts.logger;
  let failures = 0;
  while (!opts.signal.aborted) {
    let waitMs: number;
    try {
      const result = await reconcileCertificates(clients, opts);
      failures = 0;
      if (result.createdCa || result.issuedLeaf || result.injected.length) {
        logger?.info(
          { createdCa: result.createdCa, issuedLeaf: result.issuedLeaf, injected: result.injected, bundleSize: result.bundleSize, reasons: result.plan.reasons },
          'certificates updated',
        );
      }
      opts.onReconcile?.(result);
      waitMs = result.nextCheckAt.getTime() - Date.now();
    } catch (error) {
      failures++;
      waitMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (failures - 1));
      logger?.warn({ err: error instanceof Error ? error.message : String(error), retryInMs: waitMs }, 'certificate reconcile failed');
    }
    await sleep(waitMs, opts.signal);
  }
}
