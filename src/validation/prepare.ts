// What the API server does to a Job between decoding (defaulting) and validation, as pure functions:
// on create the generic store's system fields and name generation, then the job strategy's PrepareForCreate
// (generated selector and template labels, generation 1, status cleared); on update the generic BeforeUpdate
// carry-overs (generation, uid, timestamps) and PrepareForUpdate (old status kept, generation bumped when the
// spec changed). All 1.36 Job feature gates are GA or on by default, so no gated Job field is dropped; template
// fields of pod gates that are off are (DropDisabledTemplateFields).
// Inputs are never mutated; untouched subtrees are shared with the input rather than copied.
import { isObject, obj, str, type JsonObject } from './meta/json.ts';
import { semanticEqual } from './jobequality.ts';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from './joboptions.ts';
import { dropDisabledTemplateFields } from './prepare-podtemplate.ts';

/** Stands in for the random UID the API server assigns on create when the object does not carry one yet. */
export const PLACEHOLDER_UID = '00000000-0000-4000-8000-000000000000';
/** Stands in for the 5 random characters of a generated name (names.SimpleNameGenerator). */
const GENERATED_NAME_SUFFIX = 'xxxxx';
const MAX_GENERATED_NAME_BASE = 58;

/** names.SimpleNameGenerator: the base cut to 58 bytes plus 5 random characters (a fixed stand-in here). */
export function generatedName(generateName: string): string {
  return generateName.slice(0, MAX_GENERATED_NAME_BASE) + GENERATED_NAME_SUFFIX;
}

export function prepareJobForCreate(jobIn: unknown): JsonObject {
  const job = obj(jobIn);
  const meta: JsonObject = { ...obj(job.metadata) };
  if (str(meta.uid) === '') meta.uid = PLACEHOLDER_UID;
  const generateName = str(meta.generateName);
  if (str(meta.name) === '' && generateName !== '') meta.name = generatedName(generateName);
  meta.generation = 1;
  const base = withTemplate(obj(job.spec), dropDisabledTemplateFields(obj(job.spec).template));
  const shared = sharesTemplateLabels(meta, base);
  const spec = base.manualSelector === true ? base : withGeneratedSelector(base, str(meta.name), str(meta.uid));
  if (shared) meta.labels = { ...(templateLabels(spec) as JsonObject) };
  return { ...job, metadata: meta, spec, status: {} };
}

/**
 * SetDefaults_Job gives a Job without labels its template's label map when the template has one (even
 * empty): the same Go map, not a copy. On create, generateSelector then writes the job-name and
 * controller-uid labels into that map, so they land in metadata.labels too (and a name that is no
 * valid label value fails there as well). A template without labels gets a new map: nothing shared.
 * batchguard's patch leaves this default to the API server, which keeps the sharing; here it is
 * reproduced for validation.
 */
function sharesTemplateLabels(meta: JsonObject, spec: JsonObject): boolean {
  return isObject(templateLabels(spec)) && !(isObject(meta.labels) && Object.keys(meta.labels).length > 0);
}

function templateLabels(spec: JsonObject): unknown {
  const templateMeta = obj(spec.template).metadata;
  return isObject(templateMeta) ? templateMeta.labels : undefined;
}

/**
 * generateSelector: add the job-name and controller-uid labels (legacy and batch.kubernetes.io/) to the template
 * where absent, and select on batch.kubernetes.io/controller-uid. User-set values are kept; validation then
 * reports any conflict.
 */
function withGeneratedSelector(spec: JsonObject, name: string, uid: string): JsonObject {
  const template = obj(spec.template);
  const templateMeta = obj(template.metadata);
  const labels: JsonObject = { ...obj(templateMeta.labels) };
  // Written out rather than looped over: one store per label key keeps each store specialised.
  if (!Object.hasOwn(labels, LEGACY_JOB_NAME_LABEL)) labels[LEGACY_JOB_NAME_LABEL] = name;
  if (!Object.hasOwn(labels, JOB_NAME_LABEL)) labels[JOB_NAME_LABEL] = name;
  if (!Object.hasOwn(labels, LEGACY_CONTROLLER_UID_LABEL)) labels[LEGACY_CONTROLLER_UID_LABEL] = uid;
  if (!Object.hasOwn(labels, CONTROLLER_UID_LABEL)) labels[CONTROLLER_UID_LABEL] = uid;
  const selector = obj(spec.selector);
  const matchLabels: JsonObject = { ...obj(selector.matchLabels) };
  if (!Object.hasOwn(matchLabels, CONTROLLER_UID_LABEL)) matchLabels[CONTROLLER_UID_LABEL] = uid;
  return {
    ...spec,
    selector: { ...selector, matchLabels },
    template: { ...template, metadata: { ...templateMeta, labels } },
  };
}

/** The spec with `template` replaced, or the same spec when the template is unchanged. */
function withTemplate(spec: JsonObject, template: unknown): JsonObject {
  return template === spec.template ? spec : { ...spec, template };
}

export function prepareJobForUpdate(jobIn: unknown, oldJobIn: unknown): JsonObject {
  const oldJob = obj(oldJobIn);
  const raw = obj(jobIn);
  const rawSpec = obj(raw.spec);
  const template = dropDisabledTemplateFields(rawSpec.template, obj(oldJob.spec).template);
  const job = template === rawSpec.template ? raw : { ...raw, spec: withTemplate(rawSpec, template) };
  const meta: JsonObject = { ...obj(job.metadata) };
  const oldMeta = obj(oldJob.metadata);
  const oldGeneration = typeof oldMeta.generation === 'number' ? oldMeta.generation : 0;
  // Requests cannot set the generation; any spec change bumps it.
  meta.generation = semanticEqual(job.spec, oldJob.spec, 'spec') ? oldGeneration : oldGeneration + 1;
  if (str(meta.uid) === '' && oldMeta.uid !== undefined) meta.uid = oldMeta.uid;
  if (oldMeta.creationTimestamp != null) meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp != null) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds != null && meta.deletionGracePeriodSeconds == null) {
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  }
  if (sharesTemplateLabels(meta, obj(job.spec))) meta.labels = { ...(templateLabels(obj(job.spec)) as JsonObject) };
  const prepared: JsonObject = { ...job, metadata: meta };
  // Status changes through the main resource are dropped: the stored status is kept.
  if (isObject(oldJob.status)) prepared.status = oldJob.status;
  else delete prepared.status;
  return prepared;
}
