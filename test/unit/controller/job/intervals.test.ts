import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIntervals, has, parseIntervals, total, withIndexes } from '../../../../src/controller/job/intervals.ts';

describe('index intervals', () => {
  it('formats runs of 3+ as a-b and pairs as a,b', () => {
    for (const [ix, text] of [[[0, 1, 2, 3], '0-3'], [[0, 1], '0,1'], [[1, 3, 4, 5, 7], '1,3-5,7'], [[], '']] as const) {
      assert.equal(formatIntervals(withIndexes([], ix)), text);
    }
  });
  it('parses, merging adjacent parts and dropping indexes >= completions', () => {
    assert.deepEqual(parseIntervals('0,1,2-4,9', 5), [{ first: 0, last: 4 }]);
    assert.deepEqual(parseIntervals('1-7', 4), [{ first: 1, last: 3 }]);
    assert.equal(total(parseIntervals('1,3-5,7', 10)), 5);
  });
  it('answers membership', () => {
    const iv = parseIntervals('1,3-5', 10);
    assert.deepEqual([0, 1, 2, 3, 5, 6].map((i) => has(iv, i)), [false, true, false, true, true, false]);
  });
});
