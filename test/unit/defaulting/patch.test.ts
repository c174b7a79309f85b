import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPatch, parsePolicy } from '../../../src/defaulting/index.ts';

test('operations land at the deepest differing path, with ~0 and ~1 escapes', () => {
  assert.deepEqual(diffPatch({ a: { 'x/y': 1, 'm~n': [1, 2] } }, { a: { 'x/y': 2, 'm~n': [1, 3], z: null } }), [
    { op: 'replace', path: '/a/x~1y', value: 2 },
    { op: 'replace', path: '/a/m~0n/1', value: 3 },
    { op: 'add', path: '/a/z', value: null },
  ]);
});

test('removed members, whole-array replacement on length change, root replacement, equality', () => {
  assert.deepEqual(diffPatch({ a: 1, b: 2 }, { a: 1 }), [{ op: 'remove', path: '/b' }]);
  assert.deepEqual(diffPatch({ l: [1] }, { l: [1, 2] }), [{ op: 'replace', path: '/l', value: [1, 2] }]);
  assert.deepEqual(diffPatch(1, 'x'), [{ op: 'replace', path: '', value: 'x' }]);
  assert.deepEqual(diffPatch({ a: [{ b: 1 }] }, { a: [{ b: 1 }] }), []);
  assert.deepEqual(diffPatch({ a: undefined }, {}), []);
});

test('parsePolicy accepts the documented shape and rejects unknown or out-of-range fields', () => {
  assert.deepEqual(parsePolicy({ job: { backoffLimit: 3 }, cronJob: { concurrencyPolicy: 'Forbid', jobTemplate: { ttlSecondsAfterFinished: 60 } } }), {
    ok: true,
    policy: { job: { backoffLimit: 3 }, cronJob: { concurrencyPolicy: 'Forbid', jobTemplate: { ttlSecondsAfterFinished: 60 } } },
  });
  assert.deepEqual(parsePolicy(null), { ok: true, policy: {} });
  assert.equal(parsePolicy({ job: { backofLimit: 3 } }).ok, false);
  assert.equal(parsePolicy({ job: { backoffLimit: -1 } }).ok, false);
  assert.equal(parsePolicy({ cronJob: { concurrencyPolicy: 'Sometimes' } }).ok, false);
  assert.equal(parsePolicy([1]).ok, false);
});
