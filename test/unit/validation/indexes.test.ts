// The index-interval grammar: strict (API server) and lenient (controller) parsers, formatter and helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countIndexes,
  formatIndexIntervals,
  goAtoi,
  indexesOverlapMessage,
  intervalsHave,
  mergeIndexIntervals,
  parseIndexesFromString,
  parseIndexesLenient,
  withOrderedIndexes,
} from '../../../src/validation/indexes.ts';

const err = (s: string, completions = 10): string => {
  const r = parseIndexesFromString(s, completions);
  assert.equal(r.ok, false, `${s} should not parse`);
  return r.ok ? '' : r.message;
};

test('valid lists give intervals and totals; the empty string is zero indexes', () => {
  assert.deepEqual(parseIndexesFromString('', 3), { ok: true, intervals: [], total: 0 });
  assert.deepEqual(parseIndexesFromString('0,2-4,7', 8), {
    ok: true,
    intervals: [
      { first: 0, last: 0 },
      { first: 2, last: 4 },
      { first: 7, last: 7 },
    ],
    total: 5,
  });
  assert.deepEqual(parseIndexesFromString('+1', 3), { ok: true, intervals: [{ first: 1, last: 1 }], total: 1 });
});

test('error messages are upstream\'s, word for word', () => {
  assert.equal(err('1--3'), 'the fragment "1--3" violates the requirement that an index interval can have at most two parts separated by \'-\'');
  assert.equal(err('-1'), 'cannot convert string to integer for index: ""');
  assert.equal(err('1,,2'), 'cannot convert string to integer for index: ""');
  assert.equal(err(' 5'), 'cannot convert string to integer for index: " 5"');
  assert.equal(err('1-x'), 'cannot convert string to integer for index: "x"');
  assert.equal(err('10'), 'too large index: "10"');
  assert.equal(err('1-10'), 'too large index: "10"');
  assert.equal(err('3-3'), 'non-increasing order, previous: 3, current: 3');
  assert.equal(err('3,2'), 'non-increasing order, previous: 3, current: 2');
  assert.equal(err('1-3,3'), 'non-increasing order, previous: 3, current: 3');
  assert.equal(err('99999999999999999999'), 'cannot convert string to integer for index: "99999999999999999999"');
  assert.equal(err('9223372036854775807'), 'too large index: "9223372036854775807"');
});

test('goAtoi follows strconv.Atoi', () => {
  assert.equal(goAtoi('-0'), -0);
  assert.equal(goAtoi('007'), 7);
  assert.equal(goAtoi('1_000'), undefined);
  assert.equal(goAtoi(''), undefined);
  assert.equal(goAtoi('9223372036854775808'), undefined);
});

test('the overlap check skips unparsable fragments and names the first shared index', () => {
  assert.equal(indexesOverlapMessage('1-3,7', '4,6-8', 10), 'failedIndexes and completedIndexes overlap at index: 7');
  assert.equal(indexesOverlapMessage('x,1-3', '0,2', 10), 'failedIndexes and completedIndexes overlap at index: 2');
  assert.equal(indexesOverlapMessage('1-3', '4-5', 10), undefined);
  assert.equal(indexesOverlapMessage('', '1', 10), undefined);
});

test('the lenient controller parser skips, clamps, stops and joins', () => {
  assert.deepEqual(parseIndexesLenient('x,1,2-3,5-20,30', 10), [
    { first: 1, last: 3 },
    { first: 5, last: 9 },
  ]);
  assert.deepEqual(parseIndexesLenient('', 10), []);
});

test('formatting writes pairs with a comma and longer runs with a dash', () => {
  assert.equal(formatIndexIntervals([{ first: 0, last: 0 }, { first: 2, last: 3 }, { first: 5, last: 9 }]), '0,2,3,5-9');
  assert.equal(formatIndexIntervals([]), '');
});

test('merge, membership and counting', () => {
  const a = [{ first: 0, last: 1 }, { first: 5, last: 6 }];
  const merged = mergeIndexIntervals(a, [{ first: 2, last: 3 }, { first: 8, last: 8 }]);
  assert.deepEqual(merged, [{ first: 0, last: 3 }, { first: 5, last: 6 }, { first: 8, last: 8 }]);
  assert.equal(countIndexes(merged), 7);
  assert.ok(intervalsHave(merged, 6));
  assert.ok(!intervalsHave(merged, 7));
  assert.ok(!intervalsHave([], 0));
  assert.deepEqual(withOrderedIndexes(a, [4, 7]), [{ first: 0, last: 1 }, { first: 4, last: 7 }]);
});
