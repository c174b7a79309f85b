import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OMIT, duplicate, errorBody, errorString, forbidden, invalid, invalidStatus, notSupported, required, root,
  tooLong, tooMany,
} from '../../../src/field/index.ts';

test('paths render like apimachinery: dots, [index], [key]', () => {
  const p = root('spec').child('template', 'spec').child('containers').index(0).child('image');
  assert.equal(p.toString(), 'spec.template.spec.containers[0].image');
  assert.equal(root('metadata', 'labels').key('batch.kubernetes.io/job-name').toString(),
    'metadata.labels[batch.kubernetes.io/job-name]');
});

test('bodies per error type', () => {
  const p = root('spec', 'x');
  assert.equal(errorBody(required(p)), 'Required value');
  assert.equal(errorBody(required(p, 'when completion mode is Indexed')), 'Required value: when completion mode is Indexed');
  assert.equal(errorBody(invalid(p, -1, 'must be greater than or equal to 0')), 'Invalid value: -1: must be greater than or equal to 0');
  assert.equal(errorBody(invalid(p, 'a"b', 'x')), 'Invalid value: "a\\"b": x');
  assert.equal(errorBody(invalid(p, [19, 11], 'must be ordered')), 'Invalid value: [19,11]: must be ordered');
  assert.equal(errorBody(invalid(p, { a: '<b>' }, 'd')), 'Invalid value: {"a":"\\u003cb\\u003e"}: d');
  assert.equal(errorBody(invalid(p, null, 'd')), 'Invalid value: null: d');
  assert.equal(errorBody(invalid(p, OMIT, 'specifying one of OnExitCodes and OnPodConditions is required')),
    'Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
  assert.equal(errorBody(notSupported(p, 'X', ['OnFailure', 'Never'])), 'Unsupported value: "X": supported values: "OnFailure", "Never"');
  assert.equal(errorBody(forbidden(p, 'nope')), 'Forbidden: nope');
  assert.equal(errorBody(duplicate(p, 3)), 'Duplicate value: 3');
  assert.equal(errorBody(tooLong(p, 'x'.repeat(70), 63)), 'Too long: may not be more than 63 bytes');
  assert.equal(errorBody(tooMany(p, 21, 20)), 'Too many: 21: must have at most 20 items');
  assert.equal(errorBody(tooMany(p, 2, 1)), 'Too many: 2: must have at most 1 item');
  assert.equal(errorString(required(p)), 'spec.x: Required value');
});

test('strings are Go-quoted (%q): control characters as \\x, unicode kept', () => {
  assert.equal(errorBody(invalid(root('a'), 'tab\there\u0001é', '')), 'Invalid value: "tab\\there\\x01é"');
});

test('invalid status: one error bare, several bracketed, duplicate messages dropped, causes kept', () => {
  const one = invalidStatus('batch', 'Job', 'pi', [required(root('spec', 'template', 'spec', 'restartPolicy'), 'valid values: "OnFailure", "Never"')]);
  assert.equal(one.message, 'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  assert.equal(one.code, 422);
  assert.equal(one.reason, 'Invalid');
  const e = invalid(root('spec', 'parallelism'), -1, 'must be greater than or equal to 0');
  const two = invalidStatus('batch', 'CronJob', 'c', [e, e, required(root('spec', 'schedule'))]);
  assert.equal(two.message,
    'CronJob.batch "c" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, spec.schedule: Required value]');
  assert.equal(two.details.causes.length, 3);
  assert.deepEqual(two.details.causes[2], { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.schedule' });
});
