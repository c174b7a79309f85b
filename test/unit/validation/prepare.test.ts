// prepareJobForCreate / prepareJobForUpdate: what the API server adds between defaulting and validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEHOLDER_UID, prepareJobForCreate, prepareJobForUpdate } from '../../../src/validation/prepare.ts';
import { validateJobCreate } from '../../../src/validation/job.ts';
import { CUID, JNAME, UID, baseJob, merge, type Json } from './job-fixtures.ts';

const userJob = (): Json => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: {
    manualSelector: false,
    template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } },
  },
  status: { active: 3 },
});

test('create: uid placeholder, generation 1, generated labels and selector, status cleared', () => {
  const input = userJob();
  const frozen = structuredClone(input);
  const job = prepareJobForCreate(input);
  assert.deepEqual(input, frozen, 'the input is not mutated');
  const meta = job.metadata as Json;
  assert.equal(meta.uid, PLACEHOLDER_UID);
  assert.equal(meta.generation, 1);
  const spec = job.spec as Json;
  assert.deepEqual((spec.template as Json).metadata, {
    labels: { app: 'pi', 'job-name': 'pi', [JNAME]: 'pi', 'controller-uid': PLACEHOLDER_UID, [CUID]: PLACEHOLDER_UID },
  });
  assert.deepEqual(spec.selector, { matchLabels: { [CUID]: PLACEHOLDER_UID } });
  assert.deepEqual(job.status, {});
});

test('create: an existing uid is kept (the webhook sees the server-assigned one)', () => {
  const job = prepareJobForCreate(merge(userJob(), { metadata: { uid: UID } }));
  assert.equal((job.metadata as Json).uid, UID);
  assert.deepEqual((job.spec as Json).selector, { matchLabels: { [CUID]: UID } });
});

test('create: user labels and selector entries are kept, so validation can report the conflict', () => {
  const input = merge(userJob(), { spec: { selector: { matchLabels: { app: 'pi' } }, template: { metadata: { labels: { 'job-name': 'x' } } } } });
  const job = prepareJobForCreate(input);
  assert.deepEqual((job.spec as Json).selector, { matchLabels: { app: 'pi', [CUID]: PLACEHOLDER_UID } });
  // The pod spec is not defaulted here; only the selector-related errors matter.
  const fields = validateJobCreate(job)
    .map((e) => e.field)
    .filter((f) => !f.startsWith('spec.template.spec'));
  assert.deepEqual(fields, ['spec.template.metadata.labels[job-name]', 'spec.selector']);
});

test('create: manualSelector true generates nothing', () => {
  const input = merge(userJob(), { spec: { manualSelector: true } });
  const job = prepareJobForCreate(input);
  assert.equal(job.spec, input.spec);
});

test('create: generateName becomes a name with a 5-character suffix, base cut at 58', () => {
  const job = prepareJobForCreate(merge(userJob(), { metadata: { name: undefined, generateName: 'pi-' } }));
  assert.equal((job.metadata as Json).name, 'pi-xxxxx');
  const long = prepareJobForCreate(merge(userJob(), { metadata: { name: undefined, generateName: 'a'.repeat(70) } }));
  assert.equal(((long.metadata as Json).name as string).length, 63);
});

test('update: the stored status wins, generation follows spec changes, system fields carry over', () => {
  const old = merge(baseJob(), { metadata: { generation: 4, creationTimestamp: '2025-01-01T00:00:00Z' }, status: { active: 1 } });
  const same = prepareJobForUpdate(merge(old, { metadata: { generation: 9, uid: undefined, creationTimestamp: undefined }, status: { active: 7 } }), old);
  assert.deepEqual(same.status, { active: 1 });
  assert.equal((same.metadata as Json).generation, 4);
  assert.equal((same.metadata as Json).uid, UID);
  assert.equal((same.metadata as Json).creationTimestamp, '2025-01-01T00:00:00Z');
  const changed = prepareJobForUpdate(merge(old, { spec: { parallelism: 2 } }), old);
  assert.equal((changed.metadata as Json).generation, 5);
  const noStatus = prepareJobForUpdate(old, merge(old, { status: undefined }));
  assert.equal('status' in noStatus, false);
});

