// The jobs/status subresource: ValidateJobUpdateStatus with the 1.36 options (rules apply to changed fields).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareJobStatusForUpdate, validateJobStatusUpdate } from '../../../src/validation/jobstatus.ts';
import { baseJob, indexedJob, merge, messages, summary, type Json } from './job-fixtures.ts';

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:01:00Z';
const cond = (type: string, status = 'True') => ({ type, status });
const withStatus = (job: Json, status: Json): Json => ({ ...job, status });
const check = (status: Json, oldStatus: Json = {}, job: Json = baseJob()): string[] =>
  summary(validateJobStatusUpdate(withStatus(job, status), withStatus(job, oldStatus)));
const complete = { startTime: T0, completionTime: T1, succeeded: 1, conditions: [cond('SuccessCriteriaMet'), cond('Complete')] };
const failed = { startTime: T0, failed: 1, conditions: [cond('FailureTarget'), cond('Failed')] };

test('a controller-like progression is accepted', () => {
  assert.deepEqual(check({ startTime: T0, active: 1, ready: 1, terminating: 0 }), []);
  assert.deepEqual(check(complete, { startTime: T0, active: 1, conditions: [cond('SuccessCriteriaMet')] }), []);
  assert.deepEqual(check(failed, { startTime: T0, active: 1 }), []);
});

test('counters are non-negative; uncounted pod UIDs are non-empty and unique', () => {
  assert.deepEqual(check({ active: -1, ready: -1, terminating: -1, uncountedTerminatedPods: { succeeded: ['a', ''], failed: ['a'] } }), [
    'status.active FieldValueInvalid: must be greater than or equal to 0',
    'status.ready FieldValueInvalid: must be greater than or equal to 0',
    'status.terminating FieldValueInvalid: must be greater than or equal to 0',
    'status.uncountedTerminatedPods.succeeded[1] FieldValueInvalid: must not be empty',
    'status.uncountedTerminatedPods.failed[0] FieldValueDuplicate: ',
  ]);
});

test('terminal conditions cannot be removed and counters cannot decrease', () => {
  assert.deepEqual(check({ ...failed, failed: 0, conditions: [cond('FailureTarget')] }, failed), [
    'status.conditions FieldValueInvalid: cannot disable the terminal Failed=True condition',
    'status.failed FieldValueInvalid: cannot decrease the failed counter',
  ]);
  assert.deepEqual(check({ succeeded: 0 }, { succeeded: 2 }), ['status.succeeded FieldValueInvalid: cannot decrease the succeeded counter']);
  // Elastic Indexed Jobs (completions == parallelism) may lose succeeded pods when scaled down.
  assert.deepEqual(check({ succeeded: 0 }, { succeeded: 2 }, indexedJob()), []);
});

test('Complete needs SuccessCriteriaMet, a completionTime and no Failed; Failed needs FailureTarget', () => {
  assert.deepEqual(check({ startTime: T0, conditions: [cond('Complete')] }), [
    'status.completionTime FieldValueRequired: completionTime is required for Complete jobs',
    'status.conditions FieldValueInvalid: cannot set Complete=True condition without the SuccessCriteriaMet=true condition',
  ]);
  assert.deepEqual(check({ startTime: T0, conditions: [cond('Failed')] }), [
    'status.conditions FieldValueInvalid: cannot set Failed=True condition without the FailureTarget=true condition',
  ]);
  assert.deepEqual(messages(validateJobStatusUpdate(withStatus(baseJob(), { ...complete, conditions: [...complete.conditions, cond('Failed'), cond('FailureTarget')] }), baseJob())), [
    'status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions',
    'status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true conditions',
    'status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions',
    'status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions',
  ]);
});

test('completionTime: only with Complete, not before startTime, immutable once set', () => {
  assert.deepEqual(check({ startTime: T0, completionTime: T1 }), [
    'status.completionTime FieldValueInvalid: cannot set completionTime when there is no Complete=True condition',
  ]);
  assert.deepEqual(check({ ...complete, startTime: T1, completionTime: T0 }, { startTime: T1 }), [
    'status.completionTime FieldValueInvalid: must be equal to or after `startTime`',
  ]);
  assert.deepEqual(check({ ...complete, completionTime: '2025-01-01T00:02:00Z' }, complete), ['status.completionTime FieldValueInvalid: field is immutable']);
  assert.deepEqual(check({ ...complete, completionTime: '2025-01-01T00:01:00.000Z' }, complete), []);
});

