// Routing by Namespace label through the real kube-apiserver 1.36: `batchguard serve --kubeconfig`
// watches Namespaces, so a Job created in a Namespace labelled batchguard.io/managed=true gets
// spec.managedBy from the mutating webhook, including a label added after batchguard started.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  registerWebhooks,
  startControlPlane,
  startWebhook,
  type ControlPlane,
  type RegisteredWebhooks,
  type WebhookProcess,
} from '../harness/index.ts';

let cp: ControlPlane;
let webhook: WebhookProcess;
let registered: RegisteredWebhooks;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bg-nsroute-'));
  cp = await startControlPlane();
  for (const [name, labels] of [['opted-in', { 'batchguard.io/managed': 'true' }], ['plain', {}], ['later', {}]] as const) {
    const r = await cp.api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    assert.equal(r.status, 201, r.text);
  }
  webhook = await startWebhook({ dir, kubeconfigPath: cp.kubeconfigPath });
  registered = await registerWebhooks(cp, { url: webhook.url, caPem: webhook.caPem });
});

after(async () => {
  await registered?.unregister().catch(() => undefined);
  await webhook?.stop();
  await cp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const job = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, labels },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36' }] } } },
});

async function createdManagedBy(namespace: string, body: unknown): Promise<unknown> {
  const r = await cp.api.request('POST', `/apis/batch/v1/namespaces/${namespace}/jobs`, body);
  assert.equal(r.status, 201, r.text);
  return (r.json as { spec: { managedBy?: string } }).spec.managedBy;
}

test('a Job in an opted-in Namespace is routed to batchguard\'s controller', async () => {
  assert.equal(await createdManagedBy('opted-in', job('a')), 'batchguard.io/job-controller');
});

test('a Job opted in by its own label is routed; an unlabelled one in a plain Namespace is not', async () => {
  assert.equal(await createdManagedBy('plain', job('b', { 'batchguard.io/managed': 'true' })), 'batchguard.io/job-controller');
  assert.equal(await createdManagedBy('plain', job('c')), undefined);
});

test('a managedBy chosen by the user is kept', async () => {
  const own = job('d');
  (own.spec as Record<string, unknown>).managedBy = 'example.com/other';
  assert.equal(await createdManagedBy('opted-in', own), 'example.com/other');
});

test('a CronJob in an opted-in Namespace routes the Jobs it will create', async () => {
  const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'e' }, spec: { schedule: '@hourly', jobTemplate: { spec: job('x').spec } } };
  const r = await cp.api.request('POST', '/apis/batch/v1/namespaces/opted-in/cronjobs', cj);
  assert.equal(r.status, 201, r.text);
  assert.equal((r.json as { spec: { jobTemplate: { spec: { managedBy?: string } } } }).spec.jobTemplate.spec.managedBy, 'batchguard.io/job-controller');
});

test('a Namespace labelled after batchguard started is picked up by the watch', async () => {
  const patch = await cp.api.request('PATCH', '/api/v1/namespaces/later', { metadata: { labels: { 'batchguard.io/managed': 'true' } } }, {
    contentType: 'application/merge-patch+json',
  });
  assert.equal(patch.status, 200, patch.text);
  const deadline = Date.now() + 10_000;
  for (let i = 0; ; i++) {
    const managedBy = await createdManagedBy('later', job(`f-${i}`));
    if (managedBy === 'batchguard.io/job-controller') break;
    assert.ok(Date.now() < deadline, 'the Namespace label never reached the webhook');
    await new Promise((r) => setTimeout(r, 200));
  }
});
