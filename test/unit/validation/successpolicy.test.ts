// spec.successPolicy rules J46a–J46h (Indexed Jobs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { root } from '../../../src/field/index.ts';
import { validateSuccessPolicy } from '../../../src/validation/successpolicy.ts';
import { summary } from './job-fixtures.ts';

const R = 'spec.successPolicy.rules';
const check = (rules: unknown, completions: number | null = 5): string[] =>
  summary(validateSuccessPolicy({ completionMode: 'Indexed', completions, successPolicy: { rules } }, root('spec', 'successPolicy')));

test('valid rules: indexes, count, both, zero count, empty indexes', () => {
  assert.deepEqual(check([{ succeededIndexes: '0-2,4' }, { succeededCount: 0 }, { succeededIndexes: '1,3', succeededCount: 2 }, { succeededIndexes: '' }]), []);
});

test('J46a: rules must not be empty', () => {
  for (const rules of [[], undefined]) {
    assert.deepEqual(check(rules), [`${R} FieldValueRequired: at least one rules must be specified when the successPolicy is specified`]);
  }
});

test('J46b: at most 20 rules', () => {
  const rules = Array.from({ length: 21 }, () => ({ succeededCount: 1 }));
  assert.deepEqual(check(rules), [`${R} FieldValueTooMany: must have at most 20 items`]);
});

test('J46c: a rule needs succeededCount or succeededIndexes', () => {
  assert.deepEqual(check([{}]), [`${R}[0] FieldValueRequired: at least one of succeededCount or succeededIndexes must be specified`]);
});

test('J46d: succeededIndexes is at most 64 KiB, and is still parsed', () => {
  const long = '1'.repeat(65537);
  assert.deepEqual(check([{ succeededIndexes: long }]), [
    `${R}[0].succeededIndexes FieldValueTooLong: may not be more than 65536 bytes`,
    `${R}[0].succeededIndexes FieldValueInvalid: error parsing succeededIndexes: cannot convert string to integer for index: "${long}"`,
  ]);
});

test('J46e: parse errors carry the parser message', () => {
  assert.deepEqual(check([{ succeededIndexes: '3,0' }]), [
    `${R}[0].succeededIndexes FieldValueInvalid: error parsing succeededIndexes: non-increasing order, previous: 3, current: 0`,
  ]);
});

test('J46f/J46g: succeededCount is non-negative and at most completions', () => {
  assert.deepEqual(check([{ succeededCount: -1 }]), [`${R}[0].succeededCount FieldValueInvalid: must be greater than or equal to 0`]);
  assert.deepEqual(check([{ succeededCount: 6 }]), [
    `${R}[0].succeededCount FieldValueInvalid: must be less than or equal to 5 (the number of specified completions)`,
  ]);
});

test('J46h: succeededCount may not exceed the indexes it is paired with', () => {
  assert.deepEqual(check([{ succeededIndexes: '0,2', succeededCount: 3 }]), [
    `${R}[0].succeededCount FieldValueInvalid: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)`,
  ]);
  // An unparsable list counts as 0 indexes.
  assert.deepEqual(check([{ succeededIndexes: 'x', succeededCount: 1 }]), [
    `${R}[0].succeededIndexes FieldValueInvalid: error parsing succeededIndexes: cannot convert string to integer for index: "x"`,
    `${R}[0].succeededCount FieldValueInvalid: must be less than or equal to 0 (the number of indexes in the specified succeededIndexes field)`,
  ]);
});

test('without completions (undefaulted jobTemplate) the request is refused like the panicking API server', () => {
  assert.deepEqual(check([{ succeededCount: 1 }], null).map((s) => s.split(':')[0]), [`${R}[0] InternalError`]);
  assert.deepEqual(check([{}], null), [`${R}[0] FieldValueRequired: at least one of succeededCount or succeededIndexes must be specified`]);
});
