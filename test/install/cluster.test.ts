// The chart against a real kube-apiserver (no kubelet: pods stay Pending, which is fine here):
// every rendered manifest passes server-side dry-run; `helm install` works; the certificate manager,
// run out of cluster with the chart's own ServiceAccount token (so the chart's RBAC is what is tested),
// fills the Secrets and injects caBundle; the Job controller, run the same way with the chart's own
// container arguments, takes the chart's Lease and runs a Job to its TTL deletion; `helm upgrade`
// keeps the certificates; `helm uninstall` leaves nothing.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { certificateClients, reconcileCertificates, runCertificateManager, type CertificateManagerOptions } from '../../src/certs/manager.ts';
import { splitBundle } from '../../src/certs/pem.ts';
import { parseCertificateFlags } from '../../src/certs/flags.ts';
import { parseControllerArgs } from '../../src/controller/options.ts';
import { runController } from '../../src/controller/run.ts';
import { freePort, startControlPlane, type ControlPlane } from '../harness/index.ts';
import { CHART_DIR, find, helm, renderChart, type Manifest } from './helm.ts';
import { stringify } from 'yaml';

const NS = 'batchguard-system';
const RELEASE = 'bg';
const NAME = 'bg-batchguard';
// Kinds whose CRDs a bare control plane lacks; everything else must be accepted.
const CRD_GROUPS = ['cert-manager.io/', 'monitoring.coreos.com/'];

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the chart on a real API server', () => {
  let cp: ControlPlane;

  before(async () => {
    // With the plugin real clusters run, so blockOwnerDeletion on the controller's pods needs jobs/finalizers.
    cp = await startControlPlane({ extraApiServerArgs: ['--enable-admission-plugins=OwnerReferencesPermissionEnforcement'] });
    const created = await cp.kubectl(['create', 'namespace', NS]);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    await cp?.stop();
  });

  const kubectlJson = async (args: string[]): Promise<Manifest> => {
    const result = await cp.kubectl([...args, '-o', 'json']);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  };

  const valueSets: Record<string, Record<string, string | number | boolean>> = {
    defaults: {},
    'cert-manager': { 'certificates.mode': 'cert-manager' },
    existing: { 'certificates.mode': 'existing', 'certificates.existing.secretName': 'my-tls', 'certificates.existing.caBundle': Buffer.from('x').toString('base64') },
    'everything optional on': {
      'networkPolicy.enabled': true,
      'networkPolicy.egress.enabled': true,
      'serviceMonitor.enabled': true,
      priorityClassName: 'system-cluster-critical',
      podAntiAffinity: 'hard',
      'webhook.failurePolicy': 'Fail',
      'webhook.timeoutSeconds': 30,
      'webhook.reinvocationPolicy': 'IfNeeded',
      'webhook.namespaceSelectorExpressions[0].key': 'team',
      'webhook.namespaceSelectorExpressions[0].operator': 'Exists',
    },
  };
  for (const [label, set] of Object.entries(valueSets)) {
    it(`accepts every manifest rendered with ${label} (kubectl apply --dry-run=server)`, async () => {
      const manifests = await renderChart(set, NS, RELEASE);
      const core = manifests.filter((m) => !CRD_GROUPS.some((g) => String(m.apiVersion).startsWith(g)));
      assert.ok(core.length >= 10);
      const result = await cp.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: core.map((m) => stringify(m)).join('---\n') });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim().split('\n').length, core.length, result.stdout);
    });
  }

  describe('install, certificates, upgrade, uninstall', () => {
    let saKubeConfig: KubeConfig;
    let options: CertificateManagerOptions;

    it('helm install creates the objects (pods stay Pending without a kubelet)', async () => {
      const result = await helm(['install', RELEASE, CHART_DIR, '--namespace', NS], { kubeconfig: cp.kubeconfigPath });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /STATUS: deployed/);
      assert.match(result.stdout, /rollout status deployment\/bg-batchguard/, 'NOTES.txt is shown');
      const deployment = await kubectlJson(['get', 'deployment', NAME, '-n', NS]);
      assert.equal(deployment.spec.replicas, 2);
      for (const kind of ['validatingwebhookconfiguration', 'mutatingwebhookconfiguration']) {
        const config = await kubectlJson(['get', kind, NAME]);
        assert.equal(config.webhooks[0].clientConfig.caBundle, undefined);
      }
    });

    it('the certificate manager, with the chart ServiceAccount token, issues and publishes the certificates', async () => {
      const token = await cp.kubectl(['create', 'token', NAME, '-n', NS]);
      assert.equal(token.code, 0, token.stderr);
      saKubeConfig = new KubeConfig();
      saKubeConfig.loadFromOptions({
        clusters: [{ name: 'cp', server: cp.server, caData: Buffer.from(cp.caPem).toString('base64') }],
        users: [{ name: 'sa', token: token.stdout.trim() }],
        contexts: [{ name: 'cp', cluster: 'cp', user: 'sa', namespace: NS }],
        currentContext: 'cp',
      });
      options = {
        kubeconfig: saKubeConfig,
        namespace: NS,
        secretName: `${NAME}-tls`,
        caSecretName: `${NAME}-ca`,
        serviceName: NAME,
        webhookNames: { validating: [NAME], mutating: [NAME] },
        signal: new AbortController().signal,
      };
      const clients = certificateClients(saKubeConfig);
      const first = await reconcileCertificates(clients, options);
      assert.equal(first.createdCa, true);
      assert.equal(first.issuedLeaf, true);
      assert.deepEqual(first.injected.sort(), [`MutatingWebhookConfiguration/${NAME}/mutate.batchguard.io`, `ValidatingWebhookConfiguration/${NAME}/validate.batchguard.io`]);

      const tls = await kubectlJson(['get', 'secret', `${NAME}-tls`, '-n', NS]);
      const ca = await kubectlJson(['get', 'secret', `${NAME}-ca`, '-n', NS]);
      const decode = (s: Manifest, key: string): string => Buffer.from(s.data[key], 'base64').toString('utf8');
      const leaf = new X509Certificate(decode(tls, 'tls.crt'));
      const caCert = new X509Certificate(decode(ca, 'ca.crt'));
      assert.ok(leaf.verify(caCert.publicKey), 'the serving certificate is signed by the stored CA');
      assert.equal(leaf.checkHost(`${NAME}.${NS}.svc`), `${NAME}.${NS}.svc`);
      assert.ok(decode(tls, 'tls.key').includes('PRIVATE KEY'));
      assert.equal(tls.data['ca.key'], undefined, 'the CA key never enters the mounted Secret');
      assert.ok(decode(ca, 'ca.key').includes('PRIVATE KEY'));
      const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000;
      assert.ok(days > 89 && days <= 90, `leaf lifetime ${days} days`);
      assert.ok(ca.metadata.annotations['batchguard.io/ca-published-at']);
      for (const kind of ['validatingwebhookconfiguration', 'mutatingwebhookconfiguration']) {
        const config = await kubectlJson(['get', kind, NAME]);
        const bundle = Buffer.from(config.webhooks[0].clientConfig.caBundle, 'base64').toString('utf8');
        assert.equal(splitBundle(bundle).length, 1);
        assert.equal(new X509Certificate(bundle).fingerprint256, caCert.fingerprint256);
      }

      const second = await reconcileCertificates(clients, options);
      assert.deepEqual([second.createdCa, second.issuedLeaf, second.injected], [false, false, []], 'a second pass changes nothing');
    });

    it('the Job controller, with the chart ServiceAccount token and container arguments, leads, serves /healthz and runs a Job to its TTL deletion', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'batchguard-sa-'));
      const kubeconfig = path.join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, saKubeConfig.exportConfig());
      const [, ...args] = find(await renderChart({}, NS, RELEASE), 'Deployment').spec.template.spec.containers.find((c: Manifest) => c.name === 'controller').args;
      const certificates = parseCertificateFlags(args);
      assert.ok(certificates.ok);
      const parsed = parseControllerArgs(certificates.rest, {}, 'unused');
      assert.ok(parsed.ok, !parsed.ok ? parsed.message : '');
      const healthPort = await freePort();
      const logs: string[] = [];
      const controller = await runController({ ...parsed.options, kubeconfig, identity: 'install-test', healthPort }, { log: (m) => logs.push(m) });
      try {
        await poll('leadership', async () => (controller.isLeader() ? true : undefined));
        const lease = await kubectlJson(['get', 'lease', `${NAME}-leader`, '-n', NS]);
        assert.equal(lease.spec.holderIdentity, 'install-test');
        const health = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
        assert.equal(health.status, 200);
        assert.equal(await health.text(), 'ok');
        assert.equal(await (await fetch(`http://127.0.0.1:${healthPort}/leader`)).text(), 'true');

        const job = {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'ttl-zero', namespace: 'default' },
          spec: {
            managedBy: parsed.options.controllerName,
            ttlSecondsAfterFinished: 0,
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
          },
        };
        const created = await cp.api.request('POST', '/apis/batch/v1/namespaces/default/jobs', job);
        assert.equal(created.status, 201, created.text);
        // pods create with blockOwnerDeletion (jobs/finalizers), then the pod "succeeds" as a kubelet would report it.
        const pod = await poll('the Job\'s pod', async () => {
          const list = await kubectlJson(['get', 'pods', '-n', 'default', '-l', 'batch.kubernetes.io/job-name=ttl-zero']);
          return list.items[0] as Manifest | undefined;
        });
        assert.equal(pod.metadata.ownerReferences[0].blockOwnerDeletion, true);
        const succeeded = await cp.api.request('PATCH', `/api/v1/namespaces/default/pods/${pod.metadata.name}/status`, { status: { phase: 'Succeeded' } }, { contentType: 'application/merge-patch+json' });
        assert.equal(succeeded.status, 200, succeeded.text);
        // jobs/status update, pods patch (the tracking finalizer), then jobs get + delete (Foreground,
        // UID precondition). No garbage collector runs here, so the Job keeps its foregroundDeletion finalizer.
        const deleting = await poll('the TTL deletion', async () => {
          const current = await kubectlJson(['get', 'job', 'ttl-zero', '-n', 'default']);
          return current.metadata.deletionTimestamp ? current : undefined;
        });
        assert.equal(deleting.status.conditions.find((c: Manifest) => c.type === 'Complete')?.status, 'True');
        assert.ok(deleting.metadata.finalizers.includes('foregroundDeletion'));
        const released = await kubectlJson(['get', 'pod', pod.metadata.name, '-n', 'default']);
        assert.ok(!(released.metadata.finalizers ?? []).includes('batch.kubernetes.io/job-tracking'));
        const events = await kubectlJson(['get', 'events', '-n', 'default', '--field-selector', 'involvedObject.name=ttl-zero']);
        assert.ok(events.items.some((e: Manifest) => e.reason === 'SuccessfulCreate'), JSON.stringify(events.items.map((e: Manifest) => e.reason)));
        assert.deepEqual(logs.filter((m) => /forbidden/i.test(m)), [], 'no call was refused');
      } finally {
        await controller.stop();
      }
    });

    it('the ServiceAccount can do nothing beyond what it needs', async () => {
      const as = `system:serviceaccount:${NS}:${NAME}`;
      const canI = async (...args: string[]): Promise<boolean> => (await cp.kubectl(['auth', 'can-i', '--as', as, ...args])).stdout.trim() === 'yes';
      assert.equal(await canI('update', `secret/${NAME}-tls`, '-n', NS), true);
      assert.equal(await canI('update', `lease/${NAME}-leader`, '-n', NS), true);
      assert.equal(await canI('update', `validatingwebhookconfiguration/${NAME}`), true);
      assert.equal(await canI('create', 'pods', '-n', 'default'), true);
      // `kubectl auth can-i update jobs/status` would ask about a Job named "status": subresources
      // go through --subresource.
      const canIAny = (verb: string, resource: string): Promise<boolean> => {
        const [plural, subresource] = resource.split('/');
        return canI(verb, plural, ...(subresource ? [`--subresource=${subresource}`] : []), '-n', 'team-a');
      };
      // What the controller does (src/controller), allowed in any namespace.
      for (const [verb, resource] of [
        ['delete', 'jobs'], ['get', 'jobs'], ['list', 'jobs'], ['watch', 'jobs'],
        ['update', 'jobs/status'], ['update', 'jobs/finalizers'],
        ['list', 'pods'], ['watch', 'pods'], ['create', 'pods'], ['delete', 'pods'], ['patch', 'pods'],
        ['create', 'events'],
      ]) {
        assert.equal(await canIAny(verb, resource), true, `${verb} ${resource}`);
      }
      assert.equal(await canI('list', 'namespaces'), true);
      assert.equal(await canI('watch', 'namespaces'), true);
      // What nobody here calls stays denied.
      for (const [verb, resource] of [
        ['update', 'jobs'], ['patch', 'jobs'], ['create', 'jobs'], ['patch', 'jobs/status'],
        ['get', 'pods'], ['update', 'pods'], ['update', 'pods/status'], ['patch', 'pods/status'], ['create', 'pods/eviction'],
        ['patch', 'events'], ['create', 'events.events.k8s.io'],
        ['create', 'leases'],
      ]) {
        assert.equal(await canIAny(verb, resource), false, `${verb} ${resource}`);
      }
      assert.equal(await canI('patch', `lease/${NAME}-leader`, '-n', NS), false);
      assert.equal(await canI('patch', `secret/${NAME}-tls`, '-n', NS), false);
      assert.equal(await canI('patch', `validatingwebhookconfiguration/${NAME}`), false);
      assert.equal(await canI('get', 'namespaces/default'), false);
      assert.equal(await canI('delete', 'namespaces/default'), false);
      assert.equal(await canI('get', 'secret/other', '-n', NS), false);
      assert.equal(await canI('list', 'secrets', '-n', NS), false);
      assert.equal(await canI('create', 'secrets', '-n', NS), false);
      assert.equal(await canI('get', 'secrets', '-n', 'default'), false);
      assert.equal(await canI('update', 'validatingwebhookconfiguration/someone-else'), false);
      assert.equal(await canI('delete', `validatingwebhookconfiguration/${NAME}`), false);
      assert.equal(await canI('create', 'cronjobs', '-n', 'default'), false);
      assert.equal(await canI('update', 'lease/other', '-n', NS), false);
      assert.equal(await canI('update', 'nodes'), false);
    });

    it('helm upgrade changes settings but keeps the certificates, caBundle and the Lease holder', async () => {
      // What a leader's renewal writes into the chart-owned Lease.
      const leased = await cp.kubectl(['patch', 'lease', `${NAME}-leader`, '-n', NS, '--type=merge', '-p', '{"spec":{"holderIdentity":"pod-a","leaseDurationSeconds":15}}']);
      assert.equal(leased.code, 0, leased.stderr);
      const before = await kubectlJson(['get', 'secret', `${NAME}-tls`, '-n', NS]);
      const bundleBefore = (await kubectlJson(['get', 'validatingwebhookconfiguration', NAME])).webhooks[0].clientConfig.caBundle;
      const result = await helm(['upgrade', RELEASE, CHART_DIR, '--namespace', NS, '--set', 'webhook.timeoutSeconds=5', '--set', 'webhook.failurePolicy=Fail'], { kubeconfig: cp.kubeconfigPath });
      assert.equal(result.code, 0, result.stderr);
      for (const kind of ['validatingwebhookconfiguration', 'mutatingwebhookconfiguration']) {
        const config = await kubectlJson(['get', kind, NAME]);
        assert.equal(config.webhooks[0].timeoutSeconds, 5);
        assert.equal(config.webhooks[0].clientConfig.caBundle, bundleBefore, `${kind} kept its caBundle`);
      }
      const after = await kubectlJson(['get', 'secret', `${NAME}-tls`, '-n', NS]);
      assert.deepEqual(after.data, before.data);
      const lease = await kubectlJson(['get', 'lease', `${NAME}-leader`, '-n', NS]);
      assert.equal(lease.spec.holderIdentity, 'pod-a');
      const clients = certificateClients(saKubeConfig);
      const pass = await reconcileCertificates(clients, options);
      assert.deepEqual([pass.createdCa, pass.issuedLeaf, pass.injected], [false, false, []]);
    });

    it('with failurePolicy Fail and no replica reachable, kube-system and its own namespace stay writable', async () => {
      const job = (namespace: string) => ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { generateName: 'lockout-', namespace },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } },
      });
      const create = (namespace: string) => cp.api.request('POST', `/apis/batch/v1/namespaces/${namespace}/jobs?dryRun=All`, job(namespace), { timeoutMs: 20_000 });
      // The configuration change reaches the API server through an informer: wait until it bites.
      const deadline = Date.now() + 20_000;
      let blocked = await create('default');
      while (blocked.status === 201 && Date.now() < deadline) blocked = await create('default');
      assert.equal(blocked.status, 500, blocked.text);
      assert.match(blocked.json.message, /failed calling webhook "mutate\.batchguard\.io"/);
      for (const namespace of ['kube-system', NS]) {
        const res = await create(namespace);
        assert.equal(res.status, 201, `${namespace}: ${res.text}`);
      }
    });

    it('the manager loop survives a missing webhook configuration and stops on its signal', async () => {
      const stop = new AbortController();
      const warnings: string[] = [];
      const done = runCertificateManager({
        ...options,
        webhookNames: { validating: ['does-not-exist'], mutating: [] },
        signal: stop.signal,
        logger: { info: () => {}, warn: (fields) => warnings.push(JSON.stringify(fields)) },
      });
      const deadline = Date.now() + 10_000;
      while (warnings.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      stop.abort();
      await done;
      assert.ok(warnings.length >= 2, 'it retried');
      assert.match(warnings[0], /does-not-exist/);
    });

    it('helm uninstall leaves no webhook configuration, Secret, Lease or RBAC behind', async () => {
      const result = await helm(['uninstall', RELEASE, '--namespace', NS, '--wait'], { kubeconfig: cp.kubeconfigPath });
      assert.equal(result.code, 0, result.stderr);
      const cluster = await cp.kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations,clusterroles,clusterrolebindings', '-o', 'name']);
      assert.equal(cluster.code, 0, cluster.stderr);
      assert.deepEqual(cluster.stdout.split('\n').filter((line) => line.includes('batchguard')), []);
      const namespaced = await cp.kubectl(['get', 'deployments,services,serviceaccounts,secrets,leases,roles,rolebindings,poddisruptionbudgets,configmaps', '-n', NS, '-o', 'name']);
      assert.equal(namespaced.code, 0, namespaced.stderr);
      const left = namespaced.stdout.split('\n').filter((line) => line && line !== 'serviceaccount/default' && line !== 'configmap/kube-root-ca.crt');
      assert.deepEqual(left, []);
    });
  });
});
