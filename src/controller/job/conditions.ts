// Job conditions and the API server's time format (whole seconds, RFC 3339, no fractions).
import type { JobCondition } from './types.ts';

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t };
}

export function findCondition(list: JobCondition[] | undefined, type: string): JobCondition | undefined {
  return list?.find((c) => c.type === type);
}

export function hasTrueCondition(list: JobCondition[] | undefined, type: string): boolean {
  return findCondition(list, type)?.status === 'True';
}

/** util.IsJobFinished: Complete or Failed is True. */
export function isFinished(list: JobCondition[] | undefined): boolean {
  return hasTrueCondition(list, 'Complete') || hasTrueCondition(list, 'Failed');
}

/**
 * ensureJobConditionStatus: rewrites a condition whose status, reason or message differ, and never
 * adds a condition with status False. Returns the new list and whether it changed.
 */
export function ensureCondition(list: JobCondition[], type: string, status: string, reason: string, message: string, now: number): [JobCondition[], boolean] {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const next = [...list];
      next[i] = newCondition(type, status, reason, message, now);
      return [next, true];
    }
    return [list, false];
  }
  if (status !== 'False') return [[...list, newCondition(type, status, reason, message, now)], true];
  return [list, false];
}
