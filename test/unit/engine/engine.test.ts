import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewObject } from '../../../src/engine/index.ts';

const job = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0' }], restartPolicy: 'Never' } }, ...spec },
});

test('a valid Job is allowed with the defaults as a patch', () => {
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object: job() });
  assert.deepEqual(v.errors, []);
  assert.equal(v.supported, true);
  assert.equal(v.name, 'pi');
  assert.equal(v.namespace, 'default');
  assert.deepEqual(
    v.patch.find((p) => p.path === '/spec/backoffLimit'),
    { op: 'add', path: '/spec/backoffLimit', value: 6 },
  );
});

test('other kinds are not supported and get an empty verdict', () => {
  const v = reviewObject({ kind: 'Deployment', operation: 'CREATE', object: { metadata: { name: 'd' } } });
  assert.deepEqual(v, { kind: 'Deployment', name: 'd', namespace: '', errors: [], warnings: [], patch: [], supported: false });
});

test('a decoder refusal stops the review with a FieldValueTypeInvalid at the field', () => {
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object: job({ parallelism: 'two' }) });
  assert.equal(v.errors.length, 1);
  assert.equal(v.errors[0].type, 'FieldValueTypeInvalid');
  assert.equal(v.errors[0].field, 'spec.parallelism');
  assert.equal(v.errors[0].detail, 'json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32');
  assert.deepEqual(v.patch, []);
});

test('policy defaults fill only unset fields and show up in the patch', () => {
  const policy = { job: { ttlSecondsAfterFinished: 600, activeDeadlineSeconds: 3600, backoffLimit: 2 } };
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object: job({ activeDeadlineSeconds: 10 }), policy });
  assert.deepEqual(v.errors, []);
  const byPath = new Map(v.patch.map((p) => [p.path, p]));
  assert.deepEqual(byPath.get('/spec/ttlSecondsAfterFinished'), { op: 'add', path: '/spec/ttlSecondsAfterFinished', value: 600 });
  assert.deepEqual(byPath.get('/spec/backoffLimit'), { op: 'add', path: '/spec/backoffLimit', value: 2 });
  assert.equal(byPath.has('/spec/activeDeadlineSeconds'), false);
});

test('an invalid policy document is an InternalError, not an exception', () => {
  const v = reviewObject({ kind: 'Job', operation: 'CREATE', object: job(), policy: { job: { backoffLimit: -1 } } });
  assert.equal(v.errors.length, 1);
  assert.equal(v.errors[0].type, 'InternalError');
});

test('garbage input never throws', () => {
  for (const object of [null, 42, 'x', [], { spec: [] }, { metadata: 'x', spec: { template: 3 } }]) {
    for (const kind of ['Job', 'CronJob']) {
      const v = reviewObject({ kind, operation: 'CREATE', object });
      assert.ok(v.errors.length > 0, `${kind} ${JSON.stringify(object)} should be invalid`);
    }
  }
  const v = reviewObject({ kind: 'Job', operation: 'DELETE' as never, object: job() });
  assert.equal(v.errors[0].type, 'InternalError');
});

test('a CronJob UPDATE is validated against the stored object', () => {
  const stored = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'default', uid: 'u1', resourceVersion: '5', generation: 1 },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'busybox' }], restartPolicy: 'OnFailure' } } } },
    },
  };
  const updated = structuredClone(stored) as typeof stored;
  updated.spec.schedule = 'TZ=UTC */5 * * * *';
  const v = reviewObject({ kind: 'CronJob', operation: 'UPDATE', object: updated, oldObject: stored });
  assert.deepEqual(
    v.errors.map((e) => [e.field, e.type]),
    [['spec.schedule', 'FieldValueInvalid']],
  );
});

test('warnings come with accepted objects only, as the API server sends them', () => {
  const dotted = job();
  (dotted.metadata as Record<string, unknown>).name = 'pi.v2';
  const ok = reviewObject({ kind: 'Job', operation: 'CREATE', object: dotted });
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.warnings.length, 1);
  assert.match(ok.warnings[0], /^metadata\.name: this is used in Pod names and hostnames/);
  const bad = structuredClone(dotted) as Record<string, any>;
  bad.spec.parallelism = -1;
  const rejected = reviewObject({ kind: 'Job', operation: 'CREATE', object: bad });
  assert.equal(rejected.errors.length, 1);
  assert.deepEqual(rejected.warnings, []);
});

