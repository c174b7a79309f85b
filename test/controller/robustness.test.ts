// Robustness of the controller where a cluster pushes back: pod creations refused part way by a
// ResourceQuota, pods whose labels are changed under the Job, an API server that becomes
// unreachable (health endpoints), and a standby replica. Each Job shape runs twice, once under
// kube-controller-manager's Job controller and once under ours, and both must end the same.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import { freePort, kubeconfigYaml } from '../harness/index.ts';
import type { Pod } from '../../src/controller/job/types.ts';
import type { RunningController } from '../../src/controller/run.ts';
import {
  api, controlPlane, createJob, events, getJob, isActivePod, jobPods, namespace, OURS, setPod, startOurs, waitFor,
  waitForActivePods, waitForCondition,
} from './support.ts';

const WHO = { kcm: null, ours: OURS } as const;

function ownedBy(pod: Pod, uid: string): boolean {
  return pod.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller === true) ?? false;
}

/** A TCP relay in front of the API server that can cut every connection and refuse new ones. */
function relay(target: URL): Promise<{ url: string; cut(): void; heal(): void; close(): void }> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as net.AddressInfo).port;
    resolve({
      url: `https://127.0.0.1:${port}`,
      cut: () => {
        open = false;
        for (const s of sockets) s.destroy();
      },
      heal: () => {
        open = true;
      },
      close: () => {
        open = false;
        for (const s of sockets) s.destroy();
        server.close();
      },
    });
  }));
}

