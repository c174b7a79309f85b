// Certificate rotation under a steady stream of admission requests, with zero failures.
// A real kube-apiserver calls our real server (src/server) by URL with failurePolicy Fail; the
// certificate manager runs out of cluster with lifetimes of seconds (CA 30 s, serving 10 s), so in
// half a minute it renews the serving certificate several times, replaces the CA once and prunes the
// expired one. The test plays the kubelet: it copies the Secret into a directory with the kubelet's
// atomic `..data` symlink swap, after a delay, and the server reloads from there. The server closes
// every fifth connection (Connection: close, race-free), so the API server keeps handshaking and
// really meets each new certificate.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { runCertificateManager, type ReconcileResult } from '../../src/certs/manager.ts';
import { reviewObject } from '../../src/engine/index.ts';
import { createLogger, startServer, type RunningServer } from '../../src/server/index.ts';
import type { Reviewer } from '../../src/admission/handlers.ts';
import { freePort, startControlPlane, type ControlPlane } from '../harness/index.ts';

const NS = 'batchguard-system';
const TARGET_NS = 'rotation';
const CONFIG = 'batchguard-rotation';
const DAY_S = 86_400;
const STREAM_MS = 33_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The kubelet's atomic writer, reduced: files in a fresh ..<n> dir, then one rename of ..data. */
class ProjectedSecretDir {
  readonly dir: string;
  #generation = 0;
  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }
  write(files: Record<string, string>): void {
    const generation = `..gen${++this.#generation}`;
    mkdirSync(path.join(this.dir, generation));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(this.dir, generation, name), content);
    symlinkSync(generation, path.join(this.dir, '..data_tmp'));
    renameSync(path.join(this.dir, '..data_tmp'), path.join(this.dir, '..data'));
    if (this.#generation === 1) for (const name of Object.keys(files)) symlinkSync(path.join('..data', name), path.join(this.dir, name));
  }
}

