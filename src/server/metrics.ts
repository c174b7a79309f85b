// Prometheus metrics for the webhooks. A registry per server (tests start several), and label
// children cached per combination so the hot path does no label hashing.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AdmissionLabels {
  webhook: string;
  kind: string;
  operation: string;
  allowed: boolean;
}

export interface ServerMetrics {
  registry: Registry;
  inFlight: Gauge;
  observe(labels: AdmissionLabels, seconds: number): void;
  httpError(webhook: string, code: number): void;
}

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(webhookTimeoutSeconds: number): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'batchguard_' });
  const duration = new Histogram({
    name: 'batchguard_admission_duration_seconds',
    help: 'Time from the first byte of an admission request to its answer, by webhook, kind, operation and decision.',
    labelNames: ['webhook', 'kind', 'operation', 'allowed'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const requests = new Counter({
    name: 'batchguard_admission_requests_total',
    help: 'Admission reviews answered, by webhook, kind, operation and decision.',
    labelNames: ['webhook', 'kind', 'operation', 'allowed'] as const,
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'batchguard_admission_rejections_total',
    help: 'Admission reviews denied, by webhook, kind and operation.',
    labelNames: ['webhook', 'kind', 'operation'] as const,
    registers: [registry],
  });
  const slow = new Counter({
    name: 'batchguard_admission_slow_requests_total',
    help: `Admission reviews that took longer than the configured webhook timeout (${webhookTimeoutSeconds}s).`,
    labelNames: ['webhook'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'batchguard_admission_http_errors_total',
    help: 'Admission requests answered with an HTTP error instead of a review (400, 413, 415, 500).',
    labelNames: ['webhook', 'code'] as const,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'batchguard_admission_in_flight_requests',
    help: 'Admission requests being processed.',
    registers: [registry],
  });

  type Children = { duration: ReturnType<typeof duration.labels>; requests: ReturnType<typeof requests.labels> };
  const children = new Map<string, Children>();
  return {
    registry,
    inFlight,
    observe(l, seconds) {
      const key = `${l.webhook}\0${l.kind}\0${l.operation}\0${l.allowed}`;
      let c = children.get(key);
      if (c === undefined) {
        const values = { webhook: l.webhook, kind: l.kind, operation: l.operation, allowed: String(l.allowed) };
        c = { duration: duration.labels(values), requests: requests.labels(values) };
        children.set(key, c);
      }
      c.duration.observe(seconds);
      c.requests.inc();
      if (!l.allowed) rejections.labels({ webhook: l.webhook, kind: l.kind, operation: l.operation }).inc();
      if (seconds > webhookTimeoutSeconds) slow.labels({ webhook: l.webhook }).inc();
    },
    httpError(webhook, code) {
      errors.labels({ webhook, code: String(code) }).inc();
    },
  };
}
