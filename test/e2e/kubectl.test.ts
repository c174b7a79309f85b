// End to end with the real kubectl, kube-apiserver 1.36 and batchguard's `serve` process, registered
// by URL + caBundle. The built-in answers are recorded first on the same control plane (before the
// webhooks exist); then batchguard's /validate is registered as a mutating webhook too, so it
// answers BEFORE built-in validation, and kubectl must print exactly the same text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { reviewObject } from '../../src/engine/index.ts';
import {
  REPO_ROOT,
  registerWebhooks,
  startControlPlane,
  startWebhook,
  type ControlPlane,
  type KubectlResult,
  type RegisteredWebhooks,
  type WebhookProcess,
} from '../harness/index.ts';

const example = (name: string): string => path.join(REPO_ROOT, 'examples', `${name}.yaml`);
const fixture = (name: string): string => path.join(REPO_ROOT, 'test/e2e/fixtures', `${name}.yaml`);
const DENIED = ['job-invalid', 'job-indexed-invalid', 'cronjob-invalid'];

let cp: ControlPlane;
let webhook: WebhookProcess;
let registered: RegisteredWebhooks;
const builtin = new Map<string, KubectlResult>();

const JOB_INVALID_TEXT =
  'The Job "broken" is invalid: \n' +
  '* spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n' +
  '* spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"\n';
const CRONJOB_INVALID_TEXT =
  'The CronJob "typo" is invalid: \n' +
  '* spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61\n' +
  '* spec.timeZone: Invalid value: "Europe/Berln": unknown time zone Europe/Berln\n';
const UPDATE_BASE = `apiVersion: batch/v1
kind: Job
metadata:
  name: resized
spec:
  parallelism: PARALLELISM
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
`;

function metrics(url: string, caPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(`${url}/metrics`, { ca: caPem }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const counted = (text: string, hook: 'validate' | 'mutate'): number =>
  text
    .split('\n')
    .filter((l) => l.startsWith('batchguard_admission_requests_total{') && l.includes(`webhook="${hook}"`))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);

before(async () => {
  cp = await startControlPlane();
  webhook = await startWebhook({ dir: path.join(cp.dir, 'webhook'), kubeconfigPath: cp.kubeconfigPath });
  // The API server's own answers, before any webhook exists.
  for (const name of DENIED) builtin.set(name, await cp.kubectl(['apply', '-f', example(name)]));
  builtin.set('create:job-invalid', await cp.kubectl(['create', '-f', example('job-invalid')]));
  builtin.set('deprecated-label', await cp.kubectl(['apply', '--dry-run=server', '-f', fixture('job-deprecated-node-label')]));
  assert.equal((await cp.kubectl(['apply', '-f', '-'], { input: UPDATE_BASE.replace('PARALLELISM', '2') })).code, 0);
  builtin.set('update', await cp.kubectl(['apply', '-f', '-'], { input: UPDATE_BASE.replace('PARALLELISM', '-3') }));
  registered = await registerWebhooks(cp, { url: webhook.url, caPem: webhook.caPem, alsoValidateAsMutating: true });
});

after(async () => {
  await registered?.unregister();
  await webhook?.stop();
  await cp?.stop();
});

describe('denials read exactly like the API server', () => {
  for (const name of DENIED) {
    test(`kubectl apply -f examples/${name}.yaml`, async () => {
      const r = await cp.kubectl(['apply', '-f', example(name)]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, builtin.get(name)!.stderr);
      assert.equal(builtin.get(name)!.code, 1);
    });
  }

  test('the literal text of two denials', () => {
    assert.equal(builtin.get('job-invalid')!.stderr, JOB_INVALID_TEXT);
    assert.equal(builtin.get('cronjob-invalid')!.stderr, CRONJOB_INVALID_TEXT);
  });

  test('it is batchguard that denies (the raw answer names the webhook)', async () => {
    const job = parseYaml(readFileSync(example('job-invalid'), 'utf8'));
    const res = await cp.api.request('POST', '/apis/batch/v1/namespaces/default/jobs?dryRun=All', job);
    assert.equal(res.status, 422);
    assert.match(res.json.message, /^admission webhook "validate-early\.batchguard\.io" denied the request: Job\.batch "broken" is invalid: /);
    assert.deepEqual(
      res.json.details.causes.map((c: { field: string }) => c.field),
      ['spec.parallelism', 'spec.template.spec.restartPolicy'],
    );
  });

  test('kubectl create -f and stdin print the same', async () => {
    const created = await cp.kubectl(['create', '-f', example('job-invalid')]);
    assert.equal(created.code, 1);
    assert.equal(created.stderr, builtin.get('create:job-invalid')!.stderr);
    const piped = await cp.kubectl(['apply', '-f', '-'], { input: readFileSync(example('job-invalid'), 'utf8') });
    assert.equal(piped.code, 1);
    assert.equal(piped.stderr, JOB_INVALID_TEXT);
  });

  test('an invalid update is denied with the same text', async () => {
    const r = await cp.kubectl(['apply', '-f', '-'], { input: UPDATE_BASE.replace('PARALLELISM', '-3') });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, builtin.get('update')!.stderr);
    assert.equal(r.stderr, 'The Job "resized" is invalid: spec.parallelism: Invalid value: -3: must be greater than or equal to 0\n');
  });
});

