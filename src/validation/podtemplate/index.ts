// Public surface of the core pod template validation used by Job and CronJob.
export { validatePodTemplateSpec } from './template.ts';
export { podTemplateWarnings } from './warnings.ts';
export { podTemplateOptionsFor, type PodTemplateOptions } from './options.ts';
export { parseQuantity, quantityString, compareQuantities, type Quantity, type QuantityResult } from './quantity.ts';
