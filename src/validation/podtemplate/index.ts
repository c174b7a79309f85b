// Public surface of the core pod template validation used by Job and CronJob.
export { validatePodTemplateSpec } from './template.ts';
export { podTemplateWarnings } from './warnings.ts';
export type { PodTemplateOptions } from './options.ts';