test('startTime: immutable for running Jobs, changeable while suspended or when resuming', () => {
  assert.deepEqual(check({ startTime: T1 }, { startTime: T0 }), ['status.startTime FieldValueInvalid: field is immutable for unsuspended job once set']);
  assert.deepEqual(check({ startTime: T1 }, { startTime: T0 }, merge(baseJob(), { spec: { suspend: true } })), []);
  assert.deepEqual(check({ startTime: T1, conditions: [cond('Suspended', 'False')] }, { startTime: T0, conditions: [cond('Suspended')] }), []);
  assert.deepEqual(check({}, {}), []);
});

test('finished Jobs: startTime required, no active, terminating or uncounted pods', () => {
  const finishing = { ...failed, startTime: undefined, active: 1, terminating: 1, uncountedTerminatedPods: { failed: ['u1'] } };
  assert.deepEqual(check(JSON.parse(JSON.stringify(finishing))), [
    'status.active FieldValueInvalid: active>0 is invalid for finished job',
    'status.startTime FieldValueRequired: startTime is required for finished job',
    'status.uncountedTerminatedPods FieldValueInvalid: must be empty for finished job',
    'status.terminating FieldValueInvalid: terminating>0 is invalid for finished job',
  ]);
  // A suspended Job with zero completions may finish without ever starting.
  const zero = merge(baseJob(), { spec: { suspend: true, completions: 0 } });
  assert.deepEqual(check({ succeeded: 0, completionTime: T1, conditions: [cond('SuccessCriteriaMet'), cond('Complete')] }, {}, zero), []);
});

test('ready may not exceed active', () => {
  assert.deepEqual(check({ active: 1, ready: 2 }), ['status.ready FieldValueInvalid: cannot set more ready pods than active']);
});

test('indexes: format, non-indexed, no backoffLimitPerIndex, overlap', () => {
  const blpi = indexedJob({ backoffLimitPerIndex: 1 });
  assert.deepEqual(check({ completedIndexes: '1,9' }, {}, indexedJob()), [
    'status.completedIndexes FieldValueInvalid: error parsing completedIndexes: too large index: "9"',
  ]);
  assert.deepEqual(check({ completedIndexes: '0' }), ['status.completedIndexes FieldValueInvalid: cannot set non-empty completedIndexes when non-indexed completion mode']);
  assert.deepEqual(check({ failedIndexes: '' }, {}, indexedJob()), [
    'status.failedIndexes FieldValueInvalid: cannot set non-null failedIndexes when backoffLimitPerIndex is null',
  ]);
  assert.deepEqual(check({ completedIndexes: '0-2', failedIndexes: '2,4' }, {}, blpi), [
    'status.failedIndexes FieldValueInvalid: failedIndexes and completedIndexes overlap at index: 2',
  ]);
  assert.deepEqual(check({ failedIndexes: 'x' }, {}, blpi), ['status.failedIndexes FieldValueInvalid: error parsing failedIndexes: cannot convert string to integer for index: "x"']);
});

test('rules apply only to changed fields: a stale invalid value does not block other updates', () => {
  // completedIndexes beyond completions right after a scale-down is left for the controller to fix.
  const stale = { completedIndexes: '0-4' };
  const scaled = merge(indexedJob(), { spec: { completions: 3, parallelism: 3 } });
  assert.deepEqual(check({ ...stale, active: 1 }, stale, scaled), []);
  assert.deepEqual(check({ completedIndexes: '0-5' }, stale, scaled).length, 1);
});

test('SuccessCriteriaMet: cannot be removed, nor added after Complete; a successPolicy Job completes only through it', () => {
  const met = { conditions: [cond('SuccessCriteriaMet')] };
  assert.deepEqual(check({}, met), ['status.conditions FieldValueInvalid: cannot disable the SuccessCriteriaMet=True condition']);
  const legacyComplete = { startTime: T0, completionTime: T1, conditions: [cond('Complete')] };
  assert.ok(
    check({ ...legacyComplete, conditions: [cond('Complete'), cond('SuccessCriteriaMet')] }, legacyComplete).includes(
      'status.conditions FieldValueInvalid: cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions',
    ),
  );
  const withPolicy = indexedJob({ successPolicy: { rules: [{ succeededCount: 1 }] } });
  assert.ok(
    check(legacyComplete, {}, withPolicy).includes(
      'status.conditions FieldValueInvalid: cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True',
    ),
  );
});

test('prepare keeps the stored spec', () => {
  const old = baseJob();
  const job = prepareJobStatusForUpdate(merge(old, { spec: { parallelism: 9 }, status: { active: 1 } }), old);
  assert.equal(job.spec, old.spec);
  assert.deepEqual(job.status, { active: 1 });
});
