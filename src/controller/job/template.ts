// The pod the controller creates from spec.template (controller_utils.go GetPodFromTemplate,
// indexed_job_utils.go and manageJob's additions).
import {
  COMPLETION_INDEX_ENV, COMPLETION_INDEX_KEY, INDEX_FAILURE_COUNT_ANNOTATION, INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_TRACKING_FINALIZER, MAX_GENERATED_NAME_LENGTH,
} from './constants.ts';
import { matchPodFailurePolicy } from './podfailurepolicy.ts';
import { indexFailureCount, indexIgnoredFailureCount } from './pods.ts';
import type { Container, Job, Pod } from './types.ts';

export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

/** The failure-count annotations a replacement inherits from the failed pod it replaces. */
export function newIndexFailureCounts(job: Job, replaced: Pod | undefined): { failures: number; ignored: number } {
  if (!replaced) return { failures: 0, ignored: 0 };
  let failures = indexFailureCount(replaced);
  let ignored = indexIgnoredFailureCount(replaced);
  if (job.spec.podFailurePolicy && !matchPodFailurePolicy(job, replaced).countFailed) ignored++;
  else failures++;
  return { failures, ignored };
}

function withIndexEnv(containers: Container[] | undefined): Container[] | undefined {
  return containers?.map((c) =>
    c.env?.some((v) => v.name === COMPLETION_INDEX_ENV)
      ? c
      : { ...c, env: [...(c.env ?? []), { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX_KEY}']` } } }] });
}

/**
 * The pod manifest for one creation. index is undefined for NonIndexed Jobs; replaced is the failed
 * pod of that index whose failure counts carry over (backoffLimitPerIndex).
 */
export function podFromTemplate(job: Job, index: number | undefined, replaced: Pod | undefined): Pod {
  const template = structuredClone(job.spec.template);
  const labels = { ...(template.metadata?.labels ?? {}) };
  const annotations = { ...(template.metadata?.annotations ?? {}) };
  const finalizers = [...(template.metadata?.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  const spec = template.spec ?? {};
  const name = job.metadata.name!;
  let generateName = `${name}-`;
  if (index !== undefined) {
    spec.initContainers = withIndexEnv(spec.initContainers);
    spec.containers = withIndexEnv(spec.containers);
    if (spec.initContainers === undefined) delete spec.initContainers;
    annotations[COMPLETION_INDEX_KEY] = String(index);
    labels[COMPLETION_INDEX_KEY] = String(index);
    spec.hostname = `${name}-${index}`;
    generateName = podGenerateNameWithIndex(name, index);
    if (job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null) {
      const counts = newIndexFailureCounts(job, replaced);
      annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(counts.failures);
      if (counts.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(counts.ignored);
    }
  }
  const metadata: Pod['metadata'] = {
    generateName,
    labels,
    finalizers,
    ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }],
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}
