import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ttlDeleteAfterMs } from '../../../src/controller/ttl.ts';
import { microTime } from '../../../src/controller/leader.ts';
import { job } from './job/fixtures.ts';

describe('ttlSecondsAfterFinished', () => {
  const finished = (ttl: number | undefined) => job({ ttlSecondsAfterFinished: ttl }, { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] });
  it('expires TTL seconds after the finishing condition', () => {
    assert.equal(ttlDeleteAfterMs(finished(5), Date.parse('2026-01-01T00:00:02Z')), 3000);
    assert.equal(ttlDeleteAfterMs(finished(0), Date.parse('2026-01-01T00:00:02Z')), -2000);
  });
  it('has nothing to do without a TTL or before the Job finished', () => {
    assert.equal(ttlDeleteAfterMs(finished(undefined), 0), undefined);
    assert.equal(ttlDeleteAfterMs(job({ ttlSecondsAfterFinished: 1 }), 0), undefined);
  });
});

describe('Lease MicroTime', () => {
  it('has six fractional digits', () => {
    assert.equal(microTime(Date.parse('2026-01-01T00:00:00.123Z')), '2026-01-01T00:00:00.123000Z');
  });
});
