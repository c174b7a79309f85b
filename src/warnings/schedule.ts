// batchguard's own schedule warnings: schedules that can never fire, `@every` below the controller's
// one-minute resolution, and runs that a DST change skips or repeats in spec.timeZone.
// Each is one short line; the caller adds the batchguard prefix.
import { goQuote } from '../field/index.ts';
import { parseSchedule, type CronField, type SpecSchedule } from '../validation/schedule.ts';
import { transitions } from './transitions.ts';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// robfig's search allows a leap year, so February 29 does fire.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MINUTE = 60_000;
const DAY = 86_400_000;
const LOOKAHEAD_DAYS = 366;
const FIELD = 'spec.schedule';

/** English list: `a`, `a or b`, `a, b or c`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

// Room for a line: under 120 characters once the caller adds "batchguard: ".
const MAX_LENGTH = 119 - 'batchguard: '.length;

/** The first candidate that fits on the line (the last one always does). */
const fit = (...candidates: string[]): string => candidates.find((c) => c.length <= MAX_LENGTH) ?? candidates[candidates.length - 1];

/** Why a 5-field schedule can never fire (robfig's dayMatches rules), or undefined. */
function neverFires(s: SpecSchedule): string | undefined {
  for (const [name, field] of [['minute', s.minute], ['hour', s.hour], ['month', s.month]] as const) {
    if (field.values.length === 0) return `its ${name} field selects nothing`; // e.g. `,`
  }
  const dom = s.dayOfMonth;
  const dow = s.dayOfWeek;
  const realDays = dom.values.filter((d) => s.month.values.some((m) => d <= DAYS_IN_MONTH[m - 1]));
  // With a star in either day field robfig requires both to match; otherwise either one.
  const fires = dom.star || dow.star ? realDays.length > 0 && dow.values.length > 0 : realDays.length > 0 || dow.values.length > 0;
  if (fires) return undefined;
  if (dom.values.length === 0 || (dow.values.length === 0 && realDays.length > 0)) {
    return `its ${dom.values.length === 0 ? 'day-of-month' : 'day-of-week'} field selects nothing`;
  }
  const months = s.month.values.map((m) => MONTH_NAMES[m - 1]);
  const days = dom.values.map(String);
  return months.length === 1 ? `no ${months[0]} ${orList(days)}` : `no day ${orList(days)} in ${orList(months)}`;
}

interface Matcher {
  matches(wall: Date): boolean;
}

function matcher(s: SpecSchedule): Matcher {
  const set = (f: CronField): ReadonlySet<number> => new Set(f.values);
  const [minute, hour, dom, month, dow] = [set(s.minute), set(s.hour), set(s.dayOfMonth), set(s.month), set(s.dayOfWeek)];
  const and = s.dayOfMonth.star || s.dayOfWeek.star;
  return {
    matches(w) {
      if (!minute.has(w.getUTCMinutes()) || !hour.has(w.getUTCHours()) || !month.has(w.getUTCMonth() + 1)) return false;
      const d = dom.has(w.getUTCDate());
      const wd = dow.has(w.getUTCDay());
      return and ? d && wd : d || wd;
    },
  };
}

/** Go also reads Debian's posix/ and right/ copies; ICU knows them by their plain names. */
const icuZone = (zone: string): string => zone.replace(/^(?:posix|right)\//, '');

const hhmm = (wall: Date): string => wall.toISOString().slice(11, 16);
const ymd = (wall: Date): string => wall.toISOString().slice(0, 10);

/**
 * Runs inside the first DST gap (skipped: robfig steps over the missing hour) and the first overlap
 * (the repeated wall-clock time matches twice, so the controller starts two Jobs) in the next year.
 * Only schedules pinned to particular hours are checked: for an hourly or more frequent schedule a
 * lost or extra run at a DST change is routine and the warning would be noise.
 */
function dstWarnings(s: SpecSchedule, zone: string, now: number): string[] {
  if (s.hour.values.length === 24) return [];
  const changes = transitions(icuZone(zone), now, LOOKAHEAD_DAYS);
  if (changes === undefined) return [];
  const m = matcher(s);
  const out: string[] = [];
  let gapSeen = false;
  let overlapSeen = false;
  for (const t of changes) {
    const gap = t.after > t.before;
    if ((gap && gapSeen) || (!gap && overlapSeen)) continue;
    // The wall-clock interval the change skips (gap) or repeats (overlap), as UTC-based wall times.
    const from = t.at + Math.min(t.before, t.after) * MINUTE;
    const to = t.at + Math.max(t.before, t.after) * MINUTE;
    const hits: Date[] = [];
    for (let w = from; w < to && w - from < DAY; w += MINUTE) {
      const wall = new Date(w);
      if (m.matches(wall)) hits.push(wall);
    }
    if (hits.length === 0) continue;
    const first = hhmm(hits[0]);
    const last = hhmm(hits[hits.length - 1]);
    const single = hits.length === 1;
    const runs = single ? `the ${first} run on ${ymd(hits[0])}` : `runs at ${first}-${last} on ${ymd(hits[0])}`;
    if (gap) gapSeen = true;
    else overlapSeen = true;
    // The zone is left out: it is spec.timeZone, and long zone names would push the line past 120.
    out.push(gap ? `${FIELD}: ${runs} ${single ? 'is' : 'are'} skipped (DST gap)` : `${FIELD}: ${runs} may start twice (DST overlap)`);
  }
  return out;
}

// Kept for the current UTC day (the lookahead window moves daily, nothing else changes), by zone
// then schedule: two lookups of the request's strings cost less than building one key from them.
const CACHE_LIMIT = 2048;
// An unset timeZone is its own key: analyse() falls back to the schedule's CRON_TZ for it, not for ''.
const cache = new Map<string | undefined, Map<string, readonly string[]>>();
let cacheDay = Number.NaN;
let cacheSize = 0;

/** batchguard's schedule findings for a CronJob, unprefixed; nothing for an unparseable schedule. */
export function scheduleWarnings(schedule: string, timeZone: string | undefined, now: number): readonly string[] {
  const day = Math.floor(now / DAY);
  if (day !== cacheDay || cacheSize >= CACHE_LIMIT) {
    cache.clear();
    cacheDay = day;
    cacheSize = 0;
  }
  let bySchedule = cache.get(timeZone);
  if (bySchedule === undefined) {
    bySchedule = new Map();
    cache.set(timeZone, bySchedule);
  }
  let result = bySchedule.get(schedule);
  if (result === undefined) {
    result = analyse(schedule, timeZone, day * DAY);
    bySchedule.set(schedule, result);
    cacheSize++;
  }
  return result;
}

function analyse(schedule: string, timeZone: string | undefined, now: number): string[] {
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) return [];
  const s = parsed.schedule;
  if (s.kind === 'every') {
    // Jobs are named `<cronjob>-<minutes since epoch>`, so a second run in the same minute collides.
    if (s.delaySeconds >= 60) return [];
    return [`${FIELD}: @every below 1m runs at most once a minute (Job names are per minute)`];
  }
  const never = neverFires(s);
  if (never !== undefined) {
    return [fit(`${FIELD}: ${goQuote(schedule)} never fires (${never})`, `${FIELD}: never fires (${never})`, `${FIELD}: never fires (no selected day exists)`)];
  }
  const zone = timeZone ?? s.location;
  return zone === undefined || zone === '' || zone === 'UTC' ? [] : dstWarnings(s, zone, now);
}