test('odd input never throws', () => {
  for (const v of [null, {}, { spec: null }, 'x']) {
    assert.equal(typeof prepareJobForCreate(v), 'object');
    assert.equal(typeof prepareJobForUpdate(v, v), 'object');
  }
});

test('fields of pod gates that are off in 1.36 are dropped on create, kept on update when already in use', () => {
  const template = {
    spec: {
      restartPolicy: 'Never',
      schedulingGroup: { podGroupName: 'g' },
      containers: [{ name: 'a', image: 'x', lifecycle: { stopSignal: 'SIGUSR1' } }, { name: 'b', image: 'x', lifecycle: { stopSignal: 'SIGTERM', preStop: { sleep: { seconds: 1 } } } }],
      volumes: [{ name: 'v', projected: { sources: [{ clusterTrustBundle: { name: 'ctb', path: 'p' } }, { podCertificate: { signerName: 'a/b' } }, { configMap: { name: 'c' } }] } }],
    },
  };
  const input = merge(userJob(), { spec: { template } });
  const created = prepareJobForCreate(input);
  const podSpec = ((created.spec as Json).template as Json).spec as Json;
  assert.equal('schedulingGroup' in podSpec, false);
  assert.deepEqual(podSpec.containers, [{ name: 'a', image: 'x' }, { name: 'b', image: 'x', lifecycle: { preStop: { sleep: { seconds: 1 } } } }]);
  assert.deepEqual(podSpec.volumes, [{ name: 'v', projected: { sources: [{}, {}, { configMap: { name: 'c' } }] } }]);
  assert.deepEqual(((input.spec as Json).template as Json).spec, template.spec, 'the input is not mutated');

  const updated = prepareJobForUpdate(input, input);
  assert.deepEqual(((updated.spec as Json).template as Json).spec, template.spec);
  const plain = baseJob();
  assert.equal(prepareJobForUpdate(plain, plain).spec, plain.spec, 'nothing to drop: the spec is shared, not copied');
});

test('create: a Job without labels shares its template labels, generated ones included (Go map sharing)', () => {
  const job = prepareJobForCreate(userJob());
  const templateLabels = ((job.spec as Json).template as Json).metadata as Json;
  assert.deepEqual((job.metadata as Json).labels, templateLabels.labels);
  assert.equal(((job.metadata as Json).labels as Json)[JNAME], 'pi');
  const own = merge(userJob(), { metadata: { labels: { team: 'x' } } });
  assert.deepEqual((prepareJobForCreate(own).metadata as Json).labels, { team: 'x' });
  const none = merge(userJob(), { spec: { template: { metadata: { labels: null } } } });
  assert.equal(((prepareJobForCreate(merge(none, { spec: { manualSelector: true } })).metadata as Json).labels), undefined);
});

test('create: a name that is no label value fails at metadata.labels too, as on the API server', () => {
  const bad = merge(userJob(), { metadata: { name: 'job-' } });
  const fields = validateJobCreate(prepareJobForCreate(bad)).map((e) => e.field);
  assert.ok(fields.includes('metadata.labels'), JSON.stringify(fields));
});

test('update: a body without labels gets the template labels, as decode-time defaulting gives it', () => {
  const stored = prepareJobForCreate(userJob());
  const body = structuredClone(stored);
  delete (body.metadata as Json).labels;
  const labels = (prepareJobForUpdate(body, stored).metadata as Json).labels as Json;
  assert.equal(labels.app, 'pi');
});

test('create: a template without labels gets a new map, so generated labels stay out of metadata.labels', () => {
  const job = merge(userJob(), { spec: { template: { metadata: undefined } } });
  const prepared = prepareJobForCreate(job);
  assert.equal((prepared.metadata as Json).labels, undefined);
  assert.equal((((prepared.spec as Json).template as Json).metadata as Json).labels !== undefined, true);
});
