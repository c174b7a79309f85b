// SIGTERM on the real CLI process (`batchguard serve`): it stops accepting connections, finishes the
// requests already in flight, and exits 0 within the grace period even if a client never finishes.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { request } from 'node:https';
import { test } from 'node:test';
import { serveProcess as serve, type Served } from './cli-process.ts';
import { admissionReview } from './https-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a POST, sends its headers and the first half of the body, and returns a function that sends the rest. */
function halfSent(s: Served, body: string): { finish: () => void; reply: Promise<{ status: number; headers: Record<string, unknown>; text: string }> } {
  const req = request({
    host: s.url.hostname,
    port: s.url.port,
    method: 'POST',
    path: '/validate?timeout=10s',
    ca: s.caPem,
    servername: 'localhost',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const reply = new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { finish: () => req.end(body.slice(half)), reply };
}

function connectRefused(s: Served): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: s.url.hostname, port: s.url.port, path: '/healthz', ca: s.caPem, servername: 'localhost', agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET'));
    req.end();
  });
}

const job = (name: string) =>
  admissionReview('Job', 'CREATE', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  });

test('SIGTERM: in-flight requests complete, new connections are refused, exit 0', async () => {
  // Allowed answers are logged at debug (denials at info, see cli-serve.test.ts).
  const s = await serve(['--shutdown-grace', '10s', '--log-level', 'debug']);
  try {
    const reviews = ['a', 'b', 'c', 'd'].map(job);
    const inFlight = reviews.map((r) => halfSent(s, JSON.stringify(r)));
    await sleep(300);
    s.child.kill('SIGTERM');
    await sleep(300);
    assert.equal(await connectRefused(s), true, 'no new connection after SIGTERM');
    for (const r of inFlight) r.finish();
    const replies = await Promise.all(inFlight.map((r) => r.reply));
    replies.forEach((reply, i) => {
      assert.equal(reply.status, 200, reply.text);
      const review = JSON.parse(reply.text);
      assert.equal(review.response.uid, (reviews[i].request as { uid: string }).uid);
      assert.equal(review.response.allowed, true);
      assert.equal(reply.headers.connection, 'close');
    });
    const { code, ms } = await s.exited;
    assert.equal(code, 0);
    assert.ok(ms < 10_000, `exited ${ms} ms after SIGTERM`);
    assert.ok(s.logs.some((l) => l.msg === 'stopped'));
    const admissions = s.logs.filter((l) => l.msg === 'admission');
    assert.equal(admissions.length, 4);
    for (const field of ['uid', 'kind', 'namespace', 'name', 'operation', 'decision', 'durationMs']) {
      assert.ok(field in admissions[0], `log has ${field}`);
    }
  } finally {
    s.child.kill('SIGKILL');
    await rm(s.dir, { recursive: true, force: true });
  }
});

test('SIGTERM: a client that never finishes cannot hold the process past the grace period', async () => {
  const s = await serve(['--shutdown-grace', '1s']);
  try {
    const stuck = halfSent(s, JSON.stringify(job('stuck')));
    stuck.reply.catch(() => undefined);
    await sleep(300);
    s.child.kill('SIGTERM');
    const { code, ms } = await s.exited;
    assert.equal(code, 0);
    assert.ok(ms >= 900 && ms < 5000, `exited ${ms} ms after SIGTERM`);
  } finally {
    s.child.kill('SIGKILL');
    await rm(s.dir, { recursive: true, force: true });
  }
});
