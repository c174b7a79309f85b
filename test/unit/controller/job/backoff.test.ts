import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BACKOFF, nextBackoffRecord, remainingForFailures } from '../../../../src/controller/job/backoff.ts';
import { pod } from './fixtures.ts';

describe('pod-failure backoff', () => {
  it('uses 1.36 DefaultJobPodFailureBackOff 10 s and MaxJobPodFailureBackOff 10 min', () => {
    assert.deepEqual(DEFAULT_BACKOFF, { baseMs: 10_000, maxMs: 600_000 });
    assert.deepEqual([1, 2, 3, 7, 20].map((n) => remainingForFailures(DEFAULT_BACKOFF, 0, n, 0)), [10_000, 20_000, 40_000, 600_000, 600_000]);
  });
  it('subtracts the time since the last failure and never goes negative', () => {
    assert.equal(remainingForFailures(DEFAULT_BACKOFF, 4000, 1, 0), 6000);
    assert.equal(remainingForFailures(DEFAULT_BACKOFF, 11_000, 1, 0), 0);
  });
  it('a success resets the count to the failures that finished after it', () => {
    const before = pod('Failed', { finishedAt: '2026-01-01T00:00:10Z' });
    const success = pod('Succeeded', { finishedAt: '2026-01-01T00:00:20Z' });
    const afterwards = pod('Failed', { finishedAt: '2026-01-01T00:00:30Z' });
    assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 1 }, [success], [before, afterwards]),
      { failuresAfterLastSuccess: 1, lastFailureTime: Date.parse('2026-01-01T00:00:30Z') });
    assert.deepEqual(nextBackoffRecord({ failuresAfterLastSuccess: 2, lastFailureTime: 1 }, [], [before]),
      { failuresAfterLastSuccess: 3, lastFailureTime: Date.parse('2026-01-01T00:00:10Z') });
  });
});
