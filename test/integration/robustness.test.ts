// Bad input over real HTTPS: each gets its own status code and a one-line reason, and the server
// keeps answering everyone else.
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { after, before, test } from 'node:test';
import { defaultingPatch } from '../../src/admission/defaulting.ts';
import { reviewObject } from '../../src/engine/index.ts';
import { admissionReview } from './https-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const job = (name = 'pi', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default', ...extra },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } } },
});

let srv: TestServer;
before(async () => {
  // A reviewer and a defaulter that fail for one object only: the 500 must stay with that request.
  const explodes = (object: unknown) => (object as { metadata?: { name?: string } }).metadata?.name === 'explode';
  srv = await startTestServer({
    review: (input) => {
      if (explodes(input.object)) throw new Error('boom');
      return reviewObject(input);
    },
    defaults: (input) => {
      if (explodes(input.object)) throw new Error('boom');
      return defaultingPatch(input);
    },
  });
});
after(async () => {
  await srv.stop();
});

const oneLine = (text: string) => text.trimEnd().split('\n').length === 1;

async function stillServing(): Promise<void> {
  const reply = await srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job()));
  assert.equal(reply.status, 200);
  assert.equal(reply.json().response.allowed, true);
}

test('a content type other than application/json gets 415', async () => {
  for (const headers of [{ 'content-type': 'text/plain' }, { 'content-type': 'application/yaml' }, {}]) {
    const reply = await srv.client.send('POST', '/validate', JSON.stringify(admissionReview('Job', 'CREATE', job())), headers);
    assert.equal(reply.status, 415);
    assert.ok(oneLine(reply.text));
  }
  const charset = await srv.client.send('POST', '/mutate', JSON.stringify(admissionReview('Job', 'CREATE', job())), {
    'content-type': 'application/json; charset=utf-8',
  });
  assert.equal(charset.status, 200);
  await stillServing();
});

test('a body over 7 MiB gets 413, declared or streamed', async () => {
  const big = Buffer.alloc(7 * 1024 * 1024 + 1, 0x20);
  const declared = await srv.client.send('POST', '/validate', big, { 'content-type': 'application/json' });
  assert.equal(declared.status, 413);
  assert.ok(oneLine(declared.text));
  const chunked = await srv.client.send('POST', '/mutate', big, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
  assert.equal(chunked.status, 413);
  // Just under the limit is read (and then judged on its content).
  const under = Buffer.alloc(7 * 1024 * 1024, 0x20);
  const review = Buffer.from(JSON.stringify(admissionReview('Job', 'CREATE', job())));
  review.copy(under);
  const ok = await srv.client.send('POST', '/validate', under, { 'content-type': 'application/json' });
  assert.equal(ok.status, 200);
  await stillServing();
});

test('malformed JSON and reviews without request.uid get 400 with a one-line reason', async () => {
  const cases: Array<[string, RegExp]> = [
    ['{"apiVersion": ', /^malformed JSON: /],
    ['', /^malformed JSON: /],
    ['[1,2]', /not a JSON object/],
    [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { kind: { kind: 'Job' } } }), /no request\.uid/],
    [JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), /no request$/],
    [JSON.stringify({ apiVersion: 'v1', kind: 'AdmissionReview', request: { uid: 'x' } }), /unsupported apiVersion/],
  ];
  for (const [body, reason] of cases) {
    const reply = await srv.client.send('POST', '/validate', body, { 'content-type': 'application/json' });
    assert.equal(reply.status, 400, body);
    assert.ok(oneLine(reply.text), reply.text);
    assert.match(reply.text.trimEnd(), reason);
  }
  await stillServing();
});

test('an exception in the handler is a 500 for that request only', async () => {
  const replies = await Promise.all([
    srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job('explode'))),
    srv.client.postJson('/validate', admissionReview('Job', 'CREATE', job('fine'))),
    srv.client.postJson('/mutate', admissionReview('Job', 'CREATE', job('explode'))),
    srv.client.postJson('/mutate', admissionReview('Job', 'CREATE', job('fine-too'))),
  ]);
  assert.deepEqual(replies.map((r) => r.status), [500, 200, 500, 200]);
  assert.ok(oneLine(replies[0].text));
  await stillServing();
});

test('a denial is the API server\'s own 422, so kubectl prints "The Job "x" is invalid"', async () => {
  const bad = job('bad');
  (bad.spec as Record<string, unknown>).parallelism = -1;
  const response = (await srv.client.postJson('/validate', admissionReview('Job', 'CREATE', bad))).json().response;
  assert.equal(response.allowed, false);
  assert.deepEqual(response.status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Job.batch "bad" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    reason: 'Invalid',
    details: {
      name: 'bad',
      group: 'batch',
      kind: 'Job',
      causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.parallelism' }],
    },
    code: 422,
  });
});

test('warnings are returned in response.warnings by the validating webhook', async () => {
  const cj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'default' },
    spec: { schedule: '0 0 30 2 *', jobTemplate: job().spec ? { spec: job().spec } : {} },
  };
  const verdict = reviewObject({ kind: 'CronJob', operation: 'CREATE', object: cj });
  const response = (await srv.client.postJson('/validate', admissionReview('CronJob', 'CREATE', cj))).json().response;
  assert.equal(response.allowed, verdict.errors.length === 0);
  assert.deepEqual(response.warnings ?? [], verdict.warnings);
  assert.ok(verdict.warnings.length > 0, 'a schedule that never fires warns');
});

