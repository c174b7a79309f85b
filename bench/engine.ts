// Throughput of the engine: reviewObject (structure check, defaults + patch, prepare, validation,
// warnings) on three typical objects, plus the structure check and defaulting alone.
//   node bench/engine.ts [seconds-per-case]
import { loadavg } from 'node:os';
import { reviewObject } from '../src/engine/index.ts';
import { checkStructure } from '../src/validation/structure.ts';
import { defaultCronJob, defaultJob, diffPatch } from '../src/defaulting/index.ts';
import { sizedReviews } from './server/reviews.ts';

const seconds = Number(process.argv[2] ?? 1);
console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores shared; a busy machine slows every figure)`);

const plainJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: {
    backoffLimit: 4,
    template: {
      spec: {
        containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }],
        restartPolicy: 'Never',
      },
    },
  },
};

const indexedJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'shards', namespace: 'batch', labels: { team: 'data' } },
  spec: {
    completionMode: 'Indexed',
    completions: 100,
    parallelism: 10,
    backoffLimitPerIndex: 2,
    maxFailedIndexes: 10,
    podFailurePolicy: {
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'worker', operator: 'In', values: [42] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailIndex', onExitCodes: { operator: 'In', values: [3, 4, 5] } },
      ],
    },
    successPolicy: { rules: [{ succeededIndexes: '0-9,20', succeededCount: 5 }] },
    template: {
      metadata: { labels: { app: 'shards' } },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'worker',
            image: 'registry.example.com/worker:v2',
            env: [{ name: 'SHARD', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
            resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
          },
        ],
      },
    },
  },
};

const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly', namespace: 'ops' },
  spec: {
    schedule: '30 2 * * 1-5',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      spec: {
        backoffLimit: 2,
        template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'report', image: 'busybox:1.36', args: ['sh', '-c', 'date'] }] } },
      },
    },
  },
};

// Wall time is misleading on a shared machine, so the figures come from this process's CPU time
// (user + system), which other processes do not inflate.
function measure(label: string, fn: () => unknown): void {
  for (let i = 0; i < 2000; i++) fn(); // warm-up: let V8 optimise
  let n = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - start;
  const us = (cpuMs * 1000) / n;
  const wallUs = (wallMs * 1000) / n;
  console.log(
    `${label.padEnd(52)} ${us.toFixed(2).padStart(8)} µs/op CPU ${Math.round(n / (cpuMs / 1000)).toLocaleString('en-US').padStart(10)} ops/s/core   (wall ${wallUs.toFixed(2)} µs)`,
  );
}

// What the webhook receives behind a real API server: the object already defaulted, so defaulting
// finds nothing to do and the patch is empty.
{
  const stored = defaultJob(plainJob);
  measure('reviewObject CREATE plain Job, already defaulted', () => reviewObject({ kind: 'Job', operation: 'CREATE', object: stored }));
}
// What the validating webhook runs (no patch) on the busy ~5 KB Job of the server benchmark:
// three containers with env, resources and mounts.
{
  const body = JSON.parse(sizedReviews().find((r) => r.label === '5KB')!.body) as { request: { object: unknown; namespace: string } };
  const { object, namespace } = body.request;
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object, namespace, patch: false });
  if (v.errors.length > 0) throw new Error(`busy 5KB Job is not valid: ${JSON.stringify(v.errors)}`);
  measure('reviewObject CREATE busy 5KB Job, patch:false', () => reviewObject({ kind: 'Job', operation: 'CREATE', object, namespace, patch: false }));
  // The server parses every review afresh: new objects and strings each time, which the same object
  // over and over hides (hidden-class feedback, hashed strings). The parse alone is the baseline.
  const text = sizedReviews().find((r) => r.label === '5KB')!.body;
  measure('  JSON.parse of the 5KB review alone', () => JSON.parse(text));
  measure('  JSON.parse + reviewObject, fresh each time', () => {
    const { request } = JSON.parse(text) as { request: { object: unknown; namespace: string } };
    return reviewObject({ kind: 'Job', operation: 'CREATE', object: request.object, namespace: request.namespace, patch: false });
  });
}
for (const [name, object] of [
  ['plain Job', plainJob],
  ['Indexed Job + podFailurePolicy + successPolicy', indexedJob],
] as const) {
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object });
  if (v.errors.length > 0) throw new Error(`${name} is not valid: ${JSON.stringify(v.errors)}`);
  measure(`reviewObject CREATE ${name}`, () => reviewObject({ kind: 'Job', operation: 'CREATE', object }));
  measure(`  checkStructure ${name}`, () => checkStructure('Job', object));
  measure(`  defaultJob + diffPatch ${name}`, () => diffPatch(object, defaultJob(object)));
}
{
  const v = reviewObject({ kind: 'CronJob', operation: 'CREATE', object: cronJob });
  if (v.errors.length > 0) throw new Error(`CronJob is not valid: ${JSON.stringify(v.errors)}`);
  measure('reviewObject CREATE CronJob', () => reviewObject({ kind: 'CronJob', operation: 'CREATE', object: cronJob }));
  measure('  checkStructure CronJob', () => checkStructure('CronJob', cronJob));
  measure('  defaultCronJob + diffPatch CronJob', () => diffPatch(cronJob, defaultCronJob(cronJob)));
}
