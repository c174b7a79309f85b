// Prometheus metrics for the webhooks, one registry per server (tests start several).
// The hot path only adds to plain numbers: prom-client validates and hashes the labels on every
// observe/inc, even on a bound child, which cost ~4 µs per request (2-3% of the transport). The
// request counters are the latency histogram's counts, and everything is turned into
// prom-client's shapes when /metrics is scraped.
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export interface AdmissionLabels {
  webhook: string;
  kind: string;
  operation: string;
  allowed: boolean;
}

export interface ServerMetrics {
  registry: Registry;
  /** An admission request started / finished (the in-flight gauge). */
  begin(): void;
  end(): void;
  observe(labels: AdmissionLabels, seconds: number): void;
  httpError(webhook: string, code: number): void;
}

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One label combination: per-bucket (not cumulative) counts, sum and count. */
interface Series {
  labels: Record<string, string>;
  allowed: boolean;
  buckets: Float64Array;
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

function bucketIndex(seconds: number): number {
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) return i;
  return BUCKETS.length;
}

// A histogram read from `series` in the shape prom-client's Histogram.get() returns, so the
// registry formats it like its own (le first, then the labels).
function histogramMetric(name: string, help: string, series: () => Iterable<Series>): Metric {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    reset() {},
    async get() {
      const values: MetricValue[] = [];
      for (const s of series()) {
        let cumulative = 0;
        BUCKETS.forEach((le, i) => {
          cumulative += s.buckets[i];
          values.push({ labels: { le, ...s.labels }, value: cumulative, metricName: `${name}_bucket` });
        });
        values.push({ labels: { le: '+Inf', ...s.labels }, value: s.count, metricName: `${name}_bucket` });
        values.push({ labels: { ...s.labels }, value: s.sum, metricName: `${name}_sum` });
        values.push({ labels: { ...s.labels }, value: s.count, metricName: `${name}_count` });
      }
      return { name, help, type: 'histogram', values, aggregator: 'sum' };
    },
  };
  // The registry only calls get() and reads name/help/type/aggregator; its type admits only its own classes.
  return metric as unknown as Metric;
}

export function createMetrics(webhookTimeoutSeconds: number): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'batchguard_' });
  const series = new Map<string, Series>();
  const slowByWebhook = new Map<string, number>();
  let inFlight = 0;

  registry.registerMetric(
    histogramMetric(
      'batchguard_admission_duration_seconds',
      'Time from the first byte of an admission request to its answer, by webhook, kind, operation and decision.',
      () => series.values(),
    ),
  );
  new Counter({
    name: 'batchguard_admission_requests_total',
    help: 'Admission reviews answered, by webhook, kind, operation and decision.',
    labelNames: ['webhook', 'kind', 'operation', 'allowed'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of series.values()) this.labels(s.labels).inc(s.count);
    },
  });
  new Counter({
    name: 'batchguard_admission_rejections_total',
    help: 'Admission reviews denied, by webhook, kind and operation.',
    labelNames: ['webhook', 'kind', 'operation'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of series.values()) {
        if (!s.allowed) this.labels({ webhook: s.labels.webhook, kind: s.labels.kind, operation: s.labels.operation }).inc(s.count);
      }
    },
  });
  new Counter({
    name: 'batchguard_admission_slow_requests_total',
    help: `Admission reviews that took longer than the configured webhook timeout (${webhookTimeoutSeconds}s).`,
    labelNames: ['webhook'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [webhook, n] of slowByWebhook) this.labels({ webhook }).inc(n);
    },
  });
  const errors = new Counter({
    name: 'batchguard_admission_http_errors_total',
    help: 'Admission requests answered with an HTTP error instead of a review (400, 413, 415, 500).',
    labelNames: ['webhook', 'code'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'batchguard_admission_in_flight_requests',
    help: 'Admission requests being processed.',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });

  return {
    registry,
    begin() {
      inFlight++;
    },
    end() {
      inFlight--;
    },
    observe(l, seconds) {
      const key = `${l.webhook}\0${l.kind}\0${l.operation}\0${l.allowed}`;
      let s = series.get(key);
      if (s === undefined) {
        const labels = { webhook: l.webhook, kind: l.kind, operation: l.operation, allowed: String(l.allowed) };
        s = { labels, allowed: l.allowed, buckets: new Float64Array(BUCKETS.length), sum: 0, count: 0 };
        series.set(key, s);
      }
      const i = bucketIndex(seconds);
      if (i < BUCKETS.length) s.buckets[i]++;
      s.sum += seconds;
      s.count++;
      if (seconds > webhookTimeoutSeconds) slowByWebhook.set(l.webhook, (slowByWebhook.get(l.webhook) ?? 0) + 1);
    },
    // Errors are rare (and the reason a request was cheap); prom-client's own path is fine here.
    httpError(webhook, code) {
      errors.labels({ webhook, code: String(code) }).inc();
    },
  };
}
