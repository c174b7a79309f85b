// Faults: the controller restarted or killed in the middle of a run (no pod lost, counted twice
// or created twice), and two replicas behind Lease leader election (one acts; failover).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import { REPO_ROOT } from '../harness/index.ts';
import {
  api, controlPlane, createJob, getJob, isActivePod, jobPods, namespace, setPod, startOurs, waitFor, waitForActivePods,
  waitForCondition,
} from './support.ts';

/** `batchguard controller` as its own process, so it can be killed without warning. */
function spawnController(cp: ControlPlane, args: string[]): ChildProcess {
  const entry = path.join(REPO_ROOT, 'src/cli/controller.ts');
  const script = `import(${JSON.stringify(entry)}).then((m) => m.main(process.argv.slice(1))).then((c) => process.exit(c))`;
  return spawn(process.execPath, ['-e', script, '--', '--kubeconfig', cp.kubeconfigPath, '--pod-failure-backoff', '100', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('controller faults', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ns: string;
  const children: ChildProcess[] = [];

  before(async () => {
    cp = await controlPlane();
    ns = await namespace(cp, 'faults');
  });
  after(async () => {
    await Promise.all(children.map(kill));
    await cp?.stop();
  });

  it('restarted between steps: counts stay right and no pod is created twice (scenario 3)', async () => {
    let ours = await startOurs(cp);
    await createJob(cp, ns, { name: 'restart', spec: { parallelism: 3, completions: 5 } });
    const pods = await waitForActivePods(cp, ns, 'restart', 3);
    await ours.stop();
    await setPod(cp, pods[0], { phase: 'Succeeded' });
    await setPod(cp, pods[1], { phase: 'Failed' });
    ours = await startOurs(cp);
    const mid = await waitFor('S1 F1 A3', async () => {
      const j = await getJob(cp, ns, 'restart');
      return j.status?.succeeded === 1 && j.status.failed === 1 && j.status.active === 3 ? j : undefined;
    });
    assert.deepEqual(mid.status!.uncountedTerminatedPods, {});
    for (;;) {
      const active = (await jobPods(cp, ns, 'restart')).filter(isActivePod);
      const job = await getJob(cp, ns, 'restart');
      if (job.status?.conditions?.some((c) => c.type === 'Complete')) break;
      for (const p of active) await setPod(cp, p, { phase: 'Succeeded' });
      await sleep(300);
    }
    await ours.stop();
    const done = await getJob(cp, ns, 'restart');
    const all = await jobPods(cp, ns, 'restart');
    assert.equal(done.status!.succeeded, 5);
    assert.equal(done.status!.failed, 1);
    assert.equal(all.length, 6, 'five successes and one failure: no extra pod');
    assert.ok(all.every((p) => !p.metadata.finalizers?.length));
  });

  it('a Job deleted while the controller is down: its pods lose the finalizer on start (scenario 66)', async () => {
    let ours = await startOurs(cp);
    await createJob(cp, ns, { name: 'gone', spec: { parallelism: 2, completions: 2 } });
    const pods = await waitForActivePods(cp, ns, 'gone', 2);
    await ours.stop();
    await api(cp, 'DELETE', `/apis/batch/v1/namespaces/${ns}/jobs/gone`);
    // No garbage collector in this cluster: the pods stay, still holding the finalizer.
    assert.ok((await jobPods(cp, ns, 'gone')).every((p) => p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking')));
    ours = await startOurs(cp);
    await waitFor('finalizers removed', async () => {
      const left = await jobPods(cp, ns, 'gone');
      return left.length === pods.length && left.every((p) => !p.metadata.finalizers?.length);
    });
    await ours.stop();
  });

  it('killed at random points of a run: every pod counted exactly once, none created twice', async () => {
    const completions = 12;
    await createJob(cp, ns, { name: 'chaos', spec: { parallelism: 4, completions } });
    let child = spawnController(cp, []);
    children.push(child);
    let failures = 0;
    let rounds = 0;
    let kills = 0;
    for (;;) {
      const job = await getJob(cp, ns, 'chaos');
      if (job.status?.conditions?.some((c) => c.type === 'Complete')) break;
      assert.ok(++rounds < 200, 'the Job never completed');
      const active = (await jobPods(cp, ns, 'chaos')).filter(isActivePod);
      for (const p of active.slice(0, 1)) {
        if (failures < 2 && rounds % 5 === 1) {
          failures++;
          await setPod(cp, p, { phase: 'Failed' });
        } else {
          await setPod(cp, p, { phase: 'Succeeded' });
        }
      }
      // Kill the controller at a random point of whatever it is doing, and start a new one.
      await sleep(Math.floor(Math.random() * 1200));
      if (rounds % 2 === 0) {
        await kill(child);
        kills++;
        child = spawnController(cp, []);
        children.push(child);
      }
    }
    await kill(child);
    assert.ok(kills >= 4, `only ${kills} kills`);
    const done = await getJob(cp, ns, 'chaos');
    const all = await jobPods(cp, ns, 'chaos');
    const summary = JSON.stringify({ status: done.status, pods: all.map((p) => [p.metadata.name, p.status?.phase, p.metadata.deletionTimestamp ? 'deleting' : '', p.metadata.finalizers ?? []]) });
    const succeededPods = all.filter((p) => p.status?.phase === 'Succeeded').length;
    const failedPods = all.filter((p) => p.status?.phase === 'Failed').length;
    assert.equal(done.status!.succeeded, succeededPods, `every succeeded pod counted once: ${summary}`);
    assert.equal(done.status!.failed, failedPods, `every failed pod counted once: ${summary}`);
    assert.equal(failedPods, failures, summary);
    assert.equal(done.status!.succeeded, completions, summary);
    assert.equal(all.length, completions + failures, `no pod created beyond what was needed: ${summary}`);
    assert.ok(all.every((p) => !p.metadata.finalizers?.length), `no finalizer left behind: ${summary}`);
    assert.deepEqual(done.status!.uncountedTerminatedPods, {});
  });

  it('two replicas: one leader acts; when it dies the other takes over', async () => {
    const lease = (id: string) => ['--leader-elect', '--lease-namespace', ns, '--lease-name', 'bg-leader', '--identity', id,
      '--lease-duration', '3000', '--renew-deadline', '2000', '--retry-period', '500'];
    const a = spawnController(cp, lease('replica-a'));
    children.push(a);
    await waitFor('replica-a leads', async () => (await api(cp, 'GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/bg-leader`)).spec.holderIdentity === 'replica-a');
    const b = spawnController(cp, lease('replica-b'));
    children.push(b);
    await createJob(cp, ns, { name: 'led-1' });
    const [p1] = await waitForActivePods(cp, ns, 'led-1', 1);
    await setPod(cp, p1, { phase: 'Succeeded' });
    await waitForCondition(cp, ns, 'led-1', 'Complete');
    assert.equal((await jobPods(cp, ns, 'led-1')).length, 1, 'only the leader created a pod');
    const held = await api(cp, 'GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/bg-leader`);
    assert.equal(held.spec.holderIdentity, 'replica-a');

    await kill(a);
    await waitFor('replica-b leads', async () => (await api(cp, 'GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/bg-leader`)).spec.holderIdentity === 'replica-b', 20_000);
    await createJob(cp, ns, { name: 'led-2' });
    const [p2] = await waitForActivePods(cp, ns, 'led-2', 1, 20_000);
    await setPod(cp, p2, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, 'led-2', 'Complete');
    assert.equal(done.status!.succeeded, 1);
    const after = await api(cp, 'GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/bg-leader`);
    assert.equal(after.spec.leaseTransitions, 1);
  });
});