test('an UPDATE without the stored object is an InternalError', () => {
  const v = reviewObject({ kind: 'Job', operation: 'UPDATE', object: job() });
  assert.deepEqual(
    v.errors.map((e) => [e.field, e.type, e.detail]),
    [['oldObject', 'InternalError', 'an UPDATE needs the stored object']],
  );
});

test('CREATE with only generateName is validated under the generated name, for Jobs and CronJobs', () => {
  // 52 bytes of base: fine as a base, but the generated name (58 + 5 bytes max) breaks the CronJob 52-byte limit.
  const base = 'a'.repeat(50) + '-';
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { generateName: base, namespace: 'ops' },
    spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } },
  };
  const v = reviewObject({ kind: 'CronJob', operation: 'CREATE', object: cronJob });
  assert.deepEqual(
    v.errors.map((e) => [e.field, e.type, e.detail]),
    [['metadata.name', 'FieldValueInvalid', 'must be no more than 52 characters']],
  );
  assert.equal(v.errors[0].badValue, `${base}xxxxx`);
  const short = reviewObject({ kind: 'CronJob', operation: 'CREATE', object: { ...cronJob, metadata: { generateName: 'nightly-', namespace: 'ops' } } });
  assert.deepEqual(short.errors, []);
  assert.equal(short.patch.some((p) => p.path.startsWith('/metadata/name')), false, 'the name is the API server\'s, not a patch');
  const jobOnly = reviewObject({ kind: 'Job', operation: 'CREATE', object: { ...job(), metadata: { generateName: 'pi-', namespace: 'default' } } });
  assert.deepEqual(jobOnly.errors, []);
});

test('an empty metadata.namespace is taken from the request namespace', () => {
  const noNamespace = { ...job(), metadata: { name: 'pi' } };
  const without = reviewObject({ kind: 'Job', operation: 'CREATE', object: noNamespace });
  assert.deepEqual(without.errors.map((e) => e.field), ['metadata.namespace']);
  const withNs = reviewObject({ kind: 'Job', operation: 'CREATE', object: noNamespace, namespace: 'team-a' });
  assert.deepEqual(withNs.errors, []);
  assert.equal(withNs.namespace, 'team-a');
  assert.equal(withNs.patch.some((p) => p.path.startsWith('/metadata/namespace')), false);
});

test('CronJob CREATE drops template fields of disabled gates (lifecycle.stopSignal) as the strategy does', () => {
  const cronJob = (lifecycle: unknown) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'ops' },
    spec: {
      schedule: '@daily',
      // An invalid stop signal: it would fail validation if it were not dropped first.
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox', lifecycle }], restartPolicy: 'Never' } } } },
    },
  });
  const v = reviewObject({ kind: 'CronJob', operation: 'CREATE', object: cronJob({ stopSignal: 'SIGNOPE' }) });
  assert.deepEqual(v.errors, []);
  const old = cronJob({ stopSignal: 'SIGTERM' });
  const u = reviewObject({ kind: 'CronJob', operation: 'UPDATE', object: cronJob({ stopSignal: 'SIGNOPE' }), oldObject: old });
  assert.ok(u.errors.some((e) => e.field.endsWith('lifecycle.stopSignal')), JSON.stringify(u.errors));
});

test('patch: false skips the patch and changes no verdict', () => {
  const object = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
  };
  const full = reviewObject({ kind: 'Job', operation: 'CREATE', object, namespace: 'default' });
  const bare = reviewObject({ kind: 'Job', operation: 'CREATE', object, namespace: 'default', patch: false });
  assert.ok(full.patch.length > 0);
  assert.deepEqual(bare.patch, []);
  assert.deepEqual(bare.errors, full.errors);
  assert.deepEqual(bare.warnings, full.warnings);
  assert.equal(bare.namespace, 'default');
});
