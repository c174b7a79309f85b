// The informer on a small HTTP stand-in for the API server: a failed LIST must not leave it
// stopped (client-node stops an informer on such errors), and watch events reach the handlers
// with the previous object.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { Informer } from '../../../src/controller/informer.ts';
import { KubeClient } from '../../../src/controller/kube.ts';
import type { Pod } from '../../../src/controller/job/types.ts';

const podJson = (name: string, rv: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid: name, resourceVersion: rv, managedFields: [{ manager: 'x' }] } });

/** Handlers that write what the informer delivers into `seen`, one line per event. */
function recorder(seen: string[]) {
  return {
    onAdd: (p: Pod) => seen.push(`add ${p.metadata.name}@${p.metadata.resourceVersion}`),
    onUpdate: (o: Pod, p: Pod) => seen.push(`update ${p.metadata.name}@${o.metadata.resourceVersion}->${p.metadata.resourceVersion}`),
    onDelete: (p: Pod) => seen.push(`delete ${p.metadata.name}`),
  };
}

/** Serves the fake API server for the enclosing suite; the getter gives a client of it once started. */
function serveForSuite(server: Server): () => KubeClient {
  let client: KubeClient | undefined;
  before(async () => {
    client = await listenWithClient(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return () => client!;
}

/** Starts the fake API server on a free port and a client of it with a token. */
async function listenWithClient(server: Server): Promise<KubeClient> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return new KubeClient(kc);
}

describe('informer', () => {
  let lists = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: podJson('b', '6') })}\n`);
      res.write(`${JSON.stringify({ type: 'MODIFIED', object: podJson('a', '7') })}\n`);
      return; // kept open, like a real watch
    }
    lists++;
    assert.equal(url.searchParams.get('labelSelector'), 'batch.kubernetes.io/controller-uid');
    if (lists === 1) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', message: 'etcd is sad' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '5' }, items: [podJson('a', '5')] }));
  });
  const client = serveForSuite(server);

  it('restarts after a failed list, then delivers adds and (old, new) updates without managedFields', async () => {
    const seen: string[] = [];
    const informer = new Informer<Pod>(client(), { path: '/api/v1/pods', labelSelector: 'batch.kubernetes.io/controller-uid', restartDelayMs: 50 }, recorder(seen));
    await informer.start();
    const deadline = Date.now() + 5000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await informer.stop();
    assert.equal(lists, 2, 'listed again after the failure');
    assert.deepEqual(seen, ['add a@5', 'add b@6', 'update a@5->7']);
    const a = informer.get('ns', 'a') as Pod & { metadata: { managedFields?: unknown } };
    assert.equal(a.metadata.managedFields, undefined);
  });
});

// A watch that stays open and silent while the collection changes: only the periodic relist can
// bring the cache up to date (an update, a deletion), and objects the filter rejects stay out.
describe('informer relist', () => {
  let version = 5;
  let items = [podJson('a', '5'), podJson('b', '5'), podJson('skip', '5')];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.searchParams.get('watch') === 'true') {
      res.flushHeaders();
      return; // open, silent
    }
    assert.equal(url.searchParams.get('limit'), '2');
    // Two pages: the continue token is the index of the next item.
    const from = Number(url.searchParams.get('continue') ?? 0);
    const next = from + 2 < items.length ? String(from + 2) : undefined;
    res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: String(version), ...(next ? { continue: next } : {}) }, items: items.slice(from, from + 2) }));
  });
  const client = serveForSuite(server);

  it('pages the list, relists every resync period and hands each difference to the handlers', async () => {
    const seen: string[] = [];
    const informer = new Informer<Pod>(client(), { path: '/api/v1/pods', resyncMs: 300, pageSize: 2, keep: (p) => p.metadata.name !== 'skip' }, recorder(seen));
    await informer.start();
    assert.deepEqual(seen, ['add a@5', 'add b@5']);
    assert.equal(informer.hasSynced(), true);
    // Missed by the (silent) watch: a changed, b deleted, c added.
    version = 9;
    items = [podJson('a', '8'), podJson('c', '9'), podJson('skip', '9')];
    const deadline = Date.now() + 5000;
    while (seen.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await informer.stop();
    assert.deepEqual(seen.slice(2, 5), ['update a@5->8', 'add c@9', 'delete b']);
    assert.deepEqual([...informer.list()].map((p) => p.metadata.name).sort(), ['a', 'c']);
    assert.equal(informer.failingForMs(), 0);
  });
});
