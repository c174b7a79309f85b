// /metrics after real traffic: the latency histogram (buckets up to 10 s, labelled by webhook, kind,
// operation and decision), request and rejection counters, the in-flight gauge, slow requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admissionReview } from './https-client.ts';
import { startTestServer } from './test-server.ts';

const job = (parallelism: number) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'm', namespace: 'default' },
  spec: { parallelism, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
});

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('metrics count requests, rejections, latency, in-flight and slow answers', async () => {
  // A webhook timeout of 1 µs makes every answer "slow", so the counter is observable.
  const srv = await startTestServer({ webhookTimeoutSeconds: 0.000001 });
  try {
    await srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job(1)));
    await srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job(-1)));
    await srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job(-2)));
    await srv.client.postJson('/mutate', admissionReview('Job', 'CREATE', job(1)));
    await srv.client.send('POST', '/mutate', '{', { 'content-type': 'application/json' });
    // Label values are bounded: made-up kinds and operations do not create new series.
    await srv.client.postJson('/validate', admissionReview('Made-Up-1', 'PATCHY', {}, undefined, { group: 'x' }));
    await srv.client.postJson('/validate', admissionReview('Made-Up-2', 'CREATE', {}, undefined, { group: 'x' }));
    const reply = await srv.client.send('GET', '/metrics');
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /^text\/plain/);
    const m = reply.text;
    const v = 'webhook="validate",kind="Job",operation="CREATE"';
    assert.equal(sample(m, 'batchguard_admission_requests_total', `${v},allowed="true"`), 1);
    assert.equal(sample(m, 'batchguard_admission_requests_total', `${v},allowed="false"`), 2);
    assert.equal(sample(m, 'batchguard_admission_rejections_total', v), 2);
    assert.equal(sample(m, 'batchguard_admission_requests_total', 'webhook="mutate",kind="Job",operation="CREATE",allowed="true"'), 1);
    assert.equal(sample(m, 'batchguard_admission_duration_seconds_bucket', `le="10",${v},allowed="false"`), 2);
    assert.equal(sample(m, 'batchguard_admission_duration_seconds_count', `${v},allowed="false"`), 2);
    assert.ok(m.includes('le="0.0005"'), 'sub-millisecond buckets');
    assert.equal(sample(m, 'batchguard_admission_in_flight_requests', ''), 0);
    assert.equal(sample(m, 'batchguard_admission_slow_requests_total', 'webhook="validate"'), 5);
    assert.equal(sample(m, 'batchguard_admission_http_errors_total', 'webhook="mutate",code="400"'), 1);
    assert.equal(sample(m, 'batchguard_admission_requests_total', 'webhook="validate",kind="other",operation="other",allowed="true"'), 1);
    assert.equal(sample(m, 'batchguard_admission_requests_total', 'webhook="validate",kind="other",operation="CREATE",allowed="true"'), 1);
    assert.ok(!m.includes('Made-Up'));
    assert.ok(m.includes('batchguard_process_resident_memory_bytes'), 'process metrics');
  } finally {
    await srv.stop();
  }
});
