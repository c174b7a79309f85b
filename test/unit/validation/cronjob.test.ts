import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../src/field/index.ts';
import { validateCronJobCreate, validateCronJobUpdate } from '../../../src/validation/cronjob.ts';

// A defaulted, valid CronJob; each test changes one thing.
function cronJob(spec: Record<string, unknown> = {}, name = 'nightly'): Record<string, any> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', resourceVersion: '7' },
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              dnsPolicy: 'ClusterFirst',
              schedulerName: 'default-scheduler',
              terminationGracePeriodSeconds: 30,
              securityContext: {},
              containers: [
                { name: 'c', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
              ],
            },
          },
        },
      },
      ...spec,
    },
  };
}
const create = (cj: unknown) => validateCronJobCreate(cj).map(errorString);
const update = (cj: unknown, old: unknown) => validateCronJobUpdate(cj, old).map(errorString);

test('a valid CronJob has no errors', () => {
  assert.deepEqual(create(cronJob()), []);
  assert.deepEqual(create(cronJob({ schedule: '@every 1h', timeZone: 'Europe/Berlin' })), []);
  assert.deepEqual(create(cronJob({ schedule: '0 0 31 2 *' })), []);
});

test('schedule errors carry the parser message and the TZ ban', () => {
  assert.deepEqual(create(cronJob({ schedule: '' })), ['spec.schedule: Required value']);
  assert.deepEqual(create(cronJob({ schedule: '0 0 * * 7' })), ['spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7']);
  assert.deepEqual(create(cronJob({ schedule: 'TZ=UTC' })), [
    'spec.schedule: Invalid value: "TZ=UTC": invalid schedule format: runtime error: slice bounds out of range [:-1]',
    'spec.schedule: Invalid value: "TZ=UTC": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
  ]);
});

test('errors come in the source order: schedule, deadline, timeZone, policy, template, limits, name', () => {
  const cj = cronJob(
    { schedule: 'x', startingDeadlineSeconds: -1, timeZone: 'Bad/Zone', concurrencyPolicy: 'Sometimes', successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -2 },
    'a'.repeat(53),
  );
  cj.spec.jobTemplate.spec.parallelism = -1;
  assert.deepEqual(create(cj), [
    'spec.schedule: Invalid value: "x": expected exactly 5 fields, found 1: [x]',
    'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
    'spec.timeZone: Invalid value: "Bad/Zone": unknown time zone Bad/Zone',
    'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    'spec.jobTemplate.spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    'spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
  ]);
});

test('job template: no selector, no manualSelector', () => {
  const cj = cronJob();
  cj.spec.jobTemplate.spec.selector = { matchLabels: { z: '1', a: 'b' } };
  cj.spec.jobTemplate.spec.manualSelector = true;
  assert.deepEqual(create(cj), [
    // Printed as Go marshals it: keys sorted.
    'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b","z":"1"}}: `selector` will be auto-generated',
    'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
  ]);
});

test('an empty concurrencyPolicy (undefaulted) is Required', () => {
  assert.deepEqual(create(cronJob({ concurrencyPolicy: undefined })), ['spec.concurrencyPolicy: Required value']);
});

test('update: 52-character limit not applied, TZ kept only if it was there', () => {
  const long = cronJob({}, 'b'.repeat(60));
  assert.deepEqual(update(long, long), []);
  const withTZ = cronJob({ schedule: 'TZ=UTC 0 3 * * *' });
  assert.deepEqual(update(withTZ, withTZ), []);
  assert.deepEqual(update(cronJob({ schedule: 'CRON_TZ=UTC 0 4 * * *' }), withTZ), []);
  assert.deepEqual(update(cronJob({ schedule: 'TZ=UTC 0 3 * * *', timeZone: 'UTC' }), withTZ), [
    'spec.schedule: Invalid value: "TZ=UTC 0 3 * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
  ]);
  assert.deepEqual(update(withTZ, cronJob()), [
    'spec.schedule: Invalid value: "TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
  ]);
});

test('update: an unchanged bad timeZone is tolerated, a changed one is checked', () => {
  const bad = cronJob({ timeZone: 'Old/Bad' });
  assert.deepEqual(update(bad, bad), []);
  assert.deepEqual(update(cronJob({ timeZone: 'New/Bad' }), bad), ['spec.timeZone: Invalid value: "New/Bad": unknown time zone New/Bad']);
  assert.deepEqual(update(cronJob({ timeZone: 'UTC' }), bad), []);
  assert.deepEqual(update(cronJob({ timeZone: null }), cronJob()), []);
});

test('never throws on odd input', () => {
  const danger = cronJob();
  Object.assign(danger.spec.jobTemplate.spec, { completionMode: 'Indexed', completions: null, successPolicy: { rules: [{ succeededCount: 1 }] } });
  assert.doesNotThrow(() => validateCronJobCreate(danger));
  assert.ok(create(danger).some((e) => e.startsWith('spec.jobTemplate.spec.completions: Required value')));
  for (const odd of [null, undefined, 42, 'x', [], {}, { spec: null }, { spec: { jobTemplate: 'x', schedule: 5 } }]) {
    assert.doesNotThrow(() => validateCronJobCreate(odd));
    assert.doesNotThrow(() => validateCronJobUpdate(odd, odd));
  }
});

test('update: the jobTemplate pod validation options follow the stored template (Lt tolerations stay valid)', () => {
  const withLt = cronJob();
  withLt.spec.jobTemplate.spec.template.spec.tolerations = [{ key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule' }];
  assert.ok(validateCronJobCreate(withLt).some((e) => e.field.includes('tolerations')));
  assert.ok(update(withLt, cronJob()).some((e) => e.includes('tolerations')));
  assert.deepEqual(update(withLt, withLt), []);
});
