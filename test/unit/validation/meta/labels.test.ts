import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root, type ErrorList } from '../../../../src/field/index.ts';
import { validateAnnotations, validateLabels } from '../../../../src/validation/meta/index.ts';

const brief = (errs: ErrorList) => errs.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
const p = root('metadata', 'labels');

test('valid labels pass, including an empty value and a prefixed key', () => {
  assert.deepEqual(validateLabels({ app: 'x', 'app.kubernetes.io/name': '', 'a.b/c_d': 'V.1' }, p), []);
});

test('label key name part: characters, with the double-space examples of Go RegexError', () => {
  const errs = validateLabels({ 'bad key': 'x' }, p);
  assert.equal(
    errorString(errs[0]),
    `metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  );
});

test('label key lengths use the content package wording ("bytes") in 1.36, prefix too', () => {
  const errs = validateLabels({ ['x'.repeat(64)]: 'v', [`${'a'.repeat(254)}/n`]: 'v' }, p);
  assert.deepEqual(
    brief(errs).map((e) => e.detail),
    ['name part must be no more than 63 bytes', 'prefix part must be no more than 253 bytes'],
  );
});

test('empty prefix and empty name part', () => {
  assert.deepEqual(
    brief(validateLabels({ '/x': 'v' }, p)).map((e) => e.detail),
    ['prefix part must be non-empty'],
  );
  assert.deepEqual(
    brief(validateLabels({ 'a.io/': 'v' }, p)).map((e) => e.detail.slice(0, 30)),
    ['name part must be non-empty', 'name part must consist of alph'],
  );
});

test('label value: at most 63 bytes and the label-value syntax', () => {
  const errs = validateLabels({ a: 'v'.repeat(64), b: '-x' }, p);
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 33)]), [
    ['metadata.labels', 'FieldValueInvalid', 'must be no more than 63 bytes'],
    ['metadata.labels', 'FieldValueInvalid', 'a valid label must be an empty st'],
  ]);
  assert.equal(errs[1].badValue, '-x');
});

test('annotation keys are checked lower-cased but reported as given', () => {
  assert.deepEqual(validateAnnotations({ 'Example.COM/Key': 'x' }, root('a')), []);
  const errs = validateAnnotations({ 'a b': 'x' }, root('a'));
  assert.equal(errs[0].badValue, 'a b');
});

test('annotations over 256 KiB in total are TooLong', () => {
  const errs = validateAnnotations({ a: 'x'.repeat(256 * 1024) }, root('metadata', 'annotations'));
  assert.deepEqual(brief(errs), [
    { field: 'metadata.annotations', type: 'FieldValueTooLong', detail: 'may not be more than 262144 bytes' },
  ]);
  assert.deepEqual(validateAnnotations({ a: 'x'.repeat(256 * 1024 - 1) }, root('m')), []);
});