test('v1beta1 reviews are answered in v1beta1', async () => {
  for (const path of ['/validate', '/mutate']) {
    const reply = await srv.client.postJson(path, admissionReview('Job', 'CREATE', job(), undefined, { apiVersion: 'admission.k8s.io/v1beta1' }));
    assert.equal(reply.status, 200);
    const review = reply.json();
    assert.equal(review.apiVersion, 'admission.k8s.io/v1beta1');
    assert.equal(review.response.allowed, true);
  }
});

test('other kinds, other operations and subresources are allowed untouched', async () => {
  const bad = job('bad');
  (bad.spec as Record<string, unknown>).parallelism = -1;
  const reviews = [
    admissionReview('Job', 'UPDATE', bad, job('bad'), { subResource: 'status' }),
    admissionReview('Job', 'DELETE', null, bad),
    admissionReview('Pod', 'CREATE', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, undefined, { group: '' }),
    admissionReview('Deployment', 'CREATE', { metadata: { name: 'd' } }, undefined, { group: 'apps' }),
  ];
  for (const path of ['/validate', '/mutate']) {
    for (const review of reviews) {
      const response = (await srv.client.postJson(path, review)).json().response;
      assert.deepEqual(response, { uid: (review.request as { uid: string }).uid, allowed: true });
    }
  }
});

test('routing is on the path only; other routes are express\'s 404', async () => {
  assert.equal((await srv.client.postJson('/validate?timeout=10s&x=1', admissionReview('Job', 'CREATE', job()))).status, 200);
  assert.equal((await srv.client.postJson('/validate/extra', admissionReview('Job', 'CREATE', job()))).status, 404);
  assert.equal((await srv.client.send('GET', '/validate')).status, 404);
  assert.equal((await srv.client.send('GET', '/healthz')).text, 'ok');
  assert.equal((await srv.client.send('GET', '/readyz')).text, 'ok');
});

test('the mutating webhook routes opted-in Jobs to batchguard\'s controller on CREATE only', async () => {
  const optedIn = job('routed', { labels: { 'batchguard.io/managed': 'true' } });
  const response = (await srv.client.postJson('/mutate', admissionReview('Job', 'CREATE', optedIn))).json().response;
  const ops = JSON.parse(Buffer.from(response.patch, 'base64').toString());
  assert.deepEqual(ops.at(-1), { op: 'add', path: '/spec/managedBy', value: 'batchguard.io/job-controller' });
  const update = (await srv.client.postJson('/mutate', admissionReview('Job', 'UPDATE', optedIn, optedIn))).json().response;
  const updateOps = update.patch === undefined ? [] : JSON.parse(Buffer.from(update.patch, 'base64').toString());
  assert.ok(!updateOps.some((op: { path: string }) => op.path === '/spec/managedBy'));
});

test('a namespace opted in through the Namespace cache routes its Jobs', async () => {
  const teamLabels = { 'batchguard.io/managed': 'true' };
  const routed = await startTestServer({
    namespaces: {
      labels: (ns) => (ns === 'batch-team' ? teamLabels : {}),
      snapshot: () => [['batch-team', teamLabels]],
      subscribe: () => {},
    },
    controllerName: 'example.com/runner',
  });
  try {
    const inTeam = { ...job('a'), metadata: { name: 'a', namespace: 'batch-team' } };
    const r1 = (await routed.client.postJson('/mutate', admissionReview('Job', 'CREATE', inTeam))).json().response;
    const ops = JSON.parse(Buffer.from(r1.patch, 'base64').toString());
    assert.deepEqual(ops.at(-1), { op: 'add', path: '/spec/managedBy', value: 'example.com/runner' });
    const r2 = (await routed.client.postJson('/mutate', admissionReview('Job', 'CREATE', job('b')))).json().response;
    const ops2 = r2.patch === undefined ? [] : JSON.parse(Buffer.from(r2.patch, 'base64').toString());
    assert.ok(!ops2.some((op: { path: string }) => op.path === '/spec/managedBy'));
  } finally {
    await routed.stop();
  }
});

test('connection timeouts outlast the API server client\'s 90 s idle timeout; headers have a deadline', () => {
  const s = srv.running.server;
  assert.ok(s.keepAliveTimeout > 90_000);
  assert.ok(s.headersTimeout > 0 && s.headersTimeout < 120_000);
});

test('TLS below the configured minimum is refused', async () => {
  const strict = await startTestServer({ minTlsVersion: 'TLSv1.3' });
  try {
    const port = strict.running.port;
    const attempt = (maxVersion: 'TLSv1.2' | 'TLSv1.3') =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port, ca: strict.caPem, servername: 'localhost', maxVersion }, () => {
          resolve(socket.getProtocol() ?? '');
          socket.end();
        });
        socket.on('error', (e) => resolve(`error: ${e.message}`));
      });
    assert.equal(await attempt('TLSv1.3'), 'TLSv1.3');
    assert.match(await attempt('TLSv1.2'), /^error/);
  } finally {
    await strict.stop();
  }
});
