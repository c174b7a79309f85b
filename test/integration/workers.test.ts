// The worker-thread path over real HTTPS: answers identical to the in-thread path, and Namespace
// label changes reaching the workers. Worker failure and replacement: test/unit/server/pool.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { admissionReview } from './https-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import type { NamespaceFeed } from '../../src/server/pool.ts';

const job = (name: string, namespace = 'default', spec: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace },
  spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
});

type Listener = Parameters<NamespaceFeed['subscribe']>[0];
const listeners: Listener[] = [];
const labels = new Map<string, Record<string, string>>([['team-a', { 'batchguard.io/managed': 'true' }]]);

let inThread: TestServer;
let pooled: TestServer;
before(async () => {
  const namespaces = {
    labels: (ns: string) => labels.get(ns),
    snapshot: () => [...labels],
    subscribe: (l: Listener) => void listeners.push(l),
  };
  [inThread, pooled] = await Promise.all([
    startTestServer({ workers: 0, namespaces }),
    startTestServer({ workers: 2, namespaces }),
  ]);
});
after(async () => {
  await Promise.all([inThread?.stop(), pooled?.stop()]);
});

const body = (reply: { json(): any }) => {
  const r = reply.json();
  delete r.response.uid;
  return r;
};

test('workers answer byte for byte what the main thread answers', async () => {
  const cases = [
    admissionReview('Job', 'CREATE', job('ok')),
    admissionReview('Job', 'CREATE', job('bad', 'default', { completionMode: 'Indexed', parallelism: -1 })),
    admissionReview('Job', 'CREATE', job('routed', 'team-a')),
    admissionReview('Job', 'UPDATE', job('upd', 'default', { parallelism: 2 }), job('upd', 'default', { parallelism: 1 })),
  ];
  for (const path of ['/validate', '/mutate']) {
    for (const review of cases) {
      const [a, b] = await Promise.all([inThread.client.postJson(path, review), pooled.client.postJson(path, review)]);
      assert.equal(b.status, a.status);
      assert.deepEqual(body(b), body(a));
    }
  }
  const denied = body(await pooled.client.postJson('/validate', cases[1])).response;
  assert.equal(denied.allowed, false);
  assert.equal(denied.status.code, 422);
});

test('a Namespace labelled after start routes its Jobs in the workers too', async () => {
  const review = admissionReview('Job', 'CREATE', job('later', 'team-b'));
  const managedBy = async (): Promise<boolean> => {
    const r = (await pooled.client.postJson('/mutate', review)).json().response;
    const ops = r.patch === undefined ? [] : JSON.parse(Buffer.from(r.patch, 'base64').toString());
    return ops.some((op: { path: string }) => op.path === '/spec/managedBy');
  };
  assert.equal(await managedBy(), false);
  labels.set('team-b', { 'batchguard.io/managed': 'true' });
  for (const l of listeners) l('team-b', labels.get('team-b'));
  // The change is posted to each worker before the next request, on the same ordered port.
  assert.equal(await managedBy(), true);
  labels.delete('team-b');
  for (const l of listeners) l('team-b', undefined);
  assert.equal(await managedBy(), false);
});
