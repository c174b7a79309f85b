// The chart as rendered by the real helm: lint, the objects every value set produces, readable
// schema rejections, and values.schema.json kept in step with values.yaml.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { parseCertificateFlags } from '../../src/certs/flags.ts';
import { parseControllerArgs } from '../../src/controller/options.ts';
import { parseServeArgs } from '../../src/server/options.ts';
import { CHART_DIR, find, helm, renderChart, type Manifest } from './helm.ts';

const NS = 'batchguard-system';

const MIB = 1024 * 1024;

/** Binary-suffixed memory quantities as the chart writes them (Mi, Gi). */
function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  assert.ok(match, `unexpected quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function container(deployment: Manifest, name: string): Manifest {
  const found = deployment.spec.template.spec.containers.find((c: Manifest) => c.name === name);
  assert.ok(found, `container ${name}`);
  return found;
}

describe('helm lint', () => {
  for (const set of [[], ['certificates.mode=cert-manager'], ['networkPolicy.enabled=true', 'networkPolicy.egress.enabled=true', 'serviceMonitor.enabled=true']]) {
    it(`passes with ${set.join(' ') || 'the defaults'}`, async () => {
      const result = await helm(['lint', CHART_DIR, ...set.flatMap((s) => ['--set', s])]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe('helm template with the defaults (self-managed certificates)', async () => {
  const manifests = await renderChart();
  const deployment = find(manifests, 'Deployment');

  it('renders exactly the expected objects', () => {
    const kinds = manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
    assert.deepEqual(kinds, [
      'ClusterRole/bg-batchguard',
      'ClusterRoleBinding/bg-batchguard',
      'Deployment/bg-batchguard',
      'Lease/bg-batchguard-leader',
      'MutatingWebhookConfiguration/bg-batchguard',
      'PodDisruptionBudget/bg-batchguard',
      'Role/bg-batchguard',
      'RoleBinding/bg-batchguard',
      'Secret/bg-batchguard-ca',
      'Secret/bg-batchguard-tls',
      'Service/bg-batchguard',
      'ServiceAccount/bg-batchguard',
      'ValidatingWebhookConfiguration/bg-batchguard',
    ]);
  });

  it('runs two replicas of one pod with the webhook and the controller sidecar from the same image', () => {
    assert.equal(deployment.spec.replicas, 2);
    const webhook = container(deployment, 'webhook');
    const controller = container(deployment, 'controller');
    assert.equal(webhook.image, 'ghcr.io/batchguard/batchguard:0.1.0');
    assert.equal(controller.image, webhook.image);
    assert.equal(webhook.args[0], 'serve');
    assert.equal(controller.args[0], 'controller');
    assert.ok(webhook.args.includes('--webhook-timeout=3s'));
    assert.deepEqual(deployment.spec.strategy.rollingUpdate, { maxSurge: 1, maxUnavailable: 0 });
  });

  it('probes HTTPS /healthz and /readyz with a startup probe that covers certificate issuance', () => {
    const webhook = container(deployment, 'webhook');
    assert.deepEqual(webhook.startupProbe.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
    // It waits for the certificate files without listening: the default budget is webhook.startupSeconds.
    assert.equal(webhook.startupProbe.periodSeconds * webhook.startupProbe.failureThreshold, 300);
    assert.deepEqual(webhook.readinessProbe.httpGet, { path: '/readyz', port: 'https', scheme: 'HTTPS' });
    assert.deepEqual(webhook.livenessProbe.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
  });

  it('probes the controller sidecar over plain HTTP on its --health-port', () => {
    const controller = container(deployment, 'controller');
    assert.deepEqual(controller.ports, [{ name: 'health', containerPort: 8081, protocol: 'TCP' }]);
    assert.ok(controller.args.includes('--health-port=8081'));
    assert.deepEqual(controller.livenessProbe.httpGet, { path: '/healthz', port: 'health' });
    assert.deepEqual(controller.readinessProbe.httpGet, { path: '/readyz', port: 'health' });
    for (const probe of [controller.livenessProbe, controller.readinessProbe]) {
      assert.ok(probe.timeoutSeconds >= 5, 'a sync burst must not count as a failed probe');
    }
    assert.ok(!find(manifests, 'Service').spec.ports.some((p: Manifest) => p.targetPort === 'health' || p.targetPort === 8081), 'the health port stays out of the Service');
  });

  it('gives the webhook small V8 semi-spaces through NODE_OPTIONS', () => {
    const webhook = container(deployment, 'webhook');
    assert.deepEqual(webhook.env, [{ name: 'NODE_OPTIONS', value: '--max-semi-space-size=4' }]);
  });

  it('caps the controller sidecar\'s V8 heap with NODE_OPTIONS and sizes its memory around the cap', () => {
    const controller = container(deployment, 'controller');
    const nodeOptions = controller.env.find((e: Manifest) => e.name === 'NODE_OPTIONS')?.value;
    assert.equal(nodeOptions, '--max-semi-space-size=1 --max-old-space-size=128');
    // The image's Node (24) accepts the flags from NODE_OPTIONS and applies them.
    const heapLimit = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'], {
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
      encoding: 'utf8',
    })) / MIB;
    assert.ok(heapLimit >= 128 && heapLimit < 136, `heap limit ${heapLimit} MiB`);
    const request = mebibytes(controller.resources.requests.memory);
    const limit = mebibytes(controller.resources.limits.memory);
    assert.equal(request, 192);
    assert.equal(limit, 320);
    assert.ok(request >= 185, 'the request covers the measured peak RSS at 1,000 Jobs (~185 MiB)');
    assert.ok(limit - heapLimit >= 160, 'the limit leaves room for what lives outside the V8 heap');
  });

  it('requests resources without a CPU limit and runs locked down', () => {
    const pod = deployment.spec.template.spec;
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    for (const c of pod.containers) {
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory, `${c.name} requests`);
      assert.equal(c.resources.limits.cpu, undefined, `${c.name} has no CPU limit`);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    }
    assert.equal(pod.priorityClassName, undefined);
  });

  it('spreads replicas over nodes and zones and protects them with a PodDisruptionBudget', () => {
    const pod = deployment.spec.template.spec;
    const term = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    assert.equal(term.topologyKey, 'kubernetes.io/hostname');
    assert.deepEqual(term.labelSelector.matchLabels, deployment.spec.selector.matchLabels);
    assert.equal(pod.topologySpreadConstraints[0].topologyKey, 'topology.kubernetes.io/zone');
    const pdb = find(manifests, 'PodDisruptionBudget');
    assert.equal(pdb.spec.minAvailable, 1);
    assert.deepEqual(pdb.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
  });

  it('mounts the serving Secret (never the CA Secret) and hands the sidecar the certificate settings', () => {
    const volumes = deployment.spec.template.spec.volumes;
    assert.deepEqual(volumes.find((v: Manifest) => v.name === 'tls').secret, { secretName: 'bg-batchguard-tls' });
    assert.ok(!JSON.stringify(volumes).includes('bg-batchguard-ca'));
    const args = container(deployment, 'controller').args;
    for (const arg of ['--cert-manage', `--cert-namespace=${NS}`, '--cert-secret=bg-batchguard-tls', '--cert-ca-secret=bg-batchguard-ca', '--cert-service=bg-batchguard', '--cert-webhook-configuration=bg-batchguard', '--cert-ca-days=365', '--cert-leaf-days=90', '--lease-name=bg-batchguard-leader', `--lease-namespace=${NS}`]) {
      assert.ok(args.includes(arg), `controller args lack ${arg}: ${args.join(' ')}`);
    }
  });

  it('registers jobs and cronjobs CREATE/UPDATE (no status) with the safe webhook settings', () => {
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const [webhook, ...more] = find(manifests, kind).webhooks;
      assert.equal(more.length, 0);
      assert.deepEqual(webhook.rules, [{ apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], operations: ['CREATE', 'UPDATE'], scope: 'Namespaced' }]);
      assert.equal(webhook.sideEffects, 'None');
      assert.deepEqual(webhook.admissionReviewVersions, ['v1']);
      assert.equal(webhook.matchPolicy, 'Equivalent');
      assert.equal(webhook.timeoutSeconds, 3);
      assert.equal(webhook.failurePolicy, 'Ignore');
      assert.deepEqual(webhook.namespaceSelector.matchExpressions, [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NS] }]);
      assert.deepEqual(webhook.clientConfig.service, { name: 'bg-batchguard', namespace: NS, path: kind.startsWith('Validating') ? '/validate' : '/mutate', port: 443 });
      assert.equal(webhook.clientConfig.caBundle, undefined, 'caBundle belongs to the certificate manager');
    }
  });

  it('creates the Secrets empty, so helm never overwrites what the certificate manager stored', () => {
    for (const name of ['bg-batchguard-tls', 'bg-batchguard-ca']) {
      const secret = find(manifests, 'Secret', name);
      assert.equal(secret.data, undefined);
      assert.equal(secret.stringData, undefined);
    }
  });

  it('grants exactly the API calls the controller, the certificate manager and the webhook make', () => {
    assert.deepEqual(find(manifests, 'ClusterRole').rules, [
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'delete'] },
      { apiGroups: ['batch'], resources: ['jobs/status'], verbs: ['update'] },
      { apiGroups: ['batch'], resources: ['jobs/finalizers'], verbs: ['update'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch', 'create', 'delete', 'patch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], resourceNames: ['bg-batchguard'], verbs: ['get', 'update'] },
    ]);
    assert.deepEqual(find(manifests, 'Role').rules, [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['bg-batchguard-leader'], verbs: ['get', 'update'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['bg-batchguard-tls', 'bg-batchguard-ca'], verbs: ['get', 'update'] },
    ]);
  });

  it('grants least privilege: no wildcards, Secrets/Lease/webhook configurations only by name', () => {
    const clusterRole = find(manifests, 'ClusterRole');
    const role = find(manifests, 'Role');
    for (const rule of [...clusterRole.rules, ...role.rules]) {
      assert.ok(!rule.verbs.includes('*') && !rule.resources.includes('*') && !(rule.apiGroups ?? []).includes('*'), JSON.stringify(rule));
    }
    assert.ok(!clusterRole.rules.some((r: Manifest) => r.resources.includes('secrets')), 'no cluster-wide Secret access');
    const byResource = (rules: Manifest[], resource: string): Manifest => rules.find((r) => r.resources.includes(resource)) ?? assert.fail(`no rule for ${resource}`);
    assert.deepEqual(byResource(clusterRole.rules, 'validatingwebhookconfigurations').resourceNames, ['bg-batchguard']);
    assert.deepEqual(byResource(role.rules, 'secrets').resourceNames, ['bg-batchguard-tls', 'bg-batchguard-ca']);
    assert.deepEqual(byResource(role.rules, 'leases').resourceNames, ['bg-batchguard-leader']);
    for (const rule of role.rules) assert.ok(!rule.verbs.includes('create') && !rule.verbs.includes('delete'), JSON.stringify(rule));
  });
});

describe('the container arguments the chart renders are accepted by the real command-line parsers', () => {
  for (const [label, set] of [
    ['self-managed', {}],
    ['cert-manager', { 'certificates.mode': 'cert-manager', 'webhook.timeoutSeconds': 7, 'webhook.workers': 0, logLevel: 'debug' }],
  ] as const) {
    it(label, async () => {
      const deployment = find(await renderChart(set), 'Deployment');
      const [serveCommand, ...serveArgs] = container(deployment, 'webhook').args;
      assert.equal(serveCommand, 'serve');
      const serve = parseServeArgs(serveArgs, {});
      assert.ok(serve.ok, !serve.ok ? serve.message : '');
      assert.equal(serve.options.port, 8443);
      assert.equal(serve.options.certFile, '/etc/batchguard/tls/tls.crt');
      assert.equal(serve.options.webhookTimeoutSeconds, 'webhook.timeoutSeconds' in set ? 7 : 3);
      assert.equal(serve.options.workers, 'webhook.workers' in set ? 0 : 1);

      const [controllerCommand, ...controllerArgs] = container(deployment, 'controller').args;
      assert.equal(controllerCommand, 'controller');
      const certificates = parseCertificateFlags(controllerArgs);
      assert.ok(certificates.ok, !certificates.ok ? certificates.message : '');
      assert.equal(certificates.certificates === undefined, label !== 'self-managed');
      const controller = parseControllerArgs(certificates.rest, {}, 'host_1');
      assert.ok(controller.ok, !controller.ok ? controller.message : '');
      assert.equal(controller.options.leaderElect, true);
      assert.equal(controller.options.leaseName, 'bg-batchguard-leader');
      assert.equal(controller.options.leaseNamespace, NS);
      assert.equal(controller.options.healthPort, container(deployment, 'controller').ports[0].containerPort);
    });
  }
});

describe('helm template with other value sets', () => {
  it('cert-manager mode: Issuers and Certificates, inject-ca-from, no self-managed pieces', async () => {
    const manifests = await renderChart({ 'certificates.mode': 'cert-manager' });
    const tls = find(manifests, 'Certificate', 'bg-batchguard-tls');
    assert.equal(tls.spec.secretName, 'bg-batchguard-tls');
    assert.ok(tls.spec.dnsNames.includes(`bg-batchguard.${NS}.svc`));
    assert.equal(tls.spec.duration, '2160h');
    assert.equal(find(manifests, 'Certificate', 'bg-batchguard-ca').spec.isCA, true);
    assert.equal(find(manifests, 'Issuer', 'bg-batchguard-ca').spec.ca.secretName, 'bg-batchguard-ca');
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      assert.equal(find(manifests, kind).metadata.annotations['cert-manager.io/inject-ca-from'], `${NS}/bg-batchguard-tls`);
    }
    assert.ok(!manifests.some((m) => m.kind === 'Secret'));
    assert.ok(!container(find(manifests, 'Deployment'), 'controller').args.includes('--cert-manage'));
    assert.ok(!JSON.stringify(find(manifests, 'ClusterRole')).includes('webhookconfigurations'));
  });

  it('cert-manager mode with an existing issuer creates no Issuer', async () => {
    const manifests = await renderChart({ 'certificates.mode': 'cert-manager', 'certificates.certManager.issuerRef.name': 'corp-ca', 'certificates.certManager.issuerRef.kind': 'ClusterIssuer' });
    assert.ok(!manifests.some((m) => m.kind === 'Issuer'));
    assert.deepEqual(find(manifests, 'Certificate').spec.issuerRef, { name: 'corp-ca', kind: 'ClusterIssuer' });
  });

  it('bring-your-own: the given Secret and caBundle, no Secrets or certificate RBAC of ours', async () => {
    const caBundle = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    const manifests = await renderChart({ 'certificates.mode': 'existing', 'certificates.existing.secretName': 'my-tls', 'certificates.existing.caBundle': caBundle });
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) assert.equal(find(manifests, kind).webhooks[0].clientConfig.caBundle, caBundle);
    const deployment = find(manifests, 'Deployment');
    assert.equal(deployment.spec.template.spec.volumes.find((v: Manifest) => v.name === 'tls').secret.secretName, 'my-tls');
    assert.ok(!manifests.some((m) => m.kind === 'Secret'));
    assert.ok(!JSON.stringify(find(manifests, 'Role')).includes('secrets'));
  });

  it('failurePolicy Fail, a longer timeout, extra exclusions, hard anti-affinity, priority class', async () => {
    const manifests = await renderChart({
      'webhook.failurePolicy': 'Fail',
      'webhook.timeoutSeconds': 10,
      'webhook.excludedNamespaces[0]': 'monitoring',
      'webhook.excludedNamespaces[1]': 'kube-system',
      podAntiAffinity: 'hard',
      zoneSpread: false,
      priorityClassName: 'system-cluster-critical',
      replicaCount: 3,
    });
    const webhook = find(manifests, 'ValidatingWebhookConfiguration').webhooks[0];
    assert.equal(webhook.failurePolicy, 'Fail');
    assert.equal(webhook.timeoutSeconds, 10);
    assert.deepEqual(webhook.namespaceSelector.matchExpressions[0].values, ['kube-system', NS, 'monitoring']);
    const pod = find(manifests, 'Deployment').spec.template.spec;
    assert.equal(pod.priorityClassName, 'system-cluster-critical');
    assert.equal(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, 'kubernetes.io/hostname');
    assert.equal(pod.topologySpreadConstraints, undefined);
    assert.ok(container(find(manifests, 'Deployment'), 'webhook').args.includes('--webhook-timeout=10s'));
  });

  it('NetworkPolicy and ServiceMonitor when enabled', async () => {
    const manifests = await renderChart({ 'networkPolicy.enabled': true, 'networkPolicy.egress.enabled': true, 'serviceMonitor.enabled': true });
    const policy = find(manifests, 'NetworkPolicy');
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.spec.ingress[0].ports, [{ port: 8443, protocol: 'TCP' }]);
    assert.equal(policy.spec.ingress[0].from, undefined);
    assert.deepEqual(policy.spec.egress[1].ports.map((p: Manifest) => p.port), [443, 6443]);
    const monitor = find(manifests, 'ServiceMonitor');
    assert.deepEqual(monitor.spec.endpoints[0].tlsConfig, { serverName: `bg-batchguard.${NS}.svc`, ca: { secret: { name: 'bg-batchguard-tls', key: 'ca.crt' } } });
  });

  it('a custom startup budget, and no NODE_OPTIONS when nodeOptions is empty', async () => {
    const deployment = find(await renderChart({ 'webhook.startupSeconds': 61, 'webhook.nodeOptions': '', 'controller.nodeOptions': '', 'controller.healthPort': 9100 }), 'Deployment');
    const webhook = container(deployment, 'webhook');
    assert.equal(webhook.startupProbe.failureThreshold, 31);
    assert.equal(webhook.env, undefined);
    const controller = container(deployment, 'controller');
    assert.ok(!controller.env.some((e: Manifest) => e.name === 'NODE_OPTIONS'));
    assert.equal(controller.ports[0].containerPort, 9100);
    assert.ok(controller.args.includes('--health-port=9100'));
  });

  it('only the mutating webhook when validating is disabled', async () => {
    const manifests = await renderChart({ 'webhook.validating.enabled': false });
    assert.ok(!manifests.some((m) => m.kind === 'ValidatingWebhookConfiguration'));
    find(manifests, 'MutatingWebhookConfiguration');
  });
});

describe('values that make no sense are rejected with a message naming them', () => {
  const cases: [Record<string, string | number | boolean>, RegExp][] = [
    [{ 'webhook.failurePolicy': 'Sometimes' }, /at '\/webhook\/failurePolicy': value must be one of 'Fail', 'Ignore'/],
    [{ 'webhook.timeoutSeconds': 31 }, /at '\/webhook\/timeoutSeconds': maximum: got 31, want 30/],
    [{ 'webhook.timeoutSeconds': 0 }, /at '\/webhook\/timeoutSeconds': minimum: got 0, want 1/],
    [{ 'webhook.workers': -1 }, /at '\/webhook\/workers': minimum: got -1, want 0/],
    [{ 'certificates.mode': 'vault' }, /at '\/certificates\/mode': value must be one of 'self-managed', 'cert-manager', 'existing'/],
    [{ 'certificates.mode': 'existing' }, /at '\/certificates\/existing\/secretName': minLength/],
    [{ replicaCount: 0 }, /at '\/replicaCount': minimum: got 0, want 1/],
    [{ 'webhook.excludedNamespaces[0]': 'Not_A_Namespace' }, /at '\/webhook\/excludedNamespaces\/0'/],
    [{ 'image.pullPolicy': 'Sometimes' }, /at '\/image\/pullPolicy'/],
    [{ 'resources.webhook.limits.gpu': 1 }, /at '\/resources\/webhook\/limits': additional properties 'gpu' not allowed/],
    [{ 'webhook.failurPolicy': 'Fail' }, /at '\/webhook': additional properties 'failurPolicy' not allowed/],
    [{ 'webhook.startupSeconds': 5 }, /at '\/webhook\/startupSeconds': minimum: got 5, want 10/],
    [{ 'controller.healthPort': 8443 }, /at '\/controller\/healthPort'/],
    [{ 'controller.nodeOption': '--max-old-space-size=64' }, /at '\/controller': additional properties 'nodeOption' not allowed/],
    [{ podAntiAffinity: 'strict' }, /at '\/podAntiAffinity': value must be one of 'soft', 'hard', 'none'/],
    [{ 'certificates.selfManaged.leafDays': 400 }, /leafDays \(400\) must be shorter than certificates\.selfManaged\.caDays \(365\)/],
    [{ replicaCount: 1 }, /podDisruptionBudget\.minAvailable \(1\) must be below replicaCount \(1\)/],
  ];
  for (const [set, message] of cases) {
    it(JSON.stringify(set), async () => {
      await assert.rejects(renderChart(set), message);
    });
  }
  it('accepts a single replica once the PodDisruptionBudget is off', async () => {
    const manifests = await renderChart({ replicaCount: 1, 'podDisruptionBudget.enabled': false });
    assert.equal(find(manifests, 'Deployment').spec.replicas, 1);
  });
});

describe('values.schema.json and values.yaml', () => {
  const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8'));
  const values = parseYaml(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'));

  const resolve = (node: Manifest): Manifest => (node.$ref ? resolve(schema.definitions[node.$ref.replace('#/definitions/', '')]) : node);
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

  it('the defaults satisfy the schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(values), JSON.stringify(validate.errors));
  });

  it('every key in values.yaml is declared in the schema', () => {
    const undeclared: string[] = [];
    const walk = (value: unknown, node: Manifest, at: string): void => {
      node = resolve(node);
      if (!isMap(value) || !node.properties) return;
      for (const [key, child] of Object.entries(value)) {
        if (!(key in node.properties)) undeclared.push(`${at}.${key}`);
        else walk(child, node.properties[key], `${at}.${key}`);
      }
    };
    walk(values, schema, '');
    assert.deepEqual(undeclared, []);
  });

  it('every property in the schema has a default in values.yaml, and objects reject unknown keys', () => {
    const missing: string[] = [];
    const open: string[] = [];
    const walk = (value: unknown, node: Manifest, at: string): void => {
      // Resource quantities are a menu of optional entries (cpu, memory, ...), not settings with defaults.
      if (node.$ref === '#/definitions/quantityMap') return;
      node = resolve(node);
      if (!node.properties) return;
      if (node.additionalProperties !== false) open.push(at || '(root)');
      for (const [key, child] of Object.entries(node.properties as Record<string, Manifest>)) {
        if (key === 'global') continue; // helm's own, for subcharts
        const here = `${at}.${key}`;
        if (!isMap(value) || !(key in value)) {
          // Optional sub-keys of a map the user fills in (issuerRef, resource quantities) need no default.
          if (!isMap(value) || Object.keys(value).length > 0) missing.push(here);
          continue;
        }
        walk(value[key], child, here);
      }
    };
    walk(values, schema, '');
    assert.deepEqual(missing, []);
    assert.deepEqual(open, []);
  });
});
