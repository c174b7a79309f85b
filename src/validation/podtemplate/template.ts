// ValidatePodTemplateSpec (core validation): template metadata, then the pod spec.
import { forbidden, type ErrorList, type Path } from '../../field/index.ts';
import { validateAnnotations, validateLabels } from '../meta/labels.ts';
import { arr, obj } from '../meta/json.ts';
import type { PodTemplateOptions } from './options.ts';
import { validatePodSpec } from './podspec.ts';

export function validatePodTemplateSpec(template: unknown, path: Path, opts: PodTemplateOptions): ErrorList {
  const t = obj(template);
  const meta = obj(t.metadata);
  const spec = obj(t.spec);
  const errs: ErrorList = [];
  errs.push(...validateLabels(meta.labels, path.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, path.child('annotations')));
  errs.push(...validatePodSpec(spec, path.child('spec'), opts));
  if (arr(spec.ephemeralContainers).length > 0) {
    errs.push(forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