describe('accepted objects', () => {
  test('kubectl apply --dry-run=server works and stores nothing', async () => {
    assert.equal((await cp.kubectl(['create', 'namespace', 'dry'])).code, 0);
    const r = await cp.kubectl(['apply', '--dry-run=server', '-n', 'dry', '-f', example('job-valid')]);
    assert.deepEqual(r, { code: 0, stdout: 'job.batch/pi created (server dry run)\n', stderr: '' });
    const get = await cp.kubectl(['get', 'job', 'pi', '-n', 'dry']);
    assert.equal(get.code, 1);
    assert.equal(get.stderr, 'Error from server (NotFound): jobs.batch "pi" not found\n');
    const denied = await cp.kubectl(['apply', '--dry-run=server', '-n', 'dry', '-f', example('job-invalid')]);
    assert.equal(denied.code, 1);
    assert.equal(denied.stderr, JOB_INVALID_TEXT);
  });

  test('a valid Job is created through both webhooks with its defaults stored', async () => {
    const before = await metrics(webhook.url, webhook.caPem);
    const r = await cp.kubectl(['apply', '-f', example('job-valid')]);
    assert.deepEqual(r, { code: 0, stdout: 'job.batch/pi created\n', stderr: '' });
    const after = await metrics(webhook.url, webhook.caPem);
    assert.ok(counted(after, 'mutate') >= counted(before, 'mutate') + 1, 'the mutating webhook was called');
    // /validate answers twice: once early (registered as mutating), once as the validating webhook.
    assert.ok(counted(after, 'validate') >= counted(before, 'validate') + 2, 'both validation calls were made');
    const job = JSON.parse((await cp.kubectl(['get', 'job', 'pi', '-o', 'json'])).stdout);
    assert.equal(job.spec.completions, 1);
    assert.equal(job.spec.parallelism, 1);
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.completionMode, 'NonIndexed');
    assert.equal(job.spec.suspend, false);
    assert.equal(job.spec.podReplacementPolicy, 'TerminatingOrFailed');
    const c = job.spec.template.spec.containers[0];
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.terminationMessagePath, '/dev/termination-log');
    assert.equal(job.spec.template.spec.dnsPolicy, 'ClusterFirst');
    assert.equal(job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'], job.metadata.uid);
  });

  test('a valid CronJob is created without warnings', async () => {
    const r = await cp.kubectl(['apply', '-f', example('cronjob-valid')]);
    assert.deepEqual(r, { code: 0, stdout: 'cronjob.batch/nightly-report created\n', stderr: '' });
    const cj = JSON.parse((await cp.kubectl(['get', 'cronjob', 'nightly-report', '-o', 'json'])).stdout);
    assert.equal(cj.spec.timeZone, 'Europe/Berlin');
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);
    assert.equal(cj.spec.suspend, false);
  });

  test('fields batchguard does not know survive its mutation', async () => {
    const input = parseYaml(readFileSync(fixture('job-kept-fields'), 'utf8'));
    const r = await cp.kubectl(['apply', '-f', fixture('job-kept-fields')]);
    assert.deepEqual(r, { code: 0, stdout: 'job.batch/kept-fields created\n', stderr: '' });
    const job = JSON.parse((await cp.kubectl(['get', 'job', 'kept-fields', '-o', 'json'])).stdout);
    assert.equal(job.metadata.annotations['example.com/owner'], input.metadata.annotations['example.com/owner']);
    assert.deepEqual(job.spec.template.metadata.annotations, input.spec.template.metadata.annotations);
    const spec = job.spec.template.spec;
    assert.equal(spec.enableServiceLinks, false);
    assert.equal(spec.setHostnameAsFQDN, true);
    assert.deepEqual(spec.os, { name: 'linux' });
    assert.deepEqual(spec.containers[0].resizePolicy, [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }]);
  });

  test('an opted-in Job is handed to batchguard\'s controller (spec.managedBy)', async () => {
    const r = await cp.kubectl(['apply', '-f', example('job-managed')]);
    assert.deepEqual(r, { code: 0, stdout: 'job.batch/managed-by-batchguard created\n', stderr: '' });
    const managedBy = await cp.kubectl(['get', 'job', 'managed-by-batchguard', '-o', 'jsonpath={.spec.managedBy}']);
    assert.equal(managedBy.stdout, 'batchguard.io/job-controller');
  });
});

describe('warnings', () => {
  test('batchguard\'s own warning appears as "Warning: ..." and the object is created', async () => {
    const r = await cp.kubectl(['apply', '-f', example('cronjob-warnings')]);
    assert.deepEqual(r, {
      code: 0,
      stdout: 'cronjob.batch/never created\n',
      stderr: 'Warning: batchguard: spec.schedule: "0 0 30 2 *" never fires (no February 30)\n',
    });
  });

  test('an API-server warning is printed once, and exactly the engine\'s warnings appear', async () => {
    const r = await cp.kubectl(['apply', '-f', fixture('job-deprecated-node-label')]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'job.batch/old-label created\n');
    const builtinLines = builtin.get('deprecated-label')!.stderr.split('\n').filter(Boolean);
    assert.ok(builtinLines.length > 0, 'the API server warns about beta.kubernetes.io/arch');
    const verdict = reviewObject({ kind: 'Job', operation: 'CREATE', object: parseYaml(readFileSync(fixture('job-deprecated-node-label'), 'utf8')) });
    const expected = new Set([...builtinLines, ...verdict.warnings.map((w) => `Warning: ${w}`)]);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, new Set(lines).size, 'no warning twice');
    assert.deepEqual(new Set(lines), expected);
  });
});
