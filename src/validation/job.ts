// Job validation as the 1.36 API server runs it: strategy Validate (ValidateJob) on create, and
// ValidateJob + ValidateJobUpdate on update (so spec errors appear twice on update, as upstream).
// Inputs are defaulted and prepared Jobs (prepareJobForCreate / prepareJobForUpdate).
import { invalid, required, root, type ErrorList, type Path } from '../field/index.ts';
import { selectorMatchesLabels, validateObjectMeta } from './meta/index.ts';
import { isObject, obj, str, type JsonObject } from './meta/json.ts';
import { isDNS1123Label } from './names.ts';
import { validateJobSpecAndSelector } from './jobspec.ts';
import {
  CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
  jobValidationOptions,
  type JobValidationOptions,
} from './joboptions.ts';
import { validateJobUpdateOnly } from './jobupdate.ts';
import { goLabelSelector, goMap } from './jobrender.ts';

const METADATA = root('metadata');
const SPEC = root('spec');
const TEMPLATE_METADATA = SPEC.child('template', 'metadata');

/** Strategy Validate on CREATE. */
export function validateJobCreate(job: unknown): ErrorList {
  return validateJob(job, jobValidationOptions());
}

/** Strategy ValidateUpdate: ValidateJob(new) followed by ValidateJobUpdate(new, old), duplicates kept. */
export function validateJobUpdate(job: unknown, oldJob: unknown): ErrorList {
  const opts = jobValidationOptions(oldJob);
  const errs = validateJob(job, opts);
  errs.push(...validateJobUpdateOnly(job, oldJob, opts));
  return errs;
}

/** Upstream ValidateJob. */
export function validateJob(jobIn: unknown, opts: JobValidationOptions): ErrorList {
  const job = obj(jobIn);
  const meta = obj(job.metadata);
  const spec = obj(job.spec);
  const errs = validateObjectMeta(job.metadata, METADATA, { namespaced: true });
  errs.push(...validateGeneratedSelector(meta, spec, opts.requirePrefixedLabels));
  errs.push(...validateJobSpecAndSelector(spec, SPEC, opts.spec));
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    // The controller names pods' hostnames `<job>-<index>`; the highest index must still make a DNS label.
    const name = str(meta.name);
    const maximumPodHostname = `${name}-${spec.completions - 1}`;
    if (isDNS1123Label(maximumPodHostname).length > 0) {
      errs.push(invalid(METADATA.child('name'), name, `will not able to create pod with invalid DNS label: ${maximumPodHostname}`));
    }
  }
  return errs;
}

/** validateGeneratedSelector: without manualSelector, the template must carry the generated labels. */
function validateGeneratedSelector(meta: JsonObject, spec: JsonObject, validateBatchLabels: boolean): ErrorList {
  const errs: ErrorList = [];
  if (spec.manualSelector === true || !isObject(spec.selector)) return errs;
  const uid = str(meta.uid);
  const name = str(meta.name);
  if (uid === '') errs.push(required(METADATA.child('uid')));
  const templateMeta = obj(obj(spec.template).metadata);
  errs.push(...validateHasLabel(templateMeta, TEMPLATE_METADATA, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(templateMeta, TEMPLATE_METADATA, LEGACY_JOB_NAME_LABEL, name));
  const expected: Record<string, string> = {};
  if (validateBatchLabels) {
    errs.push(...validateHasLabel(templateMeta, TEMPLATE_METADATA, CONTROLLER_UID_LABEL, uid));
    errs.push(...validateHasLabel(templateMeta, TEMPLATE_METADATA, JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  if (selectorMatchesLabels(spec.selector, expected) === false) {
    errs.push(invalid(SPEC.child('selector'), goLabelSelector(spec.selector), '`selector` not auto-generated'));
  }
  return errs;
}

/** core ValidateHasLabel. */
function validateHasLabel(templateMeta: JsonObject, path: Path, key: string, expected: string): ErrorList {
  const labels = obj(templateMeta.labels);
  if (!Object.hasOwn(labels, key)) return [required(path.child('labels').key(key), `must be '${expected}'`)];
  if (str(labels[key]) !== expected) return [invalid(path.child('labels').key(key), goMap(templateMeta.labels), `must be '${expected}'`)];
  return [];
}
