// spec.podFailurePolicy rules J28–J45.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { root } from '../../../src/field/index.ts';
import { validatePodFailurePolicy } from '../../../src/validation/podfailurepolicy.ts';
import { messages, summary, type Json } from './job-fixtures.ts';

const P = 'spec.podFailurePolicy.rules';
const specWith = (rules: unknown, extra: Json = {}): Json => ({
  podFailurePolicy: { rules },
  template: { spec: { containers: [{ name: 'main' }], initContainers: [{ name: 'setup' }] } },
  ...extra,
});
const check = (rules: unknown, extra: Json = {}): string[] =>
  summary(validatePodFailurePolicy(specWith(rules, extra), root('spec', 'podFailurePolicy')));
const exitRule = (values: unknown, operator = 'In', action = 'FailJob'): Json => ({ action, onExitCodes: { operator, values } });
const condRule = (patterns: unknown, action = 'Ignore'): Json => ({ action, onPodConditions: patterns });

test('valid rules of every kind pass', () => {
  assert.deepEqual(
    check([exitRule([1, 2, 3]), exitRule([0], 'NotIn', 'Count'), condRule([{ type: 'DisruptionTarget', status: 'True' }])]),
    [],
  );
  assert.deepEqual(check([]), []);
  assert.deepEqual(check(undefined), []);
});

test('J28: at most 20 rules', () => {
  const rules = Array.from({ length: 21 }, () => exitRule([1]));
  assert.deepEqual(check(rules), [`${P} FieldValueTooMany: must have at most 20 items`]);
  assert.deepEqual(check(rules.slice(1)), []);
});

test('J29: an empty action is Required with the Go-formatted list', () => {
  assert.deepEqual(check([exitRule([1], 'In', '')]), [`${P}[0].action FieldValueRequired: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`]);
});

test('J30: FailIndex requires backoffLimitPerIndex', () => {
  assert.deepEqual(check([exitRule([1], 'In', 'FailIndex')]), [`${P}[0].action FieldValueInvalid: requires the backoffLimitPerIndex to be set`]);
  assert.deepEqual(check([exitRule([1], 'In', 'FailIndex')], { backoffLimitPerIndex: 0 }), []);
});

test('J31: unknown actions are NotSupported', () => {
  assert.deepEqual(messages(validatePodFailurePolicy(specWith([exitRule([1], 'In', 'Explode')]), root('spec', 'podFailurePolicy'))), [
    `${P}[0].action: Unsupported value: "Explode": supported values: "Count", "FailIndex", "FailJob", "Ignore"`,
  ]);
});

test('J32/J33: the exit-code operator is required and must be In or NotIn', () => {
  assert.deepEqual(check([exitRule([1], '')]), [`${P}[0].onExitCodes.operator FieldValueRequired: valid values: ["In" "NotIn"]`]);
  assert.deepEqual(check([exitRule([1], 'Between')]), [`${P}[0].onExitCodes.operator FieldValueNotSupported: supported values: "In", "NotIn"`]);
});

test('J34: containerName must name a container or an init container', () => {
  const rule = (containerName: string): Json => ({ action: 'FailJob', onExitCodes: { containerName, operator: 'In', values: [1] } });
  assert.deepEqual(check([rule('main'), rule('setup')]), []);
  assert.deepEqual(check([rule('main'), rule('nope')]), [
    `${P}[1].onExitCodes.containerName FieldValueInvalid: must be one of the container or initContainer names in the pod template`,
  ]);
});

test('J35: at least one exit code; the value prints as [] or null', () => {
  const path = root('spec', 'podFailurePolicy');
  assert.deepEqual(messages(validatePodFailurePolicy(specWith([exitRule([])]), path)), [
    `${P}[0].onExitCodes.values: Invalid value: []: at least one value is required`,
  ]);
  assert.deepEqual(messages(validatePodFailurePolicy(specWith([exitRule(undefined)]), path)), [
    `${P}[0].onExitCodes.values: Invalid value: null: at least one value is required`,
  ]);
});

test('J36: at most 255 exit codes', () => {
  const values = Array.from({ length: 256 }, (_, i) => i + 1);
  assert.deepEqual(check([exitRule(values)]), [`${P}[0].onExitCodes.values FieldValueTooMany: must have at most 255 items`]);
  assert.deepEqual(check([exitRule(values.slice(1))]), []);
});

test('J37: 0 is refused only for the In operator', () => {
  assert.deepEqual(check([exitRule([0, 1])]), [`${P}[0].onExitCodes.values[0] FieldValueInvalid: must not be 0 for the In operator`]);
  assert.deepEqual(check([exitRule([0, 1], 'NotIn')]), []);
});

test('J38: each repeat is a Duplicate; J39: any descent is "must be ordered" (value = list)', () => {
  assert.deepEqual(check([exitRule([1, 2, 2, 2])]), [
    `${P}[0].onExitCodes.values[2] FieldValueDuplicate: `,
    `${P}[0].onExitCodes.values[3] FieldValueDuplicate: `,
  ]);
  assert.deepEqual(messages(validatePodFailurePolicy(specWith([exitRule([3, 0, 1])]), root('spec', 'podFailurePolicy'))), [
    `${P}[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator`,
    `${P}[0].onExitCodes.values: Invalid value: [3,0,1]: must be ordered`,
  ]);
});

test('J40: at most 20 pod-condition patterns', () => {
  const patterns = Array.from({ length: 21 }, () => ({ type: 'DisruptionTarget', status: 'True' }));
  assert.deepEqual(check([condRule(patterns)]), [`${P}[0].onPodConditions FieldValueTooMany: must have at most 20 items`]);
});

test('J41: the condition type is a qualified name (empty gives both 1.36 messages)', () => {
  assert.deepEqual(check([condRule([{ type: 'example.com/Ready', status: 'True' }])]), []);
  const empty = check([condRule([{ type: '', status: 'True' }])]);
  assert.equal(empty[0], `${P}[0].onPodConditions[0].type FieldValueInvalid: name part must be non-empty`);
  assert.equal(empty.length, 2);
  assert.equal(check([condRule([{ type: 'bad type', status: 'True' }])]).length, 1);
});

test('J42/J43: the condition status is required and must be True, False or Unknown', () => {
  assert.deepEqual(check([condRule([{ type: 'Ready', status: '' }])]), [
    `${P}[0].onPodConditions[0].status FieldValueRequired: valid values: ["False" "True" "Unknown"]`,
  ]);
  assert.deepEqual(check([condRule([{ type: 'Ready', status: 'Maybe' }])]), [
    `${P}[0].onPodConditions[0].status FieldValueNotSupported: supported values: "False", "True", "Unknown"`,
  ]);
});

test('J44: both requirements in one rule are refused (value omitted)', () => {
  const rule = { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'Ready', status: 'True' }] };
  assert.deepEqual(messages(validatePodFailurePolicy(specWith([rule]), root('spec', 'podFailurePolicy'))), [
    `${P}[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`,
  ]);
});

test('J45: one requirement is needed; an empty onPodConditions list counts as none', () => {
  assert.deepEqual(check([{ action: 'FailJob' }]), [`${P}[0] FieldValueInvalid: specifying one of OnExitCodes and OnPodConditions is required`]);
  assert.deepEqual(check([{ action: 'FailJob', onPodConditions: [] }]), [
    `${P}[0] FieldValueInvalid: specifying one of OnExitCodes and OnPodConditions is required`,
  ]);
});
