import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkQueue } from '../../../src/controller/queue.ts';
import { parseControllerArgs } from '../../../src/controller/options.ts';

describe('work queue', () => {
  it('deduplicates keys and never hands one key to two workers at once', async () => {
    const q = new WorkQueue({ baseRetryMs: 1, maxRetryMs: 10 });
    q.add('a');
    q.add('a');
    q.add('b');
    assert.equal(q.length, 2);
    const first = await q.get();
    q.add(first!); // re-added while processing: deferred until done
    assert.equal(await q.get(), 'b');
    assert.equal(q.length, 0);
    q.done(first!);
    assert.equal(await q.get(), 'a');
    q.shutDown();
    assert.equal(await q.get(), undefined);
  });
  it('addAfter keeps the earliest due time', async () => {
    const q = new WorkQueue({ baseRetryMs: 1, maxRetryMs: 10 });
    q.addAfter('k', 10_000);
    q.addAfter('k', 5);
    const t0 = Date.now();
    assert.equal(await q.get(), 'k');
    assert.ok(Date.now() - t0 < 1000);
    q.shutDown();
  });
});

describe('controller flags', () => {
  it('defaults and parses', () => {
    const r = parseControllerArgs(['--controller-name=example.com/x', '--leader-elect', '--workers', '3'], {}, 'me');
    assert.ok(r.ok);
    assert.equal(r.options.controllerName, 'example.com/x');
    assert.equal(r.options.leaderElect, true);
    assert.equal(r.options.workers, 3);
    assert.equal(r.options.podFailureBackoffMs, 10_000);
    assert.equal(r.options.podFailureBackoffMaxMs, 600_000);
    assert.equal(r.options.resyncMs, 600_000);
    assert.equal(r.options.healthWatchFailureMs, 60_000);
    const health = parseControllerArgs(['--resync-period=5000', '--health-watch-failure', '2000', '--health-port', '8081'], {}, 'me');
    assert.ok(health.ok);
    assert.deepEqual([health.options.resyncMs, health.options.healthWatchFailureMs, health.options.healthPort], [5000, 2000, 8081]);
    assert.equal(parseControllerArgs(['--resync-period=0'], {}, 'me').ok, false);
    const bad = parseControllerArgs(['--nope'], {}, 'me');
    assert.deepEqual(bad, { ok: false, message: 'unknown flag: --nope' });
    assert.equal(parseControllerArgs(['--controller-name', 'kubernetes.io/job-controller'], {}, 'me').ok, false);
    assert.equal(parseControllerArgs(['--controller-name', 'no-slash'], {}, 'me').ok, false);
    assert.equal(parseControllerArgs(['--controller-name', `example.com/${'x'.repeat(60)}`], {}, 'me').ok, false);
  });
});
