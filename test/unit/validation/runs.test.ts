import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// robfig's own Next() through the controller's "TZ=<zone> " prefix (test/tools/cron-oracle runs).
const oracle = JSON.parse(readFileSync(new URL('./fixtures/runs-oracle.json', import.meta.url), 'utf8')) as Array<{
  spec: string;
  timeZone: string;
  from: string;
  n: number;
  runs: string[];
}>;

test('nextRuns agrees with robfig Next, except that an overlap run happens once, not twice', () => {
  assert.ok(oracle.length >= 15);
  for (const q of oracle) {
    const got = iso(nextRuns(q.spec, q.timeZone || undefined, new Date(q.from), q.n)).map((s) => s.replace('.000Z', 'Z'));
    if (q.spec === '30 1 * * *' && q.timeZone === 'America/New_York') {
      // robfig: 2026-11-01 01:30 EDT and 01:30 EST; cron-parser keeps the first.
      assert.deepEqual(got.slice(0, 3), [q.runs[0], q.runs[1], q.runs[3]]);
      continue;
    }
    assert.deepEqual(got, q.runs, `${q.spec} in ${q.timeZone || 'UTC'} from ${q.from}`);
  }
});
