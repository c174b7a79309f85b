// The admission worker pool with real worker threads: same answers as in-thread, and a worker that
// is replaced (on request or because it went silent past the deadline) fails only what it held.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultingPatch } from '../../../src/admission/defaulting.ts';
import { reviewObject } from '../../../src/engine/index.ts';
import { answerAdmission } from '../../../src/server/answer.ts';
import { AdmissionPool } from '../../../src/server/pool.ts';

const review = (name: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>) => Buffer.from(JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: `uid-${name}`,
    kind: { group: 'batch', version: 'v1', kind: 'Job' },
    name,
    namespace: 'default',
    operation: 'CREATE',
    object: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'default', annotations },
      spec: { ...extra, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
    },
  },
}));

/** Many annotations make a review that takes the worker long to parse and judge (40,000: ~3.5 MB, ~100 ms). */
const manyAnnotations = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`example.com/key-${i}`, 'v'.repeat(60)]));

const deps = { review: reviewObject, defaults: defaultingPatch, controllerName: 'batchguard.io/job-controller', namespaceLabels: () => undefined };

/** A started pool for one test, its workers' events recorded; closed afterwards whatever happened. */
async function withPool(size: number, timeoutMs: number, use: (pool: AdmissionPool, events: string[]) => Promise<void>): Promise<void> {
  const events: string[] = [];
  const pool = new AdmissionPool({ size, controllerName: deps.controllerName, timeoutMs, onEvent: (e) => events.push(e.what) });
  try {
    await pool.started();
    await use(pool, events);
  } finally {
    await pool.close();
  }
}

test('answers what answerAdmission answers in-thread, for valid, invalid and unreadable bodies', async () => {
  await withPool(2, 30_000, async (pool) => {
    const bodies = [review('ok'), review('bad', { parallelism: -1 }), Buffer.from('{"apiVersion": '), Buffer.from('{}')];
    for (const webhook of ['validate', 'mutate'] as const) {
      for (const body of bodies) assert.deepEqual(await pool.answer(webhook, body), answerAdmission(webhook, body, deps));
    }
  });
});

test('requests made in one event-loop turn travel to the worker together and each gets its own answer', async () => {
  await withPool(1, 30_000, async (pool) => {
    const bodies = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? review(`bad-${i}`, { parallelism: -i - 1 }) : i % 3 === 1 ? review(`ok-${i}`, { completions: i }) : Buffer.from(`{"broken": ${i}`),
    );
    // Bodies past 64 KiB cross as transferred bytes, smaller ones as text: both kinds in one message.
    bodies.push(review('big', { completions: 3 }, { 'example.com/blob': 'é'.repeat(40_000) }));
    assert.ok(bodies.at(-1)!.length > 64 * 1024);
    const webhooks = bodies.map((_, i): 'validate' | 'mutate' => (i % 2 === 0 ? 'validate' : 'mutate'));
    const answers = await Promise.all(bodies.map((body, i) => pool.answer(webhooks[i], body)));
    answers.forEach((answer, i) => assert.deepEqual(answer, answerAdmission(webhooks[i], bodies[i], deps), `request ${i}`));
  });
});

test('a restarted worker fails its in-flight requests with a 500, and the pool answers again', async () => {
  await withPool(1, 30_000, async (pool, events) => {
    const inFlight = Array.from({ length: 5 }, (_, i) => pool.answer('validate', review(`job-${i}`)));
    pool.restart(0, 'operator request');
    for (const answer of await Promise.all(inFlight)) {
      assert.equal(answer.code, 500);
      assert.equal(answer.body, 'internal error: operator request\n');
    }
    assert.deepEqual(events, ['restarted: operator request']);
    const after = await pool.answer('validate', review('after'));
    assert.equal(after.code, 200);
    assert.equal(pool.serving(), true);
  });
});

test('a worker silent past the deadline is replaced and its request gets a 500', async () => {
  // A 3 MB review takes far longer than 2 ms to parse and judge: the worker is silent past the deadline.
  await withPool(1, 2, async (pool, events) => {
    const body = review('big', {}, manyAnnotations(40_000));
    assert.ok(body.length > 3_000_000);
    const answer = await pool.answer('validate', body);
    assert.equal(answer.code, 500);
    assert.equal(answer.body, 'internal error: no answer for 2 ms\n');
    assert.deepEqual(events, ['restarted: no answer for 2 ms']);
    await pool.started();
    assert.equal(pool.serving(), true);
  });
});

test('a request overdue behind a worker that still answers gets a 500, and the worker is kept', async () => {
  await withPool(1, 60, async (pool, events) => {
    const slow = review('slow', {}, manyAnnotations(80_000));
    // Sent together: the quick answer comes back after the slow request (~200 ms of work) left, so
    // the worker is known to be alive when the slow one is overdue.
    const [quick, late] = await Promise.all([pool.answer('validate', review('quick')), pool.answer('validate', slow)]);
    assert.equal(quick.code, 200);
    assert.equal(late.code, 500);
    assert.equal(late.body, 'internal error: not answered within 60 ms\n');
    assert.deepEqual(events, []);
  });
});

test('closing answers what is still pending with a 500 and stops the workers', async () => {
  const pool = new AdmissionPool({ size: 1, controllerName: deps.controllerName, timeoutMs: 30_000 });
  await pool.started();
  const pending = pool.answer('validate', review('late'));
  await pool.close();
  const answer = await pending;
  assert.ok(answer.code === 200 || answer.body === 'internal error: server shutting down\n', answer.body);
  assert.equal(pool.serving(), false);
  assert.equal((await pool.answer('validate', review('closed'))).code, 500);
});
