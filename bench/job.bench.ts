// Cost of Job validation per admission request, by stage: create (plain and with every Indexed feature),
// update (ValidateJob + ValidateJobUpdate, the spec validated twice), prepare, and the template comparison.
// Run: node bench/job.bench.ts
import { validateJobCreate, validateJobUpdate } from '../src/validation/job.ts';
import { prepareJobForCreate, prepareJobForUpdate } from '../src/validation/prepare.ts';
import { semanticEqual } from '../src/validation/jobequality.ts';
import { parseIndexesFromString } from '../src/validation/indexes.ts';

function bench(name: string, iterations: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`${name.padEnd(48)} ${(ns / 1000).toFixed(3).padStart(10)} µs/op`);
}

const uid = '0b8c6f2e-3c1a-4a7e-9d1f-5e2b7a9c4d10';
const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' };
const job = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default', uid, resourceVersion: '7', generation: 1, labels },
  spec: {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    manualSelector: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
    template: {
      metadata: { labels },
      spec: {
        restartPolicy: 'Never',
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30,
        securityContext: {},
        containers: [
          {
            name: 'pi',
            image: 'perl:5.34',
            command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
            imagePullPolicy: 'IfNotPresent',
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
      },
    },
  },
  status: {},
};
const indexed = {
  ...job,
  spec: {
    ...job.spec,
    completionMode: 'Indexed',
    completions: 100,
    parallelism: 10,
    backoffLimitPerIndex: 1,
    maxFailedIndexes: 5,
    podReplacementPolicy: 'Failed',
    podFailurePolicy: {
      rules: [
        { action: 'FailIndex', onExitCodes: { operator: 'In', values: [1, 2, 3] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    },
    successPolicy: { rules: [{ succeededIndexes: '0-9,20,30-39', succeededCount: 15 }] },
  },
};
const resized = structuredClone(job);
resized.spec.template.spec.containers[0].resources.limits.cpu = '0.5';

bench('validateJobCreate, plain Job', 100_000, () => validateJobCreate(job));
bench('validateJobCreate, Indexed + policies', 100_000, () => validateJobCreate(indexed));
bench('validateJobUpdate, unchanged', 50_000, () => validateJobUpdate(job, job));
bench('prepareJobForCreate', 200_000, () => prepareJobForCreate(job));
bench('prepareJobForUpdate', 200_000, () => prepareJobForUpdate(job, job));
bench('semanticEqual(template), quantities differ in text', 200_000, () => semanticEqual(resized.spec.template, job.spec.template, 'template'));
const intervals = Array.from({ length: 1000 }, (_, i) => `${i * 3}-${i * 3 + 1}`).join(',');
bench('parseIndexesFromString, 1000 intervals', 2_000, () => parseIndexesFromString(intervals, 5000));
