// Admission warnings for Job and CronJob: first the API server's own (byte-identical, so users see the
// same text with or without batchguard), then batchguard's.
//
// batchguard's warnings start with "batchguard: " so a user can tell them from the API server's and
// knows where to look (and whom to blame). Each is one line under 120 characters, and each must earn
// its place, since kubectl prints them on every apply:
// - a schedule that can never fire (e.g. February 30) or selects nothing;
// - `@every` below one minute (the controller names Jobs per minute, so extra runs collide);
// - runs that a DST change in spec.timeZone skips or starts twice (only for hour-pinned schedules);
// - startingDeadlineSeconds below 10 (0 means every run is late; tiny values miss runs under load).
// Deliberately not warned: Jobs without ttlSecondsAfterFinished. Most Jobs have none, and CronJob Jobs
// are pruned by the history limits, so the warning would appear on nearly every apply.
import { root } from '../field/index.ts';
import { semanticEqual } from '../validation/jobequality.ts';
import { obj, str, type JsonObject } from '../validation/meta/json.ts';
import { SCHEDULE_TZ_WARNING, jobSpecWarnings, nameWarnings } from './apiserver.ts';
import { scheduleWarnings } from './schedule.ts';

export const BATCHGUARD_PREFIX = 'batchguard: ';

export interface WarningOptions {
  /** The time DST lookahead starts from; defaults to now. */
  now?: number;
}

const JOB_SPEC = root('spec');
const JOB_TEMPLATE_SPEC = root('spec', 'jobTemplate', 'spec');
const MIN_STARTING_DEADLINE_SECONDS = 10;
const MAX_GENERATED_NAME_BASE = 58;

/**
 * The name the API server warns about: the registry generates it before the strategy runs, from
 * generateName cut to 58 bytes plus 5 random lowercase alphanumerics (any such suffix warns alike).
 */
function effectiveName(meta: JsonObject): string {
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (name !== '' || generateName === '') return name;
  return `${Buffer.from(generateName, 'utf8').subarray(0, MAX_GENERATED_NAME_BASE).toString('utf8')}xxxxx`;
}

/**
 * Whether the update changes the spec, as a bumped generation says (PrepareForUpdate bumps it when the
 * spec changes); objects without generations (offline use) are compared directly.
 */
function specChanged(object: JsonObject, oldObject: JsonObject): boolean {
  const gen = obj(object.metadata).generation;
  const oldGen = obj(oldObject.metadata).generation;
  if (typeof gen === 'number' && typeof oldGen === 'number') return gen !== oldGen;
  return !semanticEqual(object.spec, oldObject.spec);
}

/** Warnings for a Job CREATE (no oldJob) or UPDATE. */
export function jobWarnings(job: unknown, oldJob?: unknown): string[] {
  const j = obj(job);
  if (oldJob === undefined) {
    return [...nameWarnings(effectiveName(obj(j.metadata))), ...jobSpecWarnings(JOB_SPEC, obj(j.spec), undefined)];
  }
  const old = obj(oldJob);
  return specChanged(j, old) ? jobSpecWarnings(JOB_SPEC, obj(j.spec), obj(old.spec)) : [];
}

/** Warnings for a CronJob CREATE (no oldCronJob) or UPDATE. */
export function cronJobWarnings(cronJob: unknown, oldCronJob?: unknown, options: WarningOptions = {}): string[] {
  const cj = obj(cronJob);
  const spec = obj(cj.spec);
  const jobSpec = obj(obj(spec.jobTemplate).spec);
  const warnings: string[] = [];
  let changed = true;
  if (oldCronJob === undefined) {
    warnings.push(...nameWarnings(effectiveName(obj(cj.metadata))), ...jobSpecWarnings(JOB_TEMPLATE_SPEC, jobSpec, undefined));
  } else {
    const old = obj(oldCronJob);
    changed = specChanged(cj, old);
    if (changed) warnings.push(...jobSpecWarnings(JOB_TEMPLATE_SPEC, jobSpec, obj(obj(obj(old.spec).jobTemplate).spec)));
    if (str(spec.schedule).includes('TZ')) warnings.push(SCHEDULE_TZ_WARNING);
  }
  // Ours repeat only when the spec changes: a label edit should not re-raise schedule findings.
  if (changed) warnings.push(...ownCronJobWarnings(spec, options.now ?? Date.now()).map((w) => BATCHGUARD_PREFIX + w));
  return warnings;
}

function ownCronJobWarnings(spec: JsonObject, now: number): string[] {
  const own: string[] = [];
  const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : undefined;
  own.push(...scheduleWarnings(str(spec.schedule), timeZone, now));
  const deadline = spec.startingDeadlineSeconds;
  if (typeof deadline === 'number' && deadline >= 0 && deadline < MIN_STARTING_DEADLINE_SECONDS) {
    own.push(
      deadline === 0
        ? 'spec.startingDeadlineSeconds: 0 makes every run too late to start; use 10 or more'
        : `spec.startingDeadlineSeconds: ${deadline}s is under 10s; runs are missed when the controller lags`,
    );
  }
  return own;
}
