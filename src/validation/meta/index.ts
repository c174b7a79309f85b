// Public surface of the metadata validators other modules (Job, CronJob, pod template) build on.
export { validateObjectMeta, validateObjectMetaUpdate, nameIsDNSSubdomain, type ObjectMetaOptions } from './objectmeta.ts';
export { validateLabels, validateAnnotations, validateLabelName, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES } from './labels.ts';
export { validateLabelSelector, selectorMatchesLabels, type LabelSelectorOptions } from './selector.ts';
