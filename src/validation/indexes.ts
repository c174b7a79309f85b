// The index-interval grammar of Indexed Jobs ("1,3-5,7"), used by spec.successPolicy.rules[].succeededIndexes
// and by status.completedIndexes / status.failedIndexes. Strict parsing mirrors the API server's
// validateIndexesFormat / parseIndexInterval (errors worded exactly as upstream); the lenient parser and the
// formatter mirror the Job controller's orderedIntervals, which the embedded controller reuses.

import { goQuote } from '../field/index.ts';

export interface IndexInterval {
  readonly first: number;
  readonly last: number;
}

export type ParsedIndexes =
  | { readonly ok: true; readonly intervals: IndexInterval[]; readonly total: number }
  | { readonly ok: false; readonly message: string };

// Go strconv.Atoi in base 10: optional sign, ASCII digits, must fit in int64.
const ATOI = /^[+-]?[0-9]+$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Go strconv.Atoi; undefined where Go returns an error. Values beyond 2^53 lose precision but keep their order. */
export function goAtoi(s: string): number | undefined {
  if (!ATOI.test(s)) return undefined;
  if (s.length > 18) {
    const big = BigInt(s);
    if (big > INT64_MAX || big < INT64_MIN) return undefined;
  }
  return Number(s);
}

type IntervalResult = { ok: true; first: number; last: number } | { ok: false; message: string };

function parseIndexInterval(fragment: string, completions: number): IntervalResult {
  const limits = fragment.split('-');
  if (limits.length > 2) {
    return {
      ok: false,
      message: `the fragment ${goQuote(fragment)} violates the requirement that an index interval can have at most two parts separated by '-'`,
    };
  }
  const first = goAtoi(limits[0]);
  if (first === undefined) return { ok: false, message: `cannot convert string to integer for index: ${goQuote(limits[0])}` };
  if (first >= completions) return { ok: false, message: `too large index: ${goQuote(limits[0])}` };
  if (limits.length === 1) return { ok: true, first, last: first };
  const last = goAtoi(limits[1]);
  if (last === undefined) return { ok: false, message: `cannot convert string to integer for index: ${goQuote(limits[1])}` };
  if (last >= completions) return { ok: false, message: `too large index: ${goQuote(limits[1])}` };
  if (first >= last) return { ok: false, message: `non-increasing order, previous: ${first}, current: ${last}` };
  return { ok: true, first, last };
}

/**
 * Strict parse (the API server's validateIndexesFormat): every index below `completions`, intervals strictly
 * increasing. The empty string is valid and names no index. `message` is the text that follows
 * "error parsing succeededIndexes: " in the API error.
 */
export function parseIndexesFromString(s: string, completions: number): ParsedIndexes {
  const intervals: IndexInterval[] = [];
  if (s.length === 0) return { ok: true, intervals, total: 0 };
  let total = 0;
  let lastIndex: number | undefined;
  for (const fragment of s.split(',')) {
    const r = parseIndexInterval(fragment, completions);
    if (!r.ok) return r;
    if (lastIndex !== undefined && lastIndex >= r.first) {
      return { ok: false, message: `non-increasing order, previous: ${lastIndex}, current: ${r.first}` };
    }
    intervals.push({ first: r.first, last: r.last });
    total += r.last - r.first + 1;
    lastIndex = r.last;
  }
  return { ok: true, intervals, total };
}

/**
 * The API server's validateFailedIndexesNotOverlapCompleted: the overlap message, or undefined. Fragments that
 * do not parse are skipped (their format error is reported separately).
 */
export function indexesOverlapMessage(completed: string, failed: string, completions: number): string | undefined {
  if (completed.length === 0 || failed.length === 0) return undefined;
  const cs = completed.split(',');
  const fs = failed.split(',');
  let ci = 0;
  let fi = 0;
  let c = parseIndexInterval(cs[0], completions);
  let f = parseIndexInterval(fs[0], completions);
  while (ci < cs.length && fi < fs.length) {
    if (!c.ok) {
      ci++;
      if (ci < cs.length) c = parseIndexInterval(cs[ci], completions);
    } else if (!f.ok) {
      fi++;
      if (fi < fs.length) f = parseIndexInterval(fs[fi], completions);
    } else {
      if (c.first <= f.last && f.first <= c.last) {
        return `failedIndexes and completedIndexes overlap at index: ${Math.max(c.first, f.first)}`;
      }
      if (c.first <= f.first) {
        ci++;
        if (ci < cs.length) c = parseIndexInterval(cs[ci], completions);
      } else {
        fi++;
        if (fi < fs.length) f = parseIndexInterval(fs[fi], completions);
      }
    }
  }
  return undefined;
}

/**
 * Lenient parse used by the Job controller (parseIndexesFromString in indexed_job_utils.go): corrupted
 * fragments are skipped, parsing stops at the first index >= completions, a last index beyond it is clamped,
 * and touching intervals are joined.
 */
export function parseIndexesLenient(s: string, completions: number): IndexInterval[] {
  const result: { first: number; last: number }[] = [];
  if (s.length === 0) return result;
  for (const fragment of s.split(',')) {
    const limits = fragment.split('-');
    const first = goAtoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const parsed = goAtoi(limits[1]);
      if (parsed === undefined) continue;
      last = parsed >= completions ? completions - 1 : parsed;
    }
    const prev = result[result.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

/** orderedIntervals.String(): "1,3-5"; a two-index interval is written "1,2". */
export function formatIndexIntervals(intervals: readonly IndexInterval[]): string {
  let out = '';
  for (const iv of intervals) {
    if (out.length > 0) out += ',';
    out += String(iv.first);
    if (iv.last > iv.first) out += (iv.last === iv.first + 1 ? ',' : '-') + String(iv.last);
  }
  return out;
}

/** Number of indexes named by ordered intervals. */
export function countIndexes(intervals: readonly IndexInterval[]): number {
  let n = 0;
  for (const iv of intervals) n += iv.last - iv.first + 1;
  return n;
}

/** Whether ordered intervals contain an index (binary search, as orderedIntervals.has). */
export function intervalsHave(intervals: readonly IndexInterval[], ix: number): boolean {
  let lo = 0;
  let hi = intervals.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (intervals[mid].last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < intervals.length && intervals[hi].first <= ix;
}

/** orderedIntervals.merge: union of two ordered interval lists, joining touching intervals. */
export function mergeIndexIntervals(a: readonly IndexInterval[], b: readonly IndexInterval[]): IndexInterval[] {
  const result: { first: number; last: number }[] = [];
  const add = (iv: IndexInterval): void => {
    const prev = result[result.length - 1];
    if (prev === undefined || iv.first > prev.last + 1) result.push({ first: iv.first, last: iv.last });
    else if (prev.last < iv.last) prev.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i].first < b[j].first) add(a[i++]);
    else add(b[j++]);
  }
  while (i < a.length) add(a[i++]);
  while (j < b.length) add(b[j++]);
  return result;
}

/** Ordered intervals holding the given sorted, distinct indexes merged into `base` (withOrderedIndexes). */
export function withOrderedIndexes(base: readonly IndexInterval[], sortedIndexes: readonly number[]): IndexInterval[] {
  return mergeIndexIntervals(
    base,
    sortedIndexes.map((ix) => ({ first: ix, last: ix })),
  );
}
