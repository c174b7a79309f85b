// Every API vector through reviewObject, strictly: the same set of (field, type) as the API server,
// each given detail, the API server's order, and no patch for a rejected object.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { reviewObject } from '../../../src/engine/index.ts';
import { compareWithVector, loadVectors } from '../../vectors/index.ts';

const counts = new Map<string, { pass: number; fail: number }>();
after(() => {
  const lines = [...counts].map(([k, c]) => `#   ${k}: ${c.pass} passed, ${c.fail} failed`);
  process.stdout.write(`# vectors by kind/operation\n${lines.join('\n')}\n`);
});

for (const v of loadVectors()) {
  test(v.id, () => {
    const c = counts.get(`${v.kind} ${v.operation}`) ?? { pass: 0, fail: 0 };
    counts.set(`${v.kind} ${v.operation}`, c);
    c.fail++;
    const verdict = reviewObject({ kind: v.kind, operation: v.operation, object: v.object, oldObject: v.oldObject });
    assert.equal(verdict.supported, true);
    const got = verdict.errors.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
    const problem = compareWithVector(got, v.expect);
    assert.equal(problem, undefined, problem);
    if (v.expect !== 'allow') assert.deepEqual(verdict.patch, [], 'no patch for a rejected object');
    c.fail--;
    c.pass++;
  });
}
