// A defaulted, valid Job pod template and helpers to vary it and read back errors briefly.
import { root, type ErrorList } from '../../../../src/field/index.ts';
import { validatePodTemplateSpec, type PodTemplateOptions } from '../../../../src/validation/podtemplate/index.ts';

export type Json = Record<string, any>;

export function baseTemplate(): Json {
  return {
    metadata: { labels: { app: 'pi' } },
    spec: {
      restartPolicy: 'Never',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      containers: [
        {
          name: 'pi',
          image: 'perl:5.34',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
    },
  };
}

export const templatePath = root('spec', 'template');

/** Validates the base template after `mutate` changed it. */
export function check(mutate: (t: Json) => void, opts: PodTemplateOptions = {}): ErrorList {
  const t = baseTemplate();
  mutate(t);
  return validatePodTemplateSpec(t, templatePath, opts);
}

export const brief = (errs: ErrorList) => errs.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));

/** The first (or only) container of the template. */
export const ctr = (t: Json): Json => t.spec.containers[0];
