// Adoption with a manual selector (controller.md §3 #13 with spec.manualSelector): orphans that
// match the Job's selector are adopted whether they existed before the Job or arrive after it, as
// kube-controller-manager's ClaimPods does. The same steps run on a KCM Job and on batchguard's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlPlane } from '../harness/index.ts';
import type { RunningController } from '../../src/controller/run.ts';
import type { Job, Pod } from '../../src/controller/job/types.ts';
import { api, controlPlane, getJob, namespace, OURS, startOurs, waitFor, watchPod } from './support.ts';

describe('manual selectors: orphans are adopted', { timeout: 300_000 }, () => {
  let cp: ControlPlane;
  let ours: RunningController;
  let ns: string;

  before(async () => {
    cp = await controlPlane({ controllerManager: ['job'] });
    ours = await startOurs(cp);
    ns = await namespace(cp, 'adopt');
  });
  after(async () => {
    await ours?.stop();
    await cp?.stop();
  });

  const orphan = (name: string, app: string, ownerReferences?: unknown[]) => api<Pod>(cp, 'POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app }, ownerReferences }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
  });
  // Matches the selector but another controller owns it: never adopted, never counted.
  const foreign = (app: string) => orphan(`${app}-foreign`, app, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: `uid-rs-${app}`, controller: true }]);
  const ownerOf = async (name: string): Promise<string | undefined> => {
    const pod = await api<Pod>(cp, 'GET', `/api/v1/namespaces/${ns}/pods/${name}`);
    return pod.metadata.ownerReferences?.find((r) => r.controller)?.uid;
  };
  const podsOf = async (app: string): Promise<Pod[]> =>
    (await api<{ items: Pod[] }>(cp, 'GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${app}`)).items
      .filter((p) => !p.metadata.deletionTimestamp && p.metadata.name !== `${app}-foreign`);

  /** Fails (times out) unless both orphans are adopted; returns the settled state to compare. */
  async function scenario(app: string, managedBy: string | undefined): Promise<{ active: number; pods: number; finalizers: boolean; foreignOwner: string | undefined }> {
    await orphan(`${app}-early`, app);
    await foreign(app);
    const job = await api<Job>(cp, 'POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: app },
      spec: {
        ...(managedBy ? { managedBy } : {}),
        parallelism: 2,
        completions: 2,
        manualSelector: true,
        selector: { matchLabels: { app } },
        template: { metadata: { labels: { app } }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      },
    });
    await waitFor(`${app}: the early orphan adopted`, async () => (await ownerOf(`${app}-early`)) === job.metadata.uid);
    await waitFor(`${app}: 2 active`, async () => (await getJob(cp, ns, app)).status?.active === 2);
    // Watched, not polled: the surplus pod deleted next can be the late orphan itself, right after its
    // adoption (KCM deletes the newest first), and a poll could then find it gone, never seen adopted.
    const late = await watchPod(cp, ns, `${app}-late`);
    await orphan(`${app}-late`, app);
    await waitFor(`${app}: the late orphan adopted`, async () =>
      late.versions.some((p) => p.metadata.ownerReferences?.find((r) => r.controller)?.uid === job.metadata.uid),
    );
    late.stop();
    // Three pods for a parallelism of 2: one is deleted again.
    const settled = await waitFor(`${app}: back to 2 active pods`, async () => {
      const [j, pods] = [await getJob(cp, ns, app), await podsOf(app)];
      return j.status?.active === 2 && pods.length === 2 ? { j, pods } : undefined;
    }, 60_000);
    return {
      foreignOwner: await ownerOf(`${app}-foreign`),
      active: settled.j.status!.active!,
      pods: settled.pods.length,
      finalizers: settled.pods.every((p) => p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking')),
    };
  }

  it('an orphan from before the Job and one from after it are adopted; the surplus pod is deleted (scenario 13, manual selector)', async () => {
    const [builtin, batchguard] = await Promise.all([scenario('manual-kcm', undefined), scenario('manual-bg', OURS)]);
    assert.deepEqual({ ...batchguard, foreignOwner: undefined }, { ...builtin, foreignOwner: undefined });
    assert.equal(builtin.foreignOwner, 'uid-rs-manual-kcm');
    assert.deepEqual(batchguard, { foreignOwner: 'uid-rs-manual-bg', active: 2, pods: 2, finalizers: true });
  });
});
