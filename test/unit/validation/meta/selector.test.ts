import { test } from 'node:test';
import assert from 'node:assert/strict';
import { root, type ErrorList } from '../../../../src/field/index.ts';
import { selectorMatchesLabels, validateLabelSelector } from '../../../../src/validation/meta/index.ts';

const brief = (errs: ErrorList) => errs.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
const p = root('spec', 'selector');
const strict = { allowInvalidLabelValueInSelector: false };

test('In/NotIn need values', () => {
  const errs = validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, p, strict);
  assert.deepEqual(brief(errs), [
    { field: 'spec.selector.matchExpressions[0].values', type: 'FieldValueRequired', detail: "must be specified when `operator` is 'In' or 'NotIn'" },
  ]);
});

test('Exists/DoesNotExist forbid values', () => {
  const errs = validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, p, strict);
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.selector.matchExpressions[0].values',
      type: 'FieldValueForbidden',
      detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    },
  ]);
});

test('unknown operator, bad key and bad value', () => {
  const errs = validateLabelSelector({ matchExpressions: [{ key: 'a b', operator: 'Gt', values: ['-x'] }] }, p, strict);
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 27)]), [
    ['spec.selector.matchExpressions[0].operator', 'FieldValueInvalid', 'not a valid selector operat'],
    ['spec.selector.matchExpressions[0].key', 'FieldValueInvalid', 'name part must consist of a'],
    ['spec.selector.matchExpressions[0].values[0]', 'FieldValueInvalid', 'a valid label must be an em'],
  ]);
});

test('invalid values are tolerated when allowed (persisted selectors)', () => {
  const sel = { matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] };
  assert.deepEqual(validateLabelSelector(sel, p, { allowInvalidLabelValueInSelector: true }), []);
});

test('matchLabels are validated as labels at matchLabels', () => {
  const errs = validateLabelSelector({ matchLabels: { a: '-x' } }, p, strict);
  assert.deepEqual(errs.map((e) => e.field), ['spec.selector.matchLabels']);
});

test('matching: null selects nothing, {} everything, expressions by operator', () => {
  assert.equal(selectorMatchesLabels(null, { a: 'b' }), false);
  assert.equal(selectorMatchesLabels({}, { a: 'b' }), true);
  const sel = {
    matchLabels: { app: 'x' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
      { key: 'team', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  };
  assert.equal(selectorMatchesLabels(sel, { app: 'x', tier: 'b', team: '' }), true);
  assert.equal(selectorMatchesLabels(sel, { app: 'x', tier: 'b', team: '', env: 'prod' }), false);
  assert.equal(selectorMatchesLabels(sel, { app: 'x', tier: 'c', team: '' }), false);
  assert.equal(selectorMatchesLabels(sel, { app: 'x', tier: 'a', team: '', legacy: '1' }), false);
  assert.equal(selectorMatchesLabels(sel, { app: 'y', tier: 'a', team: '' }), false);
});

test('matching: unconvertible selectors give undefined', () => {
  assert.equal(selectorMatchesLabels({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, {}), undefined);
  assert.equal(selectorMatchesLabels({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, {}), undefined);
  assert.equal(selectorMatchesLabels({ matchLabels: { 'a b': 'x' } }, {}), undefined);
  assert.equal(selectorMatchesLabels({ matchLabels: { a: '-x' } }, { a: '-x' }), undefined);
});