describe('certificate rotation under load', () => {
  let cp: ControlPlane;
  let server: RunningServer | undefined;
  const stopManager = new AbortController();
  let managerDone: Promise<void> | undefined;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'batchguard-rotation-'));

  before(async () => {
    cp = await startControlPlane();
    for (const ns of [NS, TARGET_NS]) {
      const r = await cp.kubectl(['create', 'namespace', ns]);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    stopManager.abort();
    await managerDone;
    await server?.close();
    await cp?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('renews serving certificates and replaces the CA with no failed request', async () => {
    const port = await freePort();
    const webhook = (name: string, urlPath: string): Record<string, unknown> => ({
      name,
      clientConfig: { url: `https://127.0.0.1:${port}${urlPath}` },
      rules: [{ apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }],
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      matchPolicy: 'Equivalent',
      // Generous, so a CPU spike on the shared test machine is not mistaken for a certificate failure.
      timeoutSeconds: 10,
      failurePolicy: 'Fail',
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': TARGET_NS } },
    });
    for (const [resource, kind, body] of [
      ['validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', webhook('validate.batchguard.io', '/validate')],
      ['mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', { ...webhook('mutate.batchguard.io', '/mutate'), reinvocationPolicy: 'Never' }],
    ] as const) {
      const res = await cp.api.request('POST', `/apis/admissionregistration.k8s.io/v1/${resource}`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind,
        metadata: { name: CONFIG },
        webhooks: [body],
      });
      assert.equal(res.status, 201, res.text);
    }

    const reconciles: ReconcileResult[] = [];
    managerDone = runCertificateManager({
      kubeconfig: cp.kubeconfigPath,
      namespace: NS,
      secretName: 'bg-tls',
      serviceName: 'bg',
      ipAddresses: ['127.0.0.1'],
      webhookNames: { validating: [CONFIG], mutating: [CONFIG] },
      caDays: 30 / DAY_S,
      leafDays: 10 / DAY_S,
      renewBefore: 0.5,
      propagationSeconds: 1,
      checkIntervalSeconds: 1,
      signal: stopManager.signal,
      onReconcile: (r) => reconciles.push(r),
    });

    // The kubelet's part: project the Secret into the mount directory, lagging a little behind.
    const mount = new ProjectedSecretDir(path.join(tmp, 'tls'));
    let projected = '';
    const readSecret = async (): Promise<Record<string, string> | undefined> => {
      const res = await cp.api.request('GET', `/api/v1/namespaces/${NS}/secrets/bg-tls`);
      if (res.status !== 200 || !res.json.data?.['tls.crt']) return undefined;
      return Object.fromEntries(Object.entries(res.json.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    };
    const project = async (): Promise<boolean> => {
      const data = await readSecret();
      if (!data || data['tls.crt'] === projected) return false;
      mount.write({ 'tls.crt': data['tls.crt'], 'tls.key': data['tls.key'], 'ca.crt': data['ca.crt'] });
      projected = data['tls.crt'];
      return true;
    };
    const deadline = Date.now() + 30_000;
    while (!(await project())) {
      assert.ok(Date.now() < deadline, 'the manager never filled the Secret');
      await sleep(100);
    }
    let syncing = true;
    const kubelet = (async () => {
      while (syncing) {
        await sleep(400);
        if (syncing) await project().catch(() => undefined);
      }
    })();
    try {

    let reviews = 0;
    const countingReview: Reviewer = (input) => {
      reviews++;
      return reviewObject(input);
    };
    server = await startServer({
      host: '127.0.0.1',
      port,
      tls: { certFile: path.join(mount.dir, 'tls.crt'), keyFile: path.join(mount.dir, 'tls.key') },
      review: countingReview,
      logger: createLogger('silent'),
      webhookTimeoutSeconds: 10,
      certificatePollMs: 500,
      shutdownGraceMs: 500,
    });
    let requestsSeen = 0;
    server.server.prependListener('request', (_req, res) => {
      if (++requestsSeen % 5 === 0) res.shouldKeepAlive = false;
    });
    const servedLeaves = new Set<string>();
    const servedIssuers = new Set<string>();
    server.server.on('secureConnection', (socket: TLSSocket) => {
      const cert = socket.getCertificate();
      if (cert && 'fingerprint256' in cert) {
        servedLeaves.add(cert.fingerprint256);
        servedIssuers.add(String(cert.issuer?.CN));
      }
    });

    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { generateName: 'rotation-' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['true'] }] } } },
    };
    const create = () => cp.api.request('POST', `/apis/batch/v1/namespaces/${TARGET_NS}/jobs?dryRun=All`, job, { timeoutMs: 10_000 });

    // Wait until the API server trusts the published bundle and reaches the server.
    const ready = Date.now() + 30_000;
    for (;;) {
      const res = await create();
      if (res.status === 201 && reviews > 0) break;
      assert.ok(Date.now() < ready, `webhook never reachable: ${res.status} ${res.text.slice(0, 300)}`);
      await sleep(200);
    }

    const reconcilesBefore = reconciles.length;
    servedLeaves.clear();
    servedIssuers.clear();
    reviews = 0;
    let succeeded = 0;
    const failures: string[] = [];
    const streamEnd = Date.now() + STREAM_MS;
    const worker = async (): Promise<void> => {
      while (Date.now() < streamEnd) {
        try {
          const res = await create();
          if (res.status === 201) succeeded++;
          else failures.push(`${new Date().toISOString()} ${res.status} ${res.text.slice(0, 300)}`);
        } catch (error) {
          failures.push(`${new Date().toISOString()} ${String(error)}`);
        }
        await sleep(20);
      }
    };
    await Promise.all([worker(), worker(), worker()]);

    const during = reconciles.slice(reconcilesBefore);
    const caChanges = during.filter((r) => r.createdCa).length;
    const leafIssues = during.filter((r) => r.issuedLeaf).length;
    const pruned = during.some((r) => r.plan.reasons.some((reason) => reason.startsWith('dropping expired CA')));
    const largestBundle = Math.max(...during.map((r) => r.bundleSize));
    const summary = { succeeded, failures: failures.length, reviews, caChanges, leafIssues, pruned, largestBundle, servedLeaves: servedLeaves.size, servedIssuers: [...servedIssuers] };
    process.stderr.write(`rotation under load: ${JSON.stringify(summary)}\n`);

    assert.deepEqual(failures.slice(0, 5), [], `failed requests: ${failures.length}`);
    assert.ok(succeeded >= 100, `only ${succeeded} requests in ${STREAM_MS} ms`);
    assert.ok(reviews >= succeeded, 'every request went through our webhooks');
    assert.ok(caChanges >= 1, 'the CA was replaced during the stream');
    assert.ok(leafIssues >= 3, `serving certificate issued ${leafIssues} times`);
    assert.ok(pruned, 'an expired CA left the bundle');
    assert.ok(largestBundle <= 2, `the bundle held ${largestBundle} CAs: old and new at most`);
    assert.ok(servedLeaves.size >= 3, `handshakes used ${servedLeaves.size} different serving certificates`);
    assert.ok(servedIssuers.size >= 2, `handshakes used certificates of ${servedIssuers.size} CAs`);
    } finally {
      syncing = false;
      await kubelet;
    }
  });
});
