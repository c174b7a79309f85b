// validateJobSpec (J5–J27, J46, J47, J48–J50) and the managedBy rules (J13–J17), called the way CronJob calls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { root } from '../../../src/field/index.ts';
import { validateJobSpec, validateJobSpecAndSelector, type JobSpecOptions } from '../../../src/validation/jobspec.ts';
import { baseJob, indexedJob, jobWith, messages, summary, type Json } from './job-fixtures.ts';

const OPTS: JobSpecOptions = { podTemplate: {}, allowInvalidLabelValueInSelector: false };
const specOf = (job: Json): Json => job.spec as Json;
const check = (spec: Json): string[] => summary(validateJobSpec(specOf(jobWith(spec)), root('spec'), OPTS));
const checkIndexed = (spec: Json): string[] => summary(validateJobSpec(specOf(indexedJob(spec)), root('spec'), OPTS));
const NEG = 'must be greater than or equal to 0';

test('valid specs have no errors, NonIndexed and Indexed', () => {
  assert.deepEqual(check({}), []);
  assert.deepEqual(checkIndexed({}), []);
});

for (const [id, name] of [
  ['J5', 'parallelism'],
  ['J6', 'completions'],
  ['J7', 'activeDeadlineSeconds'],
  ['J8', 'backoffLimit'],
  ['J9', 'ttlSecondsAfterFinished'],
] as const) {
  test(`${id}: ${name} must not be negative; zero is fine`, () => {
    assert.deepEqual(check({ [name]: -1 }), [`spec.${name} FieldValueInvalid: ${NEG}`]);
    assert.deepEqual(check({ [name]: 0 }), []);
  });
}

test('J10/J11: backoffLimitPerIndex and maxFailedIndexes must not be negative', () => {
  assert.deepEqual(checkIndexed({ backoffLimitPerIndex: -1 }), [`spec.backoffLimitPerIndex FieldValueInvalid: ${NEG}`]);
  assert.deepEqual(checkIndexed({ backoffLimitPerIndex: 1, maxFailedIndexes: -1 }), [`spec.maxFailedIndexes FieldValueInvalid: ${NEG}`]);
});

test('J12: maxFailedIndexes needs backoffLimitPerIndex', () => {
  assert.deepEqual(checkIndexed({ maxFailedIndexes: 1 }), ['spec.backoffLimitPerIndex FieldValueRequired: when maxFailedIndexes is specified']);
});

test('J13: empty managedBy is Required (and nothing else)', () => {
  assert.deepEqual(check({ managedBy: '' }), ['spec.managedBy FieldValueRequired: ']);
});

test('J14: managedBy needs a domain prefix and a path', () => {
  for (const v of ['foo', '/foo', 'foo/']) {
    assert.deepEqual(check({ managedBy: v }), ['spec.managedBy FieldValueInvalid: must be a domain-prefixed path (such as "acme.io/foo")']);
  }
});

test('J15: the managedBy domain must be a DNS subdomain; the value printed is the host part', () => {
  const errs = validateJobSpec(specOf(jobWith({ managedBy: 'Example.com/foo' })), root('spec'), OPTS);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].badValue, 'Example.com');
});

test('J16: the managedBy path part has a restricted alphabet (1.36 wording)', () => {
  assert.deepEqual(check({ managedBy: 'acme.io/a b' }), [
    "spec.managedBy FieldValueInvalid: Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
  ]);
});

test('J17: managedBy is at most 63 bytes, checked in addition to the format', () => {
  const v = 'acme.io/' + 'a'.repeat(56);
  assert.deepEqual(check({ managedBy: v }), ['spec.managedBy FieldValueTooLong: may not be more than 63 bytes']);
  assert.deepEqual(check({ managedBy: v.slice(1) }), []);
  assert.deepEqual(check({ managedBy: 'x'.repeat(64) }), [
    'spec.managedBy FieldValueInvalid: must be a domain-prefixed path (such as "acme.io/foo")',
    'spec.managedBy FieldValueTooLong: may not be more than 63 bytes',
  ]);
});

test('J18: completionMode must be NonIndexed or Indexed', () => {
  assert.deepEqual(check({ completionMode: 'Weird' }), ['spec.completionMode FieldValueNotSupported: supported values: "NonIndexed", "Indexed"']);
  assert.deepEqual(messages(validateJobSpec(specOf(jobWith({ completionMode: '' })), root('spec'), OPTS)), [
    'spec.completionMode: Unsupported value: "": supported values: "NonIndexed", "Indexed"',
  ]);
});

test('J19: Indexed needs completions', () => {
  assert.deepEqual(checkIndexed({ completions: undefined }), ['spec.completions FieldValueRequired: when completion mode is Indexed']);
});

test('J20: Indexed parallelism is capped at 100000', () => {
  assert.deepEqual(checkIndexed({ parallelism: 100000 }), []);
  assert.deepEqual(checkIndexed({ parallelism: 100001 }), [
    'spec.parallelism FieldValueInvalid: must be less than or equal to 100000 when completion mode is Indexed',
  ]);
});

test('J21: maxFailedIndexes may not exceed completions', () => {
  assert.deepEqual(checkIndexed({ backoffLimitPerIndex: 1, maxFailedIndexes: 5 }), []);
  assert.deepEqual(checkIndexed({ backoffLimitPerIndex: 1, maxFailedIndexes: 6 }), [
    'spec.maxFailedIndexes FieldValueInvalid: must be less than or equal to completions',
  ]);
});

