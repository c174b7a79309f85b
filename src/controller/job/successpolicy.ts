// spec.successPolicy evaluation (success_policy.go matchSuccessPolicy).
import { parseIntervals, total } from './intervals.ts';
import type { Intervals } from './intervals.ts';
import type { Job } from './types.ts';

/** Returns the SuccessCriteriaMet message ("Matched rules at index N") or undefined. */
export function matchSuccessPolicy(job: Job, completions: number, succeeded: Intervals): string | undefined {
  const rules = job.spec.successPolicy?.rules;
  if (!rules || succeeded.length === 0) return undefined;
  for (const [index, rule] of rules.entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && total(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

function matchSucceededIndexesRule(rule: Intervals, succeeded: Intervals, succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap = Math.min(rule[r].last, succeeded[s].last) - Math.max(rule[r].first, succeeded[s].first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s].last < rule[r].last) s++;
    else if (succeeded[s].last > rule[r].last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === total(rule) || (succeededCount !== undefined && succeededCount !== null && contains >= succeededCount);
}
