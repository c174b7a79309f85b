// Builders for defaulted, prepared Jobs (what validateJobCreate / validateJobUpdate receive) and a compact
// rendering of error lists for assertions.
import { errorString, type ErrorList } from '../../../src/field/index.ts';

export type Json = Record<string, unknown>;
export const UID = '0b8c6f2e-3c1a-4a7e-9d1f-5e2b7a9c4d10';
export const CUID = 'batch.kubernetes.io/controller-uid';
export const JNAME = 'batch.kubernetes.io/job-name';

export function generatedLabels(name = 'myjob', uid = UID): Record<string, string> {
  return { [CUID]: uid, [JNAME]: name, 'controller-uid': uid, 'job-name': name };
}

export function container(name = 'main', extra: Json = {}): Json {
  return {
    name,
    image: 'busybox:1.36',
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
    ...extra,
  };
}

/** A valid NonIndexed Job as stored after create. */
export function baseJob(): Json {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'myjob', namespace: 'default', uid: UID, resourceVersion: '1000', generation: 1, labels: generatedLabels() },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      manualSelector: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { [CUID]: UID } },
      template: {
        metadata: { labels: generatedLabels() },
        spec: {
          restartPolicy: 'Never',
          dnsPolicy: 'ClusterFirst',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
          securityContext: {},
          containers: [container()],
        },
      },
    },
    status: {},
  };
}

/** Deep-merges `patch` into a copy of `target`; an `undefined` value removes the key, arrays replace. */
export function merge(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null && !Array.isArray(out[k])) {
      out[k] = merge(out[k] as Json, v as Json);
    } else out[k] = v;
  }
  return out;
}

/** baseJob with spec fields merged in. */
export const jobWith = (spec: Json, rest: Json = {}): Json => merge(baseJob(), { ...rest, spec });

/** An Indexed job with the given completions/parallelism. */
export const indexedJob = (spec: Json = {}): Json =>
  jobWith({ completionMode: 'Indexed', completions: 5, parallelism: 5, ...spec });

/** `field type: detail` per error, the way assertions read best. */
export const summary = (errs: ErrorList): string[] => errs.map((e) => `${e.field} ${e.type}: ${e.detail}`);
export const messages = (errs: ErrorList): string[] => errs.map(errorString);