test('J22–J25: the high-completions limits with backoffLimitPerIndex', () => {
  const why = 'when completions are above 100000 and used with backoff limit per index';
  assert.deepEqual(checkIndexed({ completions: 100001, parallelism: 10001, backoffLimitPerIndex: 1 }), [
    'spec.maxFailedIndexes FieldValueRequired: must be specified when completions is above 100000',
    `spec.parallelism FieldValueInvalid: must be less than or equal to 10000 ${why}`,
  ]);
  assert.deepEqual(checkIndexed({ completions: 200000, parallelism: 1, backoffLimitPerIndex: 1, maxFailedIndexes: 100001 }), [
    'spec.maxFailedIndexes FieldValueInvalid: must be less than or equal to 100000',
    `spec.maxFailedIndexes FieldValueInvalid: must be less than or equal to 10000 ${why}`,
  ]);
  assert.deepEqual(checkIndexed({ completions: 100000, parallelism: 100000, backoffLimitPerIndex: 1 }), []);
});

test('J26/J27: backoffLimitPerIndex and maxFailedIndexes require Indexed mode', () => {
  assert.deepEqual(check({ backoffLimitPerIndex: 1, maxFailedIndexes: 1 }), [
    'spec.backoffLimitPerIndex FieldValueInvalid: requires indexed completion mode',
    'spec.maxFailedIndexes FieldValueInvalid: requires indexed completion mode',
  ]);
  assert.deepEqual(check({ completionMode: undefined, backoffLimitPerIndex: 1 }), [
    'spec.backoffLimitPerIndex FieldValueInvalid: requires indexed completion mode',
  ]);
});

test('J46: successPolicy requires Indexed mode; the value prints as the internal struct', () => {
  const errs = validateJobSpec(specOf(jobWith({ successPolicy: { rules: [{ succeededCount: 1 }] } })), root('spec'), OPTS);
  assert.deepEqual(messages(errs), [
    'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
  ]);
});

test('J47: with a podFailurePolicy only podReplacementPolicy Failed is supported', () => {
  const pfp = { rules: [] };
  assert.deepEqual(check({ podFailurePolicy: pfp, podReplacementPolicy: 'TerminatingOrFailed' }), [
    'spec.podReplacementPolicy FieldValueNotSupported: supported values: "Failed"',
  ]);
  assert.deepEqual(check({ podFailurePolicy: pfp, podReplacementPolicy: 'Failed' }), []);
});

test('J47a: podReplacementPolicy is Failed or TerminatingOrFailed; "" is not absent', () => {
  assert.deepEqual(check({ podReplacementPolicy: '' }), [
    'spec.podReplacementPolicy FieldValueNotSupported: supported values: "Failed", "TerminatingOrFailed"',
  ]);
  assert.deepEqual(check({ podReplacementPolicy: undefined }), []);
});

test('J48: restartPolicy Always or empty is Required for a Job', () => {
  for (const restartPolicy of ['Always', '', undefined]) {
    // An empty value also fails the core pod-spec check first (Required without detail).
    assert.equal(
      check({ template: { spec: { restartPolicy } } }).at(-1),
      'spec.template.spec.restartPolicy FieldValueRequired: valid values: "OnFailure", "Never"',
    );
  }
});

test('J49: an unknown restartPolicy ends with the Job-level NotSupported', () => {
  const errs = check({ template: { spec: { restartPolicy: 'Sometimes' } } });
  assert.equal(errs.at(-1), 'spec.template.spec.restartPolicy FieldValueNotSupported: supported values: "OnFailure", "Never"');
});

test('J50: OnFailure is refused with a podFailurePolicy, even an empty one', () => {
  assert.deepEqual(check({ podFailurePolicy: {}, podReplacementPolicy: 'Failed', template: { spec: { restartPolicy: 'OnFailure' } } }), [
    'spec.template.spec.restartPolicy FieldValueInvalid: only "Never" is supported when podFailurePolicy is specified',
  ]);
  assert.deepEqual(check({ template: { spec: { restartPolicy: 'OnFailure' } } }), []);
});

test('J53: pod template errors are reported under spec.template, before restartPolicy', () => {
  const errs = check({ template: { spec: { containers: [], restartPolicy: 'Always' } } });
  assert.equal(errs[0], 'spec.template.spec.containers FieldValueRequired: ');
  assert.equal(errs.at(-1), 'spec.template.spec.restartPolicy FieldValueRequired: valid values: "OnFailure", "Never"');
});

test('validateJobSpec (the CronJob jobTemplate entry) never checks the selector; validateJobSpecAndSelector does', () => {
  const spec = specOf(jobWith({ selector: undefined }));
  assert.deepEqual(validateJobSpec(spec, root('spec', 'jobTemplate', 'spec'), OPTS), []);
  assert.deepEqual(summary(validateJobSpecAndSelector(spec, root('spec'), OPTS)), [
    'spec.selector FieldValueRequired: ',
    'spec.template.metadata.labels FieldValueInvalid: `selector` does not match template `labels`',
  ]);
});

test('allowInvalidLabelValueInSelector lets stored invalid selector values through', () => {
  const spec = specOf(
    jobWith({
      manualSelector: true,
      selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['bad value'] }] },
    }),
  );
  assert.equal(validateJobSpecAndSelector(spec, root('spec'), OPTS).length, 1);
  assert.deepEqual(validateJobSpecAndSelector(spec, root('spec'), { ...OPTS, allowInvalidLabelValueInSelector: true }), []);
});

test('paths follow the caller (CronJob jobTemplate)', () => {
  const errs = validateJobSpec({ ...specOf(baseJob()), parallelism: -2 }, root('spec', 'jobTemplate', 'spec'), OPTS);
  assert.deepEqual(messages(errs), ['spec.jobTemplate.spec.parallelism: Invalid value: -2: must be greater than or equal to 0']);
});
