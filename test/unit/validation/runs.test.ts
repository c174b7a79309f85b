import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRuns } from '../../../src/validation/runs.ts';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const FROM = new Date('2026-03-07T12:00:00Z');

test('nextRuns in UTC by default and in spec.timeZone', () => {
  assert.deepEqual(iso(nextRuns('0 3 * * *', undefined, FROM, 2)), ['2026-03-08T03:00:00.000Z', '2026-03-09T03:00:00.000Z']);
  assert.deepEqual(iso(nextRuns('@weekly', 'Asia/Tokyo', FROM, 2)), ['2026-03-07T15:00:00.000Z', '2026-03-14T15:00:00.000Z']);
  // TZ= prefix is used when spec.timeZone is absent.
  assert.deepEqual(iso(nextRuns('TZ=Asia/Tokyo 0 0 * * *', undefined, FROM, 1)), ['2026-03-07T15:00:00.000Z']);
});

test('robfig semantics: grammar cron-parser lacks, AND/OR of day fields, DST gap skipped', () => {
  assert.deepEqual(iso(nextRuns('@every 90s', undefined, FROM, 2)), ['2026-03-07T12:01:30.000Z', '2026-03-07T12:03:00.000Z']);
  // Both day fields restricted: either matches (Monday the 9th, then Wednesday April 1st after the Mondays).
  const orRuns = iso(nextRuns('0 12 1 * 1', undefined, FROM, 5));
  assert.deepEqual(orRuns, ['2026-03-09T12:00:00.000Z', '2026-03-16T12:00:00.000Z', '2026-03-23T12:00:00.000Z', '2026-03-30T12:00:00.000Z', '2026-04-01T12:00:00.000Z']);
  // 02:30 does not exist in New York on 2026-03-08: robfig skips that day.
  assert.deepEqual(iso(nextRuns('30 2 * * *', 'America/New_York', FROM, 2)), ['2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  assert.deepEqual(iso(nextRuns('*/1 * * * *', 'posix/Europe/Berlin', FROM, 1)), ['2026-03-07T12:01:00.000Z']);
});

test('never-firing, invalid or unknown-zone schedules give no runs', () => {
  assert.deepEqual(nextRuns('0 0 31 2 *', undefined, FROM, 3), []);
  assert.deepEqual(nextRuns('0 0 , * *', undefined, FROM, 3), []);
  assert.deepEqual(nextRuns('not a schedule', undefined, FROM, 3), []);
  assert.deepEqual(nextRuns('0 0 * * *', 'Nope/Zone', FROM, 3), []);
  assert.deepEqual(nextRuns('0 0 * * *', undefined, FROM, 0), []);
});
