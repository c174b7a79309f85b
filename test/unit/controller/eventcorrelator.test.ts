// client-go's event correlation, as the built-in Job controller's events get it: counts for
// repeats, combined messages past 10 per reason, 25 events per object then one per 5 minutes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventCorrelator, type Correlation, type EventRecord } from '../../../src/controller/eventcorrelator.ts';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
let serial = 0;
const event = (reason: string, message: string, job = 'pi', now = T0): EventRecord => ({
  name: `${job}.${++serial}`,
  namespace: 'ns',
  involvedObject: { kind: 'Job', namespace: 'ns', name: job, uid: `uid-${job}`, apiVersion: 'batch/v1' },
  source: { component: 'job-controller' },
  type: 'Normal',
  reason,
  message,
  count: 1,
  firstTimestamp: iso(now),
  lastTimestamp: iso(now),
});
const run = (c: EventCorrelator, e: EventRecord, now = T0): Correlation => c.correlate(e, now, iso);

test('a repeat bumps the count of the first Event, under its name', () => {
  const c = new EventCorrelator();
  const first = run(c, event('Completed', 'Job completed'));
  assert.equal(first.action, 'create');
  const again = run(c, event('Completed', 'Job completed'), T0 + 5000);
  assert.deepEqual(again.action === 'patch' && [again.name, again.patch], [
    first.action === 'create' && first.event.name,
    { count: 2, lastTimestamp: '2026-11-22T10:00:05Z', message: 'Job completed' },
  ]);
  assert.equal(again.action === 'patch' && again.event.firstTimestamp, '2026-11-22T10:00:00Z');
});

test('the tenth distinct message of one reason within 10 minutes is combined, and later ones count on it', () => {
  const c = new EventCorrelator();
  const results = Array.from({ length: 12 }, (_, i) => run(c, event('SuccessfulCreate', `Created pod: pi-${i}`), T0 + i));
  assert.ok(results.slice(0, 9).every((r) => r.action === 'create' && !r.event.message.startsWith('(combined')));
  const combined = results[9];
  assert.equal(combined.action === 'create' && combined.event.message, '(combined from similar events): Created pod: pi-9');
  assert.deepEqual(results.slice(10).map((r) => r.action === 'patch' && [r.name, r.patch.count, r.patch.message]), [
    [combined.action === 'create' && combined.event.name, 2, '(combined from similar events): Created pod: pi-10'],
    [combined.action === 'create' && combined.event.name, 3, '(combined from similar events): Created pod: pi-11'],
  ]);
  // Past the interval the reason starts afresh.
  const later = run(c, event('SuccessfulCreate', 'Created pod: pi-99'), T0 + 601_000);
  assert.equal(later.action === 'create' && later.event.message, 'Created pod: pi-99');
});

test('each object may write 25 events at once, then one per 5 minutes', () => {
  const c = new EventCorrelator();
  const reasons = Array.from({ length: 27 }, (_, i) => `Reason${i}`);
  const actions = reasons.map((r) => run(c, event(r, 'm')).action);
  assert.deepEqual(actions.slice(0, 25), Array(25).fill('create'));
  assert.deepEqual(actions.slice(25), ['skip', 'skip']);
  assert.equal(run(c, event('Other', 'm', 'other-job')).action, 'create');
  assert.equal(run(c, event('Late', 'm'), T0 + 299_000).action, 'skip');
  assert.equal(run(c, event('Later', 'm'), T0 + 301_000).action, 'create');
});
