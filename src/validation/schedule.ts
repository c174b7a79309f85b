// spec.schedule grammar: a port of robfig/cron v3.0.1 ParseStandard (what the API server runs,
// through pkg/util/parsers.ParseCronScheduleWithPanicRecovery), with its exact error texts.
// cron-parser accepts a different grammar (6 fields, L, #, dow 7) and rejects some of ours
// (`0 0 31 2 *`, `@every`), so it is only used to compute run times (see runs.ts).
import { atoi, goFields, goToLower, goTrimSpace, parseGoDuration, type GoInt } from './gostrings.ts';
import { loadLocationError } from './timezone.ts';

/** One cron field: the selected values and robfig's "star bit" (`*` or `?` without a step > 1). */
export interface CronField {
  readonly values: readonly number[];
  readonly star: boolean;
}

export interface SpecSchedule {
  readonly kind: 'spec';
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
  /** From a `TZ=`/`CRON_TZ=` prefix; undefined means the controller's local zone. */
  readonly location: string | undefined;
}

export interface EverySchedule {
  readonly kind: 'every';
  /** robfig's Every(): at least 1s, truncated to whole seconds. */
  readonly delaySeconds: number;
  readonly location: string | undefined;
}

export type Schedule = SpecSchedule | EverySchedule;
export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; message: string };

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names: ReadonlyMap<string, number> | undefined;
}

const MINUTES: Bounds = { min: 0, max: 59, names: undefined };
const HOURS: Bounds = { min: 0, max: 23, names: undefined };
const DOM: Bounds = { min: 1, max: 31, names: undefined };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: new Map(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((n, i) => [n, i + 1])),
};
const DOW: Bounds = { min: 0, max: 6, names: new Map(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((n, i) => [n, i])) };

const range = (min: number, max: number): number[] => Array.from({ length: max - min + 1 }, (_, i) => min + i);
const all = (b: Bounds): CronField => ({ values: range(b.min, b.max), star: true });
const only = (v: number): CronField => ({ values: [v], star: false });

const DESCRIPTORS: ReadonlyMap<string, Omit<SpecSchedule, 'kind' | 'location'>> = (() => {
  const yearly = { minute: only(0), hour: only(0), dayOfMonth: only(1), month: only(1), dayOfWeek: all(DOW) };
  const monthly = { ...yearly, month: all(MONTHS) };
  const weekly = { ...monthly, dayOfMonth: all(DOM), dayOfWeek: only(0) };
  const daily = { ...weekly, dayOfWeek: all(DOW) };
  const hourly = { ...daily, hour: all(HOURS) };
  return new Map([
    ['@yearly', yearly],
    ['@annually', yearly],
    ['@monthly', monthly],
    ['@weekly', weekly],
    ['@daily', daily],
    ['@midnight', daily],
    ['@hourly', hourly],
  ]);
})();

class ScheduleError extends Error {}

/** Go's `%s` of a []string. */
const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

function mustParseInt(expr: string): GoInt {
  const r = atoi(expr);
  if (!r.ok) throw new ScheduleError(`failed to parse int from ${expr}: ${r.message}`);
  if (r.int.value < 0) throw new ScheduleError(`negative number (${r.int.text}) not allowed: ${expr}`);
  return r.int;
}

function parseIntOrName(expr: string, names: ReadonlyMap<string, number> | undefined): GoInt {
  if (names !== undefined) {
    const named = names.get(goToLower(expr));
    if (named !== undefined) return { value: named, text: String(named) };
  }
  return mustParseInt(expr);
}

/** getRange: `*`|`?`|number|name, optional `-end`, optional `/step`, into `into`. Returns the star bit. */
function getRange(expr: string, r: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: GoInt;
  let end: GoInt;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // robfig ignores anything after `*-`, so `*-5` is `*`.
    start = { value: r.min, text: String(r.min) };
    end = { value: r.max, text: String(r.max) };
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new ScheduleError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]).value;
    if (singleDigit) end = { value: r.max, text: String(r.max) };
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new ScheduleError(`too many slashes: ${expr}`);
  }
  if (start.value < r.min) throw new ScheduleError(`beginning of range (${start.text}) below minimum (${r.min}): ${expr}`);
  if (end.value > r.max) throw new ScheduleError(`end of range (${end.text}) above maximum (${r.max}): ${expr}`);
  if (start.value > end.value) throw new ScheduleError(`beginning of range (${start.text}) beyond end of range (${end.text}): ${expr}`);
  if (step === 0) throw new ScheduleError(`step of range should be a positive number: ${expr}`);
  for (let i = start.value; i <= end.value; i += step) into.add(i);
  return star;
}

/** getField: a comma list of ranges; empty items are skipped (so `,` selects nothing). */
function getField(field: string, r: Bounds): CronField {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    if (expr === '') continue;
    if (getRange(expr, r, values)) star = true;
  }
  return { values: [...values].sort((a, b) => a - b), star };
}

function parseDescriptor(descriptor: string, location: string | undefined): Schedule {
  const fixed = DESCRIPTORS.get(descriptor);
  if (fixed !== undefined) return { kind: 'spec', ...fixed, location };
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const d = parseGoDuration(descriptor.slice(every.length));
    if (!d.ok) throw new ScheduleError(`failed to parse duration ${descriptor}: ${d.message}`);
    const seconds = d.ns < 1_000_000_000n ? 1 : Number(d.ns / 1_000_000_000n);
    return { kind: 'every', delaySeconds: seconds, location };
  }
  throw new ScheduleError(`unrecognized descriptor: ${descriptor}`);
}

function parse(input: string): Schedule {
  let spec = input;
  if (spec.length === 0) throw new ScheduleError('empty spec string');
  let location: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    // Go slices spec[eq+1:i] with i = -1 and panics; the API server recovers and reports it.
    if (i < 0) throw new ScheduleError('invalid schedule format: runtime error: slice bounds out of range [:-1]');
    const name = spec.slice(spec.indexOf('=') + 1, i);
    const err = loadLocationError(name);
    if (err !== undefined) throw new ScheduleError(`provided bad location ${name}: ${err}`);
    location = name;
    spec = goTrimSpace(spec.slice(i));
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, location);
  const fields = goFields(spec);
  if (fields.length !== 5) throw new ScheduleError(`expected exactly 5 fields, found ${fields.length}: ${goList(fields)}`);
  return {
    kind: 'spec',
    minute: getField(fields[0], MINUTES),
    hour: getField(fields[1], HOURS),
    dayOfMonth: getField(fields[2], DOM),
    month: getField(fields[3], MONTHS),
    dayOfWeek: getField(fields[4], DOW),
    location,
  };
}

// Validation runs on every admission request and CronJob specs repeat, so results are memoised
// (bounded: the map is dropped whole when full, which keeps the hot path a single lookup).
const MEMO_LIMIT = 4096;
const memo = new Map<string, ParseResult>();

/** robfig/cron v3.0.1 ParseStandard, as validated by the API server: the schedule or Go's error text. */
export function parseSchedule(spec: string): ParseResult {
  const hit = memo.get(spec);
  if (hit !== undefined) return hit;
  let result: ParseResult;
  try {
    result = { ok: true, schedule: parse(spec) };
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    result = { ok: false, message: e.message };
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(spec, result);
  return result;
}
