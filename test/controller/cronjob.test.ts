// CronJobs whose job template names batchguard's controller (what the mutating webhook sets for an
// opted-in CronJob): kube-controller-manager's CronJob controller creates the Jobs on schedule and
// batchguard's controller runs them, and the CronJob sees them finish (controller.md §3 #76, #80).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { Job } from '../../src/controller/job/types.ts';
import { api, controlPlane, events, jobPods, namespace, OURS, setPod, startOurs, waitFor, waitForCondition } from './support.ts';

interface CronJobStatus {
  active?: { name: string; uid: string }[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

describe('CronJobs routed to batchguard', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    // Only the CronJob controller: a Job run by anyone but batchguard would stay without pods.
    cp = await controlPlane({ controllerManager: ['cronjob'] });
    ours = await startOurs(cp);
    ns = await namespace(cp, 'cron');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  it('the scheduled Job is owned by the CronJob, run by batchguard, and its success reaches the CronJob (scenarios 76, 80)', async () => {
    const cronJob = await api<{ metadata: { uid: string } }>(cp, 'POST', `/apis/batch/v1/namespaces/${ns}/cronjobs`, {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick' },
      spec: {
        schedule: '* * * * ?',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { managedBy: OURS, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } },
      },
    });
    // The next minute boundary, plus the CronJob controller's own polling.
    const job = await waitFor('the scheduled Job', async () => {
      const list = await api<{ items: Job[] }>(cp, 'GET', `/apis/batch/v1/namespaces/${ns}/jobs`);
      return list.items[0];
    }, 120_000, 500);
    const minutes = Math.floor(Date.parse((job.metadata.annotations ?? {})['batch.kubernetes.io/cronjob-scheduled-timestamp']!) / 60_000);
    assert.equal(job.metadata.name, `tick-${minutes}`);
    assert.equal(job.spec.managedBy, OURS);
    assert.deepEqual(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cronJob.metadata.uid, controller: true, blockOwnerDeletion: true }]);

    const [pod] = await waitFor('the Job\'s pod, created by batchguard', async () => {
      const pods = await jobPods(cp, ns, job.metadata.name!);
      return pods.length === 1 ? pods : undefined;
    });
    assert.equal(pod.metadata.ownerReferences?.[0].uid, job.metadata.uid);
    const running = await waitFor('the CronJob lists it as active', async () => {
      const cj = await api<{ status?: CronJobStatus }>(cp, 'GET', `/apis/batch/v1/namespaces/${ns}/cronjobs/tick`);
      return cj.status?.active?.length === 1 ? cj.status : undefined;
    });
    assert.equal(running.active![0].uid, job.metadata.uid);
    assert.ok(running.lastScheduleTime);

    await setPod(cp, pod, { phase: 'Succeeded' });
    const done = await waitForCondition(cp, ns, job.metadata.name!, 'Complete');
    const finished = await waitFor('the CronJob saw it complete', async () => {
      const cj = await api<{ status?: CronJobStatus }>(cp, 'GET', `/apis/batch/v1/namespaces/${ns}/cronjobs/tick`);
      return cj.status?.lastSuccessfulTime !== undefined && (cj.status.active ?? []).length === 0 ? cj.status : undefined;
    }, 60_000);
    assert.equal(finished.lastSuccessfulTime, done.status!.completionTime);
    await waitFor('SawCompletedJob event', async () => (await events(cp, ns, 'tick')).some((e) => e.reason === 'SawCompletedJob'));
  });
});
