// Sorted, disjoint index intervals: the representation behind status.completedIndexes,
// status.failedIndexes and successPolicy succeededIndexes (indexed_job_utils.go orderedIntervals).

export interface Interval {
  first: number;
  last: number;
}

export type Intervals = Interval[];

/** Parses "1,3-5,7"; drops indexes >= completions and skips corrupted parts, as the controller does. */
export function parseIntervals(text: string, completions: number): Intervals {
  const result: Intervals = [];
  if (text === '') return result;
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = atoi(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const parsed = atoi(limits[1]);
      if (parsed === undefined) continue;
      last = Math.min(parsed, completions - 1);
    }
    const previous = result[result.length - 1];
    if (previous && previous.last === first - 1) previous.last = last;
    else result.push({ first, last });
  }
  return result;
}

// Go strconv.Atoi: optional sign, decimal digits only.
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

export function formatIntervals(intervals: Intervals): string {
  return intervals
    .map(({ first, last }) => (last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`))
    .join(',');
}

export function total(intervals: Intervals): number {
  return intervals.reduce((sum, { first, last }) => sum + last - first + 1, 0);
}

export function has(intervals: Intervals, index: number): boolean {
  let lo = 0;
  let hi = intervals.length;
  while (hi > lo) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (intervals[mid].last >= index) hi = mid;
    else lo = mid + 1;
  }
  return hi < intervals.length && intervals[hi].first <= index;
}

export function merge(a: Intervals, b: Intervals): Intervals {
  const result: Intervals = [];
  const push = (next: Interval): void => {
    const last = result[result.length - 1];
    if (!last || next.first > last.last + 1) result.push({ ...next });
    else if (last.last < next.last) last.last = next.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(a[i].first < b[j].first ? a[i++] : b[j++]);
  while (i < a.length) push(a[i++]);
  while (j < b.length) push(b[j++]);
  return result;
}

/** Adds indexes (any order, duplicates allowed). */
export function withIndexes(intervals: Intervals, indexes: Iterable<number>): Intervals {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  return merge(intervals, sorted.map((ix) => ({ first: ix, last: ix })));
}
