// Semantic.DeepEqual over v1 JSON (jobequality.ts), which decides every "field is immutable" on update.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantitiesEqual, semanticEqual } from '../../../src/validation/jobequality.ts';

test('absent, null and non-pointer zero values are equal', () => {
  assert.ok(semanticEqual({ a: 1 }, { a: 1, hostNetwork: false, args: [], resources: {}, workingDir: '', port: 0, x: null }));
  assert.ok(semanticEqual(undefined, null));
  assert.ok(semanticEqual({ resources: { limits: {} } }, {}));
});

test('pointer fields set to a zero value differ from unset ones', () => {
  assert.ok(!semanticEqual({ runAsUser: 0 }, {}));
  assert.ok(!semanticEqual({ privileged: false }, {}));
  assert.ok(!semanticEqual({ emptyDir: {} }, {}));
  assert.ok(!semanticEqual({ affinity: {} }, { affinity: null }));
  assert.ok(semanticEqual({ affinity: {} }, { affinity: { nodeAffinity: null } }));
  assert.ok(!semanticEqual(0, undefined, 'completions'));
});

test('maps compare by entries; an entry with an empty value is still an entry', () => {
  assert.ok(semanticEqual({ labels: {} }, {}));
  assert.ok(!semanticEqual({ labels: { a: '' } }, {}));
  assert.ok(!semanticEqual({ labels: { a: 'x' } }, { labels: { a: 'y' } }));
  assert.ok(semanticEqual({ labels: { a: 'x', b: 'y' } }, { labels: { b: 'y', a: 'x' } }));
});

test('lists compare in order and by length', () => {
  assert.ok(!semanticEqual({ args: ['a', 'b'] }, { args: ['b', 'a'] }));
  assert.ok(!semanticEqual({ args: ['a'] }, { args: ['a', 'a'] }));
  assert.ok(semanticEqual([{ name: 'x', ports: [] }], [{ name: 'x' }]));
});

test('quantities compare by value, as strings or numbers, in resource maps and sizeLimit', () => {
  assert.ok(quantitiesEqual('1', '1000m'));
  assert.ok(quantitiesEqual('1Gi', '1073741824'));
  assert.ok(quantitiesEqual('1.5', '1500m'));
  assert.ok(quantitiesEqual('1e3', '1k'));
  assert.ok(quantitiesEqual(2, '2000m'));
  assert.ok(quantitiesEqual('0.5Gi', '512Mi'));
  assert.ok(!quantitiesEqual('1', '1001m'));
  assert.ok(!quantitiesEqual('1Ki', '1k'));
  assert.ok(!quantitiesEqual('x', 'y'));
  assert.ok(semanticEqual({ limits: { cpu: 1, memory: '1Gi' } }, { limits: { cpu: '1000m', memory: '1024Mi' } }));
  assert.ok(semanticEqual({ emptyDir: { sizeLimit: '1Gi' } }, { emptyDir: { sizeLimit: '1024Mi' } }));
  // Outside quantity fields, text is text.
  assert.ok(!semanticEqual({ image: '1' }, { image: '1000m' }));
});
