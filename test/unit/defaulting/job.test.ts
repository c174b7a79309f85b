import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCronJob, defaultJob, imageTag } from '../../../src/defaulting/index.ts';

type J = Record<string, any>;
const base = (): J => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi' },
  spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0' }] } } },
});

test('SetDefaults_Job: completions and parallelism, backoffLimit, mode, suspend, replacement, manualSelector', () => {
  const d = defaultJob(base());
  assert.deepEqual(
    { ...d.spec, template: undefined },
    {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      manualSelector: false,
      template: undefined,
    },
  );
});

test('parallelism alone leaves completions unset; backoffLimitPerIndex makes backoffLimit MaxInt32', () => {
  const j = base();
  j.spec.parallelism = 3;
  j.spec.backoffLimitPerIndex = 1;
  j.spec.podFailurePolicy = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] };
  const d = defaultJob(j);
  assert.equal(d.spec.completions, undefined);
  assert.equal(d.spec.parallelism, 3);
  assert.equal(d.spec.backoffLimit, 2147483647);
  assert.equal(d.spec.podReplacementPolicy, 'Failed');
  assert.equal(d.spec.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
});

test('null counts as unset (Go decodes null as nil)', () => {
  const j = base();
  j.spec.completions = null;
  j.spec.suspend = null;
  const d = defaultJob(j);
  assert.equal(d.spec.completions, 1);
  assert.equal(d.spec.suspend, false);
});

test('Job labels are not copied from the template: the API server does it, sharing the map', () => {
  const j = base();
  j.spec.template.metadata = { labels: { app: 'pi' } };
  assert.equal(defaultJob(j).metadata.labels, undefined);
});

test('pod template: restartPolicy, dnsPolicy, scheduler, grace period, securityContext, container fields', () => {
  const j = base();
  j.spec.template.spec.containers.push({
    name: 'side',
    image: 'busybox',
    ports: [{ containerPort: 80 }],
    env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    readinessProbe: { httpGet: { port: 80 } },
    lifecycle: { preStop: { httpGet: { port: 80 } } },
  });
  j.spec.template.spec.volumes = [{ name: 'scratch' }, { name: 's', secret: { secretName: 'x' } }, { name: 'h', hostPath: { path: '/x' } }];
  const ps = defaultJob(j).spec.template.spec;
  assert.equal(ps.restartPolicy, 'Always');
  assert.equal(ps.dnsPolicy, 'ClusterFirst');
  assert.equal(ps.schedulerName, 'default-scheduler');
  assert.equal(ps.terminationGracePeriodSeconds, 30);
  assert.deepEqual(ps.securityContext, {});
  const [pi, side] = ps.containers;
  assert.equal(pi.imagePullPolicy, 'IfNotPresent');
  assert.equal(pi.terminationMessagePath, '/dev/termination-log');
  assert.equal(pi.terminationMessagePolicy, 'File');
  assert.equal(side.imagePullPolicy, 'Always');
  assert.equal(side.ports[0].protocol, 'TCP');
  assert.equal(side.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.deepEqual(side.readinessProbe, {
    httpGet: { port: 80, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(side.lifecycle.preStop.httpGet, { port: 80, path: '/', scheme: 'HTTP' });
  assert.deepEqual(ps.volumes, [
    { name: 'scratch', emptyDir: {} },
    { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
    { name: 'h', hostPath: { path: '/x', type: '' } },
  ]);
});

test('explicit values are never overwritten; an empty restartPolicy is defaulted like Go', () => {
  const j = base();
  Object.assign(j.spec, { completions: 5, parallelism: 2, backoffLimit: 0, completionMode: 'Indexed', suspend: true });
  j.spec.template.spec.restartPolicy = '';
  j.spec.template.spec.containers[0].imagePullPolicy = 'Never';
  const d = defaultJob(j);
  assert.deepEqual([d.spec.completions, d.spec.parallelism, d.spec.backoffLimit, d.spec.completionMode, d.spec.suspend], [5, 2, 0, 'Indexed', true]);
  assert.equal(d.spec.template.spec.restartPolicy, 'Always');
  assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'Never');
});

test('defaulting is pure: the input is untouched, unchanged subtrees are shared, a second pass changes nothing', () => {
  const j = base();
  j.metadata.annotations = { a: 'b' };
  const before = structuredClone(j);
  const d = defaultJob(j);
  assert.deepEqual(j, before);
  assert.equal(d.metadata, j.metadata);
  assert.equal(defaultJob(d), d);
});

test('operator policy applies only where the user left the field unset', () => {
  const j = base();
  j.spec.activeDeadlineSeconds = 5;
  const d = defaultJob(j, { job: { ttlSecondsAfterFinished: 100, activeDeadlineSeconds: 3600, backoffLimit: 1 } });
  assert.equal(d.spec.ttlSecondsAfterFinished, 100);
  assert.equal(d.spec.activeDeadlineSeconds, 5);
  assert.equal(d.spec.backoffLimit, 1);
});

test('CronJob: spec defaults, and only the pod-failure status and pod defaults in the job template', () => {
  const cj = {
    spec: {
      schedule: '@hourly',
      jobTemplate: {
        spec: {
          podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
          template: { spec: { containers: [{ name: 'a', image: 'busybox:1.36' }] } },
        },
      },
    },
  };
  const d = defaultCronJob(cj) as J;
  assert.equal(d.spec.concurrencyPolicy, 'Allow');
  assert.equal(d.spec.suspend, false);
  assert.equal(d.spec.successfulJobsHistoryLimit, 3);
  assert.equal(d.spec.failedJobsHistoryLimit, 1);
  const js = d.spec.jobTemplate.spec;
  assert.equal(js.completions, undefined);
  assert.equal(js.backoffLimit, undefined);
  assert.equal(js.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
  assert.equal(js.template.spec.restartPolicy, 'Always');
  assert.equal(js.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  const withPolicy = defaultCronJob(cj, { cronJob: { startingDeadlineSeconds: 60, jobTemplate: { ttlSecondsAfterFinished: 30 } } }) as J;
  assert.equal(withPolicy.spec.startingDeadlineSeconds, 60);
  assert.equal(withPolicy.spec.jobTemplate.spec.ttlSecondsAfterFinished, 30);
});

test('image tags as the kubelet parses them', () => {
  const cases: [string, string][] = [
    ['busybox', 'latest'],
    ['busybox:latest', 'latest'],
    ['registry.k8s.io/pause:3.10', '3.10'],
    ['localhost:5000/team/app', 'latest'],
    ['busybox@sha256:' + 'a'.repeat(64), ''],
    ['Busybox', ''],
    ['', ''],
  ];
  for (const [image, tag] of cases) assert.equal(imageTag(image), tag, image);
});
