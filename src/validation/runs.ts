// Upcoming run times of a valid schedule, computed by cron-parser. The schedule is parsed with our
// robfig grammar first and handed to cron-parser as explicit value lists, so both agree on what the
// fields mean (robfig's star bit maps to cron-parser's wildcard, which drives the same
// day-of-month/day-of-week AND/OR rule). Around DST changes cron-parser moves a run out of a gap
// where robfig skips it, so runs whose wall-clock time no longer matches are dropped; robfig also
// repeats runs in an overlap, which is not reproduced here (src/warnings reports both cases).
import { CronExpressionParser } from 'cron-parser';
import { parseSchedule, type CronField, type Schedule } from './schedule.ts';

const fieldText = (f: CronField): string => (f.star ? '*' : f.values.join(','));
/** Go reads Debian's posix/ and right/ copies of the database; ICU knows the plain names. */
const icuZone = (zone: string): string => zone.replace(/^(?:posix|right)\//, '');

/**
 * The next `n` run times strictly after `from`. `timeZone` (spec.timeZone) wins over a TZ= prefix;
 * with neither, UTC (the usual controller-manager zone). Empty for a schedule that is invalid or
 * never fires.
 */
export function nextRuns(schedule: string | Schedule, timeZone: string | undefined, from: Date, n: number): Date[] {
  let s: Schedule;
  if (typeof schedule === 'string') {
    const parsed = parseSchedule(schedule);
    if (!parsed.ok) return [];
    s = parsed.schedule;
  } else s = schedule;
  if (n <= 0) return [];
  if (s.kind === 'every') {
    // robfig's ConstantDelaySchedule: whole seconds after the previous time.
    const start = Math.floor(from.getTime() / 1000) * 1000;
    return Array.from({ length: n }, (_, i) => new Date(start + (i + 1) * s.delaySeconds * 1000));
  }
  const fields = [s.minute, s.hour, s.dayOfMonth, s.month, s.dayOfWeek];
  if (fields.some((f) => f.values.length === 0)) return [];
  const zone = timeZone ?? s.location;
  const tz = zone === undefined || zone === '' ? 'UTC' : icuZone(zone);
  let expr;
  try {
    expr = CronExpressionParser.parse(`0 ${fields.map(fieldText).join(' ')}`, { currentDate: from, tz });
  } catch {
    // cron-parser rejects day-of-month values no selected month has (robfig accepts them and never fires).
    return [];
  }
  const hours = new Set(s.hour.values);
  const minutes = new Set(s.minute.values);
  const clock = wallClock(tz);
  const out: Date[] = [];
  // A gap drops at most a few runs a year; the bound only guards against a pathological loop.
  for (let tries = 0; out.length < n && tries < n + 100; tries++) {
    const d = expr.next().toDate();
    const [h, m] = clock(d);
    if (hours.has(h) && minutes.has(m)) out.push(d);
  }
  return out;
}

const clocks = new Map<string, (d: Date) => [number, number]>();

/** Hour and minute of `d` on the wall clock of `tz`. */
function wallClock(tz: string): (d: Date) => [number, number] {
  let clock = clocks.get(tz);
  if (clock === undefined) {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' });
    clock = (d) => {
      const parts = f.formatToParts(d);
      return [Number(parts.find((p) => p.type === 'hour')?.value), Number(parts.find((p) => p.type === 'minute')?.value)];
    };
    clocks.set(tz, clock);
  }
  return clock;
}
