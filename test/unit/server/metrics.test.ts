// The webhook metrics are kept as plain numbers and turned into Prometheus text at scrape time:
// the exposition must read like prom-client's own histogram, counters and gauge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../../../src/server/metrics.ts';

const labels = 'webhook="validate",kind="Job",operation="CREATE"';

function sample(text: string, name: string, labelText: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(labelText === '' ? `${name} ` : `${name}{${labelText}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('observations become cumulative buckets, sum and count, and the counters derived from them', async () => {
  const m = createMetrics(0.01);
  const denied = { webhook: 'validate', kind: 'Job', operation: 'CREATE', allowed: false };
  m.observe(denied, 0.0003);
  m.observe(denied, 0.02);
  m.observe({ ...denied, allowed: true }, 0.0005);
  m.observe({ ...denied, webhook: 'mutate', allowed: true }, 12);
  const text = await m.registry.metrics();
  const name = 'batchguard_admission_duration_seconds';
  assert.equal(sample(text, `${name}_bucket`, `le="0.0005",${labels},allowed="false"`), 1);
  assert.equal(sample(text, `${name}_bucket`, `le="0.01",${labels},allowed="false"`), 1);
  assert.equal(sample(text, `${name}_bucket`, `le="0.025",${labels},allowed="false"`), 2);
  assert.equal(sample(text, `${name}_bucket`, `le="+Inf",${labels},allowed="false"`), 2);
  assert.equal(sample(text, `${name}_bucket`, `le="0.0005",${labels},allowed="true"`), 1, 'a value on a bound falls in that bucket');
  assert.equal(sample(text, `${name}_bucket`, `le="10",webhook="mutate",kind="Job",operation="CREATE",allowed="true"`), 0);
  assert.equal(sample(text, `${name}_bucket`, `le="+Inf",webhook="mutate",kind="Job",operation="CREATE",allowed="true"`), 1);
  assert.ok(Math.abs(sample(text, `${name}_sum`, `${labels},allowed="false"`)! - 0.0203) < 1e-9);
  assert.equal(sample(text, `${name}_count`, `${labels},allowed="false"`), 2);
  assert.match(text, /# TYPE batchguard_admission_duration_seconds histogram/);
  assert.equal(sample(text, 'batchguard_admission_requests_total', `${labels},allowed="false"`), 2);
  assert.equal(sample(text, 'batchguard_admission_requests_total', `${labels},allowed="true"`), 1);
  assert.equal(sample(text, 'batchguard_admission_rejections_total', labels), 2);
  assert.equal(sample(text, 'batchguard_admission_rejections_total', 'webhook="mutate",kind="Job",operation="CREATE"'), undefined);
  assert.equal(sample(text, 'batchguard_admission_slow_requests_total', 'webhook="validate"'), 1);
  assert.equal(sample(text, 'batchguard_admission_slow_requests_total', 'webhook="mutate"'), 1);
});

test('counters keep counting across scrapes; the in-flight gauge follows begin and end', async () => {
  const m = createMetrics(10);
  const allowed = { webhook: 'validate', kind: 'Job', operation: 'CREATE', allowed: true };
  m.begin();
  m.begin();
  m.observe(allowed, 0.001);
  let text = await m.registry.metrics();
  assert.equal(sample(text, 'batchguard_admission_in_flight_requests', ''), 2);
  m.end();
  m.observe(allowed, 0.001);
  m.httpError('mutate', 415);
  text = await m.registry.metrics();
  assert.equal(sample(text, 'batchguard_admission_in_flight_requests', ''), 1);
  assert.equal(sample(text, 'batchguard_admission_requests_total', `${labels},allowed="true"`), 2);
  assert.equal(sample(text, 'batchguard_admission_http_errors_total', 'webhook="mutate",code="415"'), 1);
  const json = await m.registry.getMetricsAsJSON();
  const histogram = json.find((x) => x.name === 'batchguard_admission_duration_seconds');
  assert.equal(histogram?.type, 'histogram');
  const values = (histogram?.values ?? []) as Array<{ metricName?: string; value: number }>;
  assert.ok(values.some((v) => v.metricName === 'batchguard_admission_duration_seconds_count' && v.value === 2));
});