async function probe(port: number, p: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`);
  return { status: res.status, text: await res.text() };
}

describe('controller robustness', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;

  before(async () => {
    // The quota controller computes ResourceQuota usage; without it quota admission refuses every pod.
    cp = await controlPlane({ controllerManager: ['job', 'resourcequota'] });
    ours = await startOurs(cp);
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  it('a pod creation refused part way: the status keeps the pods created, FailedCreate, retried with backoff (job_controller.go manageJob/syncJob)', async () => {
    const run = async (who: keyof typeof WHO) => {
      const ns = await namespace(cp, `quota-${who}`);
      await api(cp, 'POST', `/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '2' } } });
      await waitFor('quota usage computed', async () => (await api(cp, 'GET', `/api/v1/namespaces/${ns}/resourcequotas/pods`)).status?.used?.pods === '0');
      const job = await createJob(cp, ns, { name: 'q', managedBy: WHO[who], spec: { parallelism: 4, completions: 4 } });
      // manageJob subtracts the failed and skipped creations from active and still writes it.
      const partial = await waitFor('active 2 written', async () => {
        const j = await getJob(cp, ns, 'q');
        return j.status?.active === 2 ? j : undefined;
      }, 60_000);
      const failed = await waitFor('FailedCreate', async () => (await events(cp, ns, 'q')).find((e) => e.reason === 'FailedCreate'));
      assert.equal(failed.type, 'Warning');
      assert.match(failed.message, /^Error creating: pods "q-[a-z0-9]+" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2$/);
      assert.equal(partial.status!.ready, 0);
      assert.ok(partial.status!.startTime);
      assert.equal(partial.status!.conditions, undefined);
      assert.equal((await jobPods(cp, ns, 'q')).length, 2);
      // The retries keep failing while the quota is full; raising it lets the next one through.
      await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/resourcequotas/pods`, { spec: { hard: { pods: '10' } } }, 'application/merge-patch+json');
      const pods = await waitForActivePods(cp, ns, 'q', 4, 90_000);
      for (const p of pods) await setPod(cp, p, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'q', 'Complete', 60_000);
      assert.deepEqual([done.status!.succeeded, done.status!.failed ?? 0, done.status!.active ?? 0], [4, 0, 0]);
      assert.equal(job.metadata.uid, done.metadata.uid);
    };
    await Promise.all([run('kcm'), run('ours')]);
  });

  it('a pod whose labels stop matching the selector is released: no owner, no finalizer, replaced, not counted (controller_ref_manager.go ClaimObject)', async () => {
    const run = async (who: keyof typeof WHO) => {
      const ns = await namespace(cp, `release-${who}`);
      const job = await createJob(cp, ns, { name: 'r', managedBy: WHO[who], spec: { parallelism: 2, completions: 2 } });
      const uid = job.metadata.uid!;
      const [first] = await waitForActivePods(cp, ns, 'r', 2);
      // The generated selector is batch.kubernetes.io/controller-uid=<uid>; the pod drops that label.
      await api(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`,
        { metadata: { labels: { 'batch.kubernetes.io/controller-uid': null } } }, 'application/merge-patch+json');
      const released = await waitFor('released', async () => {
        const p = await api<Pod>(cp, 'GET', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`);
        return !ownedBy(p, uid) ? p : undefined;
      });
      assert.deepEqual(released.metadata.ownerReferences ?? [], []);
      assert.deepEqual(released.metadata.finalizers ?? [], []);
      assert.ok(isActivePod(released), 'released, not deleted');
      // A replacement keeps two pods running for the Job.
      const owned = await waitFor('2 owned active pods', async () => {
        const ps = (await jobPods(cp, ns, 'r')).filter((p) => ownedBy(p, uid) && isActivePod(p));
        return ps.length === 2 ? ps : undefined;
      });
      assert.ok(!owned.some((p) => p.metadata.uid === first.metadata.uid));
      // The released pod's outcome is no longer the Job's.
      await setPod(cp, released, { phase: 'Failed' });
      for (const p of owned) await setPod(cp, p, { phase: 'Succeeded' });
      const done = await waitForCondition(cp, ns, 'r', 'Complete', 60_000);
      assert.deepEqual([done.status!.succeeded, done.status!.failed ?? 0, done.status!.active ?? 0], [2, 0, 0]);
      assert.equal(ownedBy(await api<Pod>(cp, 'GET', `/api/v1/namespaces/${ns}/pods/${first.metadata.name}`), uid), false);
    };
    await Promise.all([run('kcm'), run('ours')]);
  });

  it('a refused pod deletion on the way to Failed: the failure is counted, the Job is not declared failed until the deletion goes through (syncJob deleted != active)', async () => {
    const policy = `no-delete-${process.pid}`;
    await api(cp, 'POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['pods'] }] },
        validations: [{ expression: "!('undeletable' in oldObject.metadata.labels)", message: 'this pod cannot be deleted' }],
      },
    });
    const run = async (who: keyof typeof WHO) => {
      const ns = await namespace(cp, `nodelete-${who}`);
      const binding = `${policy}-${who}`;
      await api(cp, 'POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', {
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: binding },
        spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } } },
      });
      // The policy takes effect once the API server's admission has loaded it (it denies with 422): probe with a bare pod.
      await api(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'probe', labels: { undeletable: 'yes' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      await waitFor('policy in force', async () => (await cp.api.request('DELETE', `/api/v1/namespaces/${ns}/pods/probe?dryRun=All`)).status === 422);
      // createJob gives the template no labels; this Job's pods carry the one the policy protects.
      await api(cp, 'POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'd' },
        spec: {
          ...(WHO[who] ? { managedBy: WHO[who] } : {}), parallelism: 2, completions: 2, backoffLimit: 0,
          template: { metadata: { labels: { undeletable: 'yes' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
        },
      });
      const [first] = await waitForActivePods(cp, ns, 'd', 2);
      await setPod(cp, first, { phase: 'Failed' });
      const refused = await waitFor('FailedDelete', async () => (await events(cp, ns, 'd')).find((e) => e.reason === 'FailedDelete'));
      assert.equal(refused.type, 'Warning');
      assert.match(refused.message, /^Error deleting: pods "d-[a-z0-9]+" is forbidden: ValidatingAdmissionPolicy 'no-delete-\d+' with binding 'no-delete-\d+-(kcm|ours)' denied request: this pod cannot be deleted$/);
      // The failed pod is counted; the pod that could not be deleted is still active, not terminating.
      let last: unknown;
      const stuck = await waitFor('failed 1, active 1', async () => {
        const j = await getJob(cp, ns, 'd');
        last = j.status;
        return j.status?.failed === 1 && j.status.active === 1 && (j.status.uncountedTerminatedPods?.failed ?? []).length === 0 ? j : undefined;
      }, 60_000).catch((err) => {
        throw new Error(`${who}: ${String(err)}; last status ${JSON.stringify(last)}`);
      });
      assert.equal(stuck.status!.terminating, 0);
      assert.deepEqual((stuck.status!.conditions ?? []).map((c) => c.type), [], 'neither FailureTarget nor Failed before the deletion');
      await api(cp, 'DELETE', `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${binding}`);
      const failed = await waitForCondition(cp, ns, 'd', 'Failed', 120_000);
      return failed.status!.conditions!.map((c) => `${c.type}/${c.reason}`);
    };
    const [kcm, ours] = await Promise.all([run('kcm'), run('ours')]);
    assert.deepEqual(kcm, ['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    assert.deepEqual(ours, kcm);
  });

  it('health: /healthz 503 while the API server is unreachable past the threshold, 200 again after; /readyz once synced; a Job created meanwhile still runs', async () => {
    const proxy = await relay(new URL(cp.server));
    const kubeconfig = path.join(cp.dir, 'relayed.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(proxy.url, cp.caPem, cp.token));
    const healthPort = await freePort();
    // Restarts of a broken watch are retried every 2 s (the informer's default): the threshold
    // must outlast one retry so a single failed attempt does not fail the probe.
    const second = await startOurs(cp, { kubeconfig, healthPort, healthWatchFailureMs: 3000, controllerName: 'example.com/relayed' });
    try {
      assert.deepEqual(await probe(healthPort, '/readyz'), { status: 200, text: 'ok' });
      assert.deepEqual(await probe(healthPort, '/healthz'), { status: 200, text: 'ok' });
      assert.deepEqual(await probe(healthPort, '/leader'), { status: 200, text: 'true' });
      const ns = await namespace(cp, 'health');
      proxy.cut();
      const cutAt = Date.now();
      const failing = await waitFor('healthz 503', async () => {
        const r = await probe(healthPort, '/healthz');
        return r.status === 503 ? r : undefined;
      }, 60_000);
      // Lower bound only: the watch must have been failing for the whole threshold.
      assert.ok(Date.now() - cutAt >= 3000, 'not before the threshold');
      assert.match(failing.text, /^watch failing for \d+s$/);
      assert.deepEqual(await probe(healthPort, '/readyz'), { status: 200, text: 'ok' }, 'still synced: not a readiness matter');
      await createJob(cp, ns, { name: 'h', managedBy: 'example.com/relayed', spec: { parallelism: 1, completions: 1 } });
      proxy.heal();
      await waitFor('healthz 200', async () => (await probe(healthPort, '/healthz')).status === 200, 60_000);
      const [pod] = await waitForActivePods(cp, ns, 'h', 1, 60_000);
      await setPod(cp, pod, { phase: 'Succeeded' });
      await waitForCondition(cp, ns, 'h', 'Complete', 60_000);
    } finally {
      await second.stop();
      proxy.close();
    }
  });

  it('a standby replica is ready and says so; it serves /healthz while the leader acts', async () => {
    const ports = [await freePort(), await freePort()];
    const lease = { leaderElect: true, leaseName: 'robustness', leaseNamespace: 'default', controllerName: 'example.com/standby', retryPeriodMs: 500 };
    const leader = await startOurs(cp, { ...lease, identity: 'first', healthPort: ports[0] });
    try {
      await waitFor('first leads', async () => leader.isLeader());
      await waitFor('leader ready', async () => (await probe(ports[0], '/readyz')).status === 200);
      const standby = await startOurs(cp, { ...lease, identity: 'second', healthPort: ports[1] });
      try {
        // Give the standby a few election rounds: it must stay out while the Lease is renewed.
        await new Promise((r) => setTimeout(r, 2000));
        assert.equal(standby.isLeader(), false);
        assert.deepEqual(await probe(ports[1], '/readyz'), { status: 200, text: 'ok: standby' });
        assert.deepEqual(await probe(ports[1], '/healthz'), { status: 200, text: 'ok' });
        assert.deepEqual(await probe(ports[1], '/leader'), { status: 200, text: 'false' });
        assert.deepEqual(await probe(ports[0], '/readyz'), { status: 200, text: 'ok' });
      } finally {
        await standby.stop();
      }
    } finally {
      await leader.stop();
    }
  });
});
