// The CronJob strategy's PrepareForCreate/PrepareForUpdate (pkg/registry/batch/cronjob) plus the
// generic store's carry-overs, as pure functions: status cleared or kept, generation, and the pod
// template fields of disabled gates dropped (pod.DropDisabledTemplateFields on the jobTemplate).
import { prepareJobForUpdate } from '../validation/prepare.ts';
import { dropDisabledTemplateFields } from '../validation/prepare-podtemplate.ts';

type JsonObject = Record<string, unknown>;
const asObject = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});

/** The CronJob with its jobTemplate's pod template passed through dropDisabledTemplateFields (copy-on-write). */
function withTemplateFieldsDropped(cj: JsonObject, oldCj?: JsonObject): JsonObject {
  const spec = asObject(cj.spec);
  const jobTemplate = asObject(spec.jobTemplate);
  const jobSpec = asObject(jobTemplate.spec);
  const oldTemplate = oldCj === undefined ? undefined : asObject(asObject(asObject(oldCj.spec).jobTemplate).spec).template;
  const template = dropDisabledTemplateFields(jobSpec.template, oldTemplate);
  if (template === jobSpec.template) return cj;
  return { ...cj, spec: { ...spec, jobTemplate: { ...jobTemplate, spec: { ...jobSpec, template } } } };
}

/** Create: disabled template fields dropped, status cleared, generation 1. */
export function prepareCronJobForCreate(cronJob: unknown): JsonObject {
  const cj = withTemplateFieldsDropped(asObject(cronJob));
  return { ...cj, metadata: { ...asObject(cj.metadata), generation: 1 }, status: {} };
}

/**
 * Update: disabled template fields dropped unless the stored template used them, then the stored
 * status kept, the generation bumped when the spec changed, and uid and timestamps carried over:
 * the same steps the Job strategy takes, so its port is reused.
 */
export function prepareCronJobForUpdate(cronJob: unknown, oldCronJob: unknown): JsonObject {
  return prepareJobForUpdate(withTemplateFieldsDropped(asObject(cronJob), asObject(oldCronJob)), oldCronJob);
}
