import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDNS1123Label, isLabelValue, isQualifiedName } from '../../../src/validation/names.ts';

test('remembered answers are the same on every call and cannot be altered by a caller', () => {
  const first = isQualifiedName('Bad Key');
  assert.equal(first.length, 1);
  assert.equal(isQualifiedName('Bad Key'), first);
  assert.ok(Object.isFrozen(first));
  assert.throws(() => (first as string[]).push('x'));
  assert.deepEqual(isQualifiedName('Bad Key'), first);
  assert.equal(isLabelValue('ok').length, 0);
  assert.ok(Object.isFrozen(isLabelValue('ok')));
});

test('answers stay right past the memo bound and for long values that are never remembered', () => {
  for (let i = 0; i < 10_000; i++) {
    assert.equal(isDNS1123Label(`n-${i}`).length, 0);
    assert.equal(isDNS1123Label(`N-${i}`).length, 1);
  }
  const long = 'a'.repeat(400);
  assert.deepEqual(isDNS1123Label(long), ['must be no more than 63 characters']);
  assert.deepEqual(isDNS1123Label(long), ['must be no more than 63 characters']);
});
