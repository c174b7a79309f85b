// CronJob validation as the 1.36 API server runs it (pkg/apis/batch/validation ValidateCronJobCreate,
// ValidateCronJobUpdate, validateCronJobSpec, ValidateJobTemplateSpec; options from the cronjob
// strategy). Inputs are decoded and defaulted CronJobs; the checks run in the source's order.
import { invalid, notSupported, required, root, type ErrorList, type Path } from '../field/index.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta/index.ts';
import { isObject, num, obj, str, type JsonObject } from './meta/json.ts';
import { validateJobSpec, type JobSpecOptions } from './jobspec.ts';
import { jobValidationOptions } from './joboptions.ts';
import { goLabelSelector } from './jobrender.ts';
import { parseSchedule } from './schedule.ts';
import { goJsonString, validateTimeZone } from './timezone.ts';

const METADATA = root('metadata');
const SPEC = root('spec');
const NON_NEGATIVE = 'must be greater than or equal to 0';
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'] as const;
// The controller names each Job `<cronjob>-<minutes since epoch>` (11 more bytes) and Job names
// must stay DNS labels of 63 bytes: DNS1035LabelMaxLength - 11.
const MAX_CRONJOB_NAME_BYTES = 52;
const CREATE_OPTIONS: JobSpecOptions = jobValidationOptions().spec;

/** Strategy Validate on CREATE. */
export function validateCronJobCreate(cronJob: unknown): ErrorList {
  const cj = obj(cronJob);
  const errs = validateObjectMeta(cj.metadata, METADATA, { namespaced: true });
  errs.push(...validateCronJobSpec(obj(cj.spec), undefined, SPEC, CREATE_OPTIONS));
  const name = str(obj(cj.metadata).name);
  if (Buffer.byteLength(name, 'utf8') > MAX_CRONJOB_NAME_BYTES) {
    errs.push(invalid(METADATA.child('name'), name, `must be no more than ${MAX_CRONJOB_NAME_BYTES} characters`));
  }
  return errs;
}

/** Strategy ValidateUpdate. The 52-byte name limit is not applied, so old long names stay editable. */
export function validateCronJobUpdate(cronJob: unknown, oldCronJob: unknown): ErrorList {
  const cj = obj(cronJob);
  const old = obj(oldCronJob);
  const errs = validateObjectMetaUpdate(cj.metadata, old.metadata, METADATA);
  errs.push(...validateCronJobSpec(obj(cj.spec), obj(old.spec), SPEC, templateOptions(old)));
  return errs;
}

/** pod.GetValidationOptionsFromPodTemplate(new, old) for the job template, as the Job strategy derives it. */
function templateOptions(oldCronJob: JsonObject): JobSpecOptions {
  const oldJobSpec = obj(obj(obj(oldCronJob.spec).jobTemplate).spec);
  return jobValidationOptions({ spec: { template: oldJobSpec.template } }).spec;
}

function validateCronJobSpec(spec: JsonObject, oldSpec: JsonObject | undefined, path: Path, opts: JobSpecOptions): ErrorList {
  const errs: ErrorList = [];
  const schedule = str(spec.schedule);
  if (schedule.length === 0) errs.push(required(path.child('schedule')));
  else {
    const allowTZInSchedule = oldSpec !== undefined && str(oldSpec.schedule).includes('TZ');
    errs.push(...validateScheduleFormat(schedule, allowTZInSchedule, spec.timeZone, path.child('schedule')));
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, path.child('startingDeadlineSeconds')));
  // Pointer equality: both unset, or both set to the same string. An unchanged bad zone is kept.
  if (oldSpec === undefined || !sameOptionalString(oldSpec.timeZone, spec.timeZone)) {
    errs.push(...validateTimeZone(spec.timeZone ?? undefined, path.child('timeZone')));
  }
  errs.push(...validateConcurrencyPolicy(str(spec.concurrencyPolicy), path.child('concurrencyPolicy')));
  errs.push(...validateJobTemplateSpec(obj(spec.jobTemplate), path.child('jobTemplate'), opts));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, path.child('successfulJobsHistoryLimit')));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, path.child('failedJobsHistoryLimit')));
  return errs;
}

const sameOptionalString = (a: unknown, b: unknown): boolean => (a ?? undefined) === (b ?? undefined);

function nonNegative(value: unknown, path: Path): ErrorList {
  const n = num(value);
  return n !== undefined && n < 0 ? [invalid(path, n, NON_NEGATIVE)] : [];
}

function validateScheduleFormat(schedule: string, allowTZInSchedule: boolean, timeZone: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  const parsed = parseSchedule(schedule);
  if (!parsed.ok) errs.push(invalid(path, schedule, parsed.message));
  const hasTZ = schedule.includes('TZ');
  if (allowTZInSchedule && hasTZ && timeZone !== undefined && timeZone !== null) {
    errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZInSchedule && hasTZ) {
    errs.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

function validateConcurrencyPolicy(policy: string, path: Path): ErrorList {
  if ((CONCURRENCY_POLICIES as readonly string[]).includes(policy)) return [];
  // Defaulting sets Allow, so an empty policy only reaches here from an undefaulted object.
  if (policy === '') return [required(path)];
  // batch.ConcurrencyPolicy is a named string type, which apimachinery prints through encoding/json.
  return [notSupported(path, goJsonString(policy), CONCURRENCY_POLICIES)];
}

/** ValidateJobTemplateSpec: the Job spec rules, and no user selector (the controller generates it). */
function validateJobTemplateSpec(template: JsonObject, path: Path, opts: JobSpecOptions): ErrorList {
  const spec = obj(template.spec);
  const specPath = path.child('spec');
  const errs = validateJobSpec(spec, specPath, opts);
  if (isObject(spec.selector)) errs.push(invalid(specPath.child('selector'), goLabelSelector(spec.selector), '`selector` will be auto-generated'));
  if (spec.manualSelector === true) errs.push(notSupported(specPath.child('manualSelector'), true, ['nil', 'false']));
  return errs;
}
