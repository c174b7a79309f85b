// The chart against a real kube-apiserver (no kubelet: pods stay Pending, which is fine here):
// every rendered manifest passes server-side dry-run; `helm install` works; the certificate manager,
// run out of cluster with the chart's own ServiceAccount token (so the chart's RBAC is what is tested),
// fills the Secrets and injects caBundle; `helm upgrade` keeps them; `helm uninstall` leaves nothing.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { certificateClients, reconcileCertificates, runCertificateManager, type CertificateManagerOptions } from '../../src/certs/manager.ts';
import { splitBundle } from '../../src/certs/pem.ts';
import { startControlPlane, type ControlPlane } from '../harness/index.ts';
import { CHART_DIR, helm, renderChart, type Manifest } from './helm.ts';
import { stringify } from 'yaml';

const NS = 'batchguard-system';
const RELEASE = 'bg';
const NAME = 'bg-batchguard';
// Kinds whose CRDs a bare control plane lacks; everything else must be accepted.
const CRD_GROUPS = ['cert-manager.io/', 'monitoring.coreos.com/'];

describe('the chart on a real API server', () => {
  let cp: ControlPlane;

  before(async () => {
    cp = await startControlPlane();
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

    it('the ServiceAccount can do nothing beyond what it needs', async () => {
      const as = `system:serviceaccount:${NS}:${NAME}`;
      const canI = async (...args: string[]): Promise<boolean> => (await cp.kubectl(['auth', 'can-i', '--as', as, ...args])).stdout.trim() === 'yes';
      assert.equal(await canI('update', `secret/${NAME}-tls`, '-n', NS), true);
      assert.equal(await canI('update', `lease/${NAME}-leader`, '-n', NS), true);
      assert.equal(await canI('update', `validatingwebhookconfiguration/${NAME}`), true);
      assert.equal(await canI('create', 'pods', '-n', 'default'), true);
      assert.equal(await canI('update', 'jobs/status', '-n', 'default'), true);
      assert.equal(await canI('get', 'secret/other', '-n', NS), false);
      assert.equal(await canI('list', 'secrets', '-n', NS), false);
      assert.equal(await canI('create', 'secrets', '-n', NS), false);
      assert.equal(await canI('get', 'secrets', '-n', 'default'), false);
      assert.equal(await canI('update', 'validatingwebhookconfiguration/someone-else'), false);
      assert.equal(await canI('delete', `validatingwebhookconfiguration/${NAME}`), false);
      assert.equal(await canI('delete', 'jobs', '-n', 'default'), false);
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
