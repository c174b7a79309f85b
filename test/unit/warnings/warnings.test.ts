import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BATCHGUARD_PREFIX, cronJobWarnings, jobWarnings } from '../../../src/warnings/index.ts';

const NOW = Date.UTC(2026, 0, 10); // DST lookahead: 2026-01-10 .. 2027-01-11
const cronJob = (spec: Record<string, unknown> = {}, name = 'nightly', generation?: number): Record<string, any> => ({
  metadata: { name, namespace: 'default', ...(generation === undefined ? {} : { generation }) },
  spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Allow', jobTemplate: { spec: { template: { spec: {} } } }, ...spec },
});
const cw = (cj: unknown, old?: unknown) => cronJobWarnings(cj, old, { now: NOW });
const ours = (ws: string[]) => ws.filter((w) => w.startsWith(BATCHGUARD_PREFIX));

const NAME_DOTS =
  'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]';
const TZ_WARNING =
  'cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details';
const INDEXED =
  'In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail';

test('a plain CronJob gets no warnings', () => {
  assert.deepEqual(cw(cronJob()), []);
});

test('API server: name warning on create only, verbatim', () => {
  assert.deepEqual(cw(cronJob({}, 'nightly.backup')), [NAME_DOTS]);
  assert.deepEqual(jobWarnings({ metadata: { name: 'a.b' }, spec: {} }), [NAME_DOTS]);
  assert.deepEqual(jobWarnings({ metadata: { generateName: 'a.b-' }, spec: {} }), [NAME_DOTS]);
  assert.deepEqual(jobWarnings({ metadata: { name: 'a.b', generation: 1 }, spec: {} }, { metadata: { name: 'a.b', generation: 1 }, spec: {} }), []);
  const upper = jobWarnings({ metadata: { name: 'Ab' }, spec: {} });
  assert.equal(upper.length, 1);
  assert.match(upper[0], /a DNS label is recommended: \[a lowercase RFC 1123 label must consist of/);
});

test('API server: Indexed soft limits, with the Job or jobTemplate path', () => {
  const spec = { completionMode: 'Indexed', completions: 100_001, parallelism: 10_001, template: {} };
  assert.deepEqual(jobWarnings({ metadata: { name: 'j' }, spec }), [`spec: ${INDEXED}`]);
  assert.deepEqual(jobWarnings({ metadata: { name: 'j' }, spec: { ...spec, parallelism: 10_000 } }), []);
  const cj = cronJob();
  cj.spec.jobTemplate.spec = spec;
  assert.deepEqual(cw(cj), [`spec.jobTemplate.spec: ${INDEXED}`]);
  // Update: only when the generation moved (the spec changed).
  const old = { metadata: { name: 'j', generation: 1 }, spec };
  assert.deepEqual(jobWarnings({ metadata: { name: 'j', generation: 1 }, spec }, old), []);
  assert.deepEqual(jobWarnings({ metadata: { name: 'j', generation: 2 }, spec }, old), [`spec: ${INDEXED}`]);
  assert.deepEqual(jobWarnings({ metadata: { name: 'j' }, spec: { ...spec, completions: 100_002 } }, { metadata: { name: 'j' }, spec }), [`spec: ${INDEXED}`]);
});

test('API server: TZ in an updated schedule, with its spec.spec.schedule typo', () => {
  const old = cronJob({ schedule: 'TZ=UTC 0 3 * * *' }, 'n', 1);
  assert.deepEqual(cw(cronJob({ schedule: 'TZ=UTC 0 3 * * *' }, 'n', 1), old), [TZ_WARNING]);
  assert.deepEqual(cw(cronJob({}, 'n', 2), old), []);
});

test('batchguard: schedules that never fire', () => {
  assert.deepEqual(cw(cronJob({ schedule: '0 0 30 2 *' })), ['batchguard: spec.schedule: "0 0 30 2 *" never fires (no February 30)']);
  assert.deepEqual(ours(cw(cronJob({ schedule: '0 0 31 4,6 *' }))), [
    'batchguard: spec.schedule: "0 0 31 4,6 *" never fires (no day 31 in April or June)',
  ]);
  assert.deepEqual(ours(cw(cronJob({ schedule: '0 0 30,31 2 *' }))), ['batchguard: spec.schedule: "0 0 30,31 2 *" never fires (no February 30 or 31)']);
  assert.deepEqual(ours(cw(cronJob({ schedule: '0 0 , * *' }))), [
    'batchguard: spec.schedule: "0 0 , * *" never fires (its day-of-month field selects nothing)',
  ]);
  // Fires: Feb 29 (leap years), day 31 OR Mondays (both day fields restricted), day 31 of some month.
  for (const schedule of ['0 0 29 2 *', '0 0 31 2 1', '0 0 31 1-3 *', '0 0 , * 1']) assert.deepEqual(ours(cw(cronJob({ schedule }))), [], schedule);
});

test('batchguard: DST gap and overlap in spec.timeZone, only for hour-pinned schedules', () => {
  assert.deepEqual(cw(cronJob({ schedule: '30 2 * * *', timeZone: 'America/New_York' })), [
    'batchguard: spec.schedule: the 02:30 run on 2026-03-08 is skipped (DST gap)',
  ]);
  assert.deepEqual(cw(cronJob({ schedule: '30 1 * * 0', timeZone: 'America/New_York' })), [
    'batchguard: spec.schedule: the 01:30 run on 2026-11-01 may start twice (DST overlap)',
  ]);
  assert.deepEqual(cw(cronJob({ schedule: '*/15 2 * * *', timeZone: 'Europe/Berlin' })), [
    'batchguard: spec.schedule: runs at 02:00-02:45 on 2026-03-29 are skipped (DST gap)',
    'batchguard: spec.schedule: runs at 02:00-02:45 on 2026-10-25 may start twice (DST overlap)',
  ]);
  // Not pinned to hours, not in the gap, no DST, or no zone: nothing.
  for (const [schedule, timeZone] of [['*/5 * * * *', 'Europe/Berlin'], ['30 3 * * *', 'America/New_York'], ['30 2 * * *', 'Asia/Tokyo'], ['30 2 * * *', undefined], ['30 2 * * 1', 'America/New_York']]) {
    assert.deepEqual(cw(cronJob({ schedule, timeZone })), [], `${schedule} ${timeZone}`);
  }
});

test('batchguard: an unset timeZone falls back to the schedule\'s CRON_TZ, an empty one does not, whichever came first', () => {
  const schedule = 'CRON_TZ=America/New_York 30 2 * * *';
  assert.deepEqual(ours(cw(cronJob({ schedule, timeZone: '' }))), []);
  assert.deepEqual(ours(cw(cronJob({ schedule }))), ['batchguard: spec.schedule: the 02:30 run on 2026-03-08 is skipped (DST gap)']);
  assert.deepEqual(ours(cw(cronJob({ schedule, timeZone: '' }))), []);
});

test('batchguard: @every below a minute, tiny startingDeadlineSeconds', () => {
  assert.deepEqual(cw(cronJob({ schedule: '@every 30s' })), [
    'batchguard: spec.schedule: @every below 1m runs at most once a minute (Job names are per minute)',
  ]);
  assert.deepEqual(cw(cronJob({ schedule: '@every 90s' })), []);
  assert.deepEqual(cw(cronJob({ startingDeadlineSeconds: 0 })), [
    'batchguard: spec.startingDeadlineSeconds: 0 makes every run too late to start; use 10 or more',
  ]);
  assert.deepEqual(cw(cronJob({ startingDeadlineSeconds: 5 })), [
    'batchguard: spec.startingDeadlineSeconds: 5s is under 10s; runs are missed when the controller lags',
  ]);
  assert.deepEqual(cw(cronJob({ startingDeadlineSeconds: 10 })), []);
});

test('batchguard warnings repeat on update only when the spec changed', () => {
  const cj = cronJob({ schedule: '0 0 30 2 *' }, 'n', 3);
  assert.deepEqual(cw(cj, cj), []);
  assert.equal(ours(cw(cronJob({ schedule: '0 0 30 2 *' }, 'n', 4), cj)).length, 1);
});

test('every batchguard warning is one line under 120 characters, even for long zone names', () => {
  const all = [
    ...cw(cronJob({ schedule: '*/1 0-23/2 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 * *', timeZone: 'America/Argentina/ComodRivadavia' })),
    ...cw(cronJob({ schedule: '0,5,10,15,20,25,30,35,40,45,50,55 0-3 30,31 2 *' })),
    ...cw(cronJob({ schedule: '0 0 31 2,4,6,9,11 *' })),
    ...cw(cronJob({ schedule: '0,5,10,15,20,25,30,35,40,45,50,55 0-3 31 feb,apr,jun,sep,nov *' })),
    ...cw(cronJob({ schedule: '*/1 1-2 * * *', timeZone: 'America/North_Dakota/New_Salem', startingDeadlineSeconds: 9 })),
    ...cw(cronJob({ schedule: '@every 59s' })),
  ];
  assert.ok(ours(all).length >= 6);
  for (const w of ours(all)) {
    assert.ok(w.length < 120, w);
    assert.ok(!w.includes('\n'), w);
  }
});
