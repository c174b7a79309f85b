// UTC-offset transitions of an IANA zone, from the runtime's ICU data (Intl). Used to find the wall-clock
// times a DST change skips (gap) or repeats (overlap).

export interface Transition {
  /** The instant (ms since epoch) the new offset starts. */
  readonly at: number;
  /** UTC offsets in minutes before and after. */
  readonly before: number;
  readonly after: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      f = null; // a Go-only name (posix/…, localtime) that ICU does not know
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset in minutes at `ms`. */
function offsetAt(f: Intl.DateTimeFormat, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((wall - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
}

// Current rules never change a zone's offset twice within a week (Morocco's Ramadan pause, the
// shortest, lasts about a month), so weekly samples find every transition at a seventh of the cost.
const STEP = 7 * DAY;
const CACHE_LIMIT = 512;
const cache = new Map<string, Transition[] | undefined>();

/**
 * Transitions in [from, from + days), narrowed to the minute by bisection; undefined when the runtime
 * does not know the zone. Memoised per zone and window, as every CronJob in a zone asks the same.
 */
export function transitions(zone: string, from: number, days: number): Transition[] | undefined {
  const key = `${zone}\u0000${from}\u0000${days}`;
  if (cache.has(key)) return cache.get(key);
  const result = compute(zone, from, days);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function compute(zone: string, from: number, days: number): Transition[] | undefined {
  const f = formatter(zone);
  if (f === null) return undefined;
  const out: Transition[] = [];
  const start = Math.floor(from / MINUTE) * MINUTE;
  const end = start + days * DAY;
  let prev = offsetAt(f, start);
  for (let t = start + STEP; t - STEP < end; t += STEP) {
    const cur = offsetAt(f, t);
    if (cur === prev) continue;
    let lo = t - STEP; // offset `prev` here
    let hi = t; // offset `cur` here
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
      if (offsetAt(f, mid) === prev) lo = mid;
      else hi = mid;
    }
    if (hi < end) out.push({ at: hi, before: prev, after: cur });
    prev = cur;
  }
  return out;
}
