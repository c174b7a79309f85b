import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSchedule, type SpecSchedule } from '../../../src/validation/schedule.ts';

// Verdicts of the real Go code (robfig/cron v3.0.1 + Go 1.26 time/strconv, with the API server's
// panic recovery), produced by test/tools/cron-oracle from its specs.json.
const oracle = JSON.parse(readFileSync(new URL('./fixtures/schedule-oracle.json', import.meta.url), 'utf8')) as Array<{
  spec: string;
  error: string;
}>;

test('every spec gets the same verdict and message as robfig/cron on the API server', () => {
  assert.ok(oracle.length > 150);
  for (const { spec, error } of oracle) {
    const r = parseSchedule(spec);
    assert.equal(r.ok ? '' : r.message, error, `spec ${JSON.stringify(spec)}`);
  }
});

const cases: Array<[string, string]> = [
  ['0 0 31 2 *', ''],
  ['@every 1h', ''],
  ['@midnight', ''],
  ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
  ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
  ['0 0 * * 5#3', 'failed to parse int from 5#3: strconv.Atoi: parsing "5#3": invalid syntax'],
  ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
  ['TZ=UTC * * * * *', ''],
  ['TZ=Bogus/Zone * * * * *', 'provided bad location Bogus/Zone: unknown time zone Bogus/Zone'],
  ['TZ=UTC', 'invalid schedule format: runtime error: slice bounds out of range [:-1]'],
  ['', 'empty spec string'],
  ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
  ['9007199254740993 * * * *', 'end of range (9007199254740993) above maximum (59): 9007199254740993'],
];
for (const [spec, message] of cases) {
  test(`grammar: ${JSON.stringify(spec)} -> ${message || 'ok'}`, () => {
    const r = parseSchedule(spec);
    assert.equal(r.ok ? '' : r.message, message);
  });
}

test('fields hold robfig bit sets and star bits', () => {
  const r = parseSchedule('*/15 9-17 * jan,JUL 1-5');
  assert.ok(r.ok && r.schedule.kind === 'spec');
  const s = r.schedule as SpecSchedule;
  assert.deepEqual(s.minute, { values: [0, 15, 30, 45], star: false });
  assert.deepEqual(s.hour.values, [9, 10, 11, 12, 13, 14, 15, 16, 17]);
  assert.deepEqual(s.dayOfMonth.star, true);
  assert.deepEqual(s.month.values, [1, 7]);
  assert.deepEqual(s.dayOfWeek, { values: [1, 2, 3, 4, 5], star: false });
  const every = parseSchedule('TZ=Europe/Berlin @every 90.5s');
  assert.deepEqual(every, { ok: true, schedule: { kind: 'every', delaySeconds: 90, location: 'Europe/Berlin' } });
  const tiny = parseSchedule('@every -5m');
  assert.ok(tiny.ok && tiny.schedule.kind === 'every' && tiny.schedule.delaySeconds === 1);
  const weekly = parseSchedule('@weekly');
  assert.ok(weekly.ok && weekly.schedule.kind === 'spec' && weekly.schedule.dayOfWeek.values.join() === '0');
});
