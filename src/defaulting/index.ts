export { defaultJob } from './job.ts';
export { defaultCronJob } from './cronjob.ts';
export { diffPatch, escapePointerToken, type JsonPatchOp } from './patch.ts';
export { parsePolicy, type Policy, type JobPolicy, type CronJobPolicy, type PolicyResult } from './policy.ts';
export { imageTag, defaultPullPolicy } from './image.ts';
