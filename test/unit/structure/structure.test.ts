import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString, root } from '../../../src/field/index.ts';
import { checkStructure } from '../../../src/validation/structure.ts';

const job = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', ...meta },
  spec,
});
const podSpec = (containers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ template: { spec: { containers, ...extra } } });
const lines = (kind: string, o: unknown): string[] => checkStructure(kind, o).map(errorString);

test('a well-typed Job passes; unknown fields and nulls are not errors', () => {
  const o = job({ parallelism: null, whatever: { x: 1 }, ...podSpec([{ name: 'a', image: 'b', unknown: [1], resources: { limits: { cpu: '500m', memory: 1e9 } } }]) }, { labels: null });
  assert.deepEqual(checkStructure('Job', o), []);
});

test('a string where an int32 is expected reads like the decoder', () => {
  assert.deepEqual(lines('Job', job({ parallelism: 'two' })), [
    'spec.parallelism: Invalid value: "two": json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32',
  ]);
  const [e] = checkStructure('Job', job({ parallelism: 'two' }));
  assert.equal(e.type, 'FieldValueTypeInvalid');
});

test('int32 and int64 ranges, fractions', () => {
  assert.deepEqual(lines('Job', job({ completions: 2147483648, backoffLimit: -2147483649, activeDeadlineSeconds: 1.5 })), [
    'spec.activeDeadlineSeconds: Invalid value: 1.5: json: cannot unmarshal number 1.5 into Go struct field JobSpec.spec.activeDeadlineSeconds of type int64',
    'spec.backoffLimit: Invalid value: -2147483649: json: cannot unmarshal number -2147483649 into Go struct field JobSpec.spec.backoffLimit of type int32',
    'spec.completions: Invalid value: 2147483648: json: cannot unmarshal number 2147483648 into Go struct field JobSpec.spec.completions of type int32',
  ]);
  assert.deepEqual(checkStructure('Job', job({ completions: 2147483647, activeDeadlineSeconds: 9007199254740991 })), []);
});

test('a list where an object is expected, an object where a list is, a bad element', () => {
  assert.deepEqual(lines('Job', job({ template: [] })), [
    'spec.template: Invalid value: json: cannot unmarshal array into Go struct field JobSpec.spec.template of type v1.PodTemplateSpec',
  ]);
  assert.deepEqual(lines('Job', job(podSpec({ name: 'a' } as never))), [
    'spec.template.spec.containers: Invalid value: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
  ]);
  assert.deepEqual(lines('Job', job(podSpec([{ name: 'a', args: ['x', 3] }]))), [
    'spec.template.spec.containers[0].args[1]: Invalid value: 3: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string',
  ]);
});

test('named Go types, embedded structs and map values keep the decoder wording', () => {
  assert.deepEqual(lines('Job', job(podSpec([], { restartPolicy: 1 }))), [
    'spec.template.spec.restartPolicy: Invalid value: 1: json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy',
  ]);
  assert.deepEqual(lines('Job', job(podSpec([], { volumes: [{ name: 'v', configMap: { defaultMode: '0644' } }] }))), [
    'spec.template.spec.volumes[0].configMap.defaultMode: Invalid value: "0644": json: cannot unmarshal string into Go struct field ConfigMapVolumeSource.spec.template.spec.volumes.VolumeSource.configMap.defaultMode of type int32',
  ]);
  assert.deepEqual(lines('Job', job({}, { labels: { 'app.kubernetes.io/name': true } })), [
    'metadata.labels[app.kubernetes.io/name]: Invalid value: true: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
  ]);
});

test('quantities, int-or-string and timestamps', () => {
  assert.deepEqual(lines('Job', job(podSpec([{ name: 'a', resources: { requests: { cpu: '1 core', memory: true } } }]))), [
    "spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: \"1 core\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    "spec.template.spec.containers[0].resources.requests[memory]: Invalid value: true: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ]);
  for (const ok of ['1', '0.5', '.5', '100m', '1Gi', '1e3', '+2k', '5n']) {
    assert.deepEqual(checkStructure('Job', job(podSpec([{ name: 'a', resources: { limits: { cpu: ok } } }]))), [], ok);
  }
  assert.deepEqual(lines('Job', job(podSpec([{ name: 'a', livenessProbe: { httpGet: { port: 1.5 } }, readinessProbe: { tcpSocket: { port: 'http' } } }]))), [
    'spec.template.spec.containers[0].livenessProbe.httpGet.port: Invalid value: 1.5: json: cannot unmarshal number 1.5 into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.ProbeHandler.httpGet.port of type int32',
  ]);
  const [t] = checkStructure('Job', job({}, { creationTimestamp: 'yesterday' }));
  assert.equal(t.field, 'metadata.creationTimestamp');
  assert.deepEqual(checkStructure('Job', job({}, { creationTimestamp: '2026-11-22T10:00:00Z' })), []);
});

test('CronJob paths run through the job template', () => {
  const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: 5, jobTemplate: { spec: { parallelism: '2' } } } };
  assert.deepEqual(lines('CronJob', cj), [
    'spec.jobTemplate.spec.parallelism: Invalid value: "2": json: cannot unmarshal string into Go struct field JobSpec.spec.jobTemplate.spec.parallelism of type int32',
    'spec.schedule: Invalid value: 5: json: cannot unmarshal number into Go struct field CronJobSpec.spec.schedule of type string',
  ]);
});

test('a non-object document, an unknown kind, a path prefix', () => {
  assert.deepEqual(lines('Job', []), [': Invalid value: json: cannot unmarshal array into Go value of type v1.Job']);
  assert.deepEqual(lines('CronJob', 'x'), [': Invalid value: json: cannot unmarshal string into Go value of type v1.CronJob']);
  assert.deepEqual(checkStructure('Job', null), [], 'null decodes into the zero value');
  assert.deepEqual(lines('Job', undefined), [': Invalid value: no object to decode']);
  assert.deepEqual(checkStructure('Deployment', { spec: 1 }), []);
  const [e] = checkStructure('Job', job({ suspend: 'yes' }), root('request', 'object'));
  assert.equal(e.field, 'request.object.spec.suspend');
});

test('unknown fields are listed in document order with the API server paths, nothing else', async () => {
  const { unknownFields } = await import('../../../src/validation/structure.ts');
  const o = job(
    {
      foo: 1,
      template: {
        spec: {
          containers: [{ name: 'a', bar: { x: 1 } }, { name: 'b', resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 1, baz: 2 }] }],
          volumes: [{ name: 'v', configMap: { name: 'x', qux: 1 } }],
        },
      },
    },
    { labelz: 1, labels: { any: 'thing' }, annotations: { 'a/b': 'c' } },
  );
  // As kube-apiserver 1.36.4 printed them for the same object with kubectl --validate=warn.
  assert.deepEqual(unknownFields('Job', o), [
    'metadata.labelz',
    'spec.foo',
    'spec.template.spec.containers[0].bar',
    'spec.template.spec.containers[1].ports[0].baz',
    'spec.template.spec.volumes[0].configMap.qux',
  ]);
  assert.deepEqual(unknownFields('CronJob', { spec: { jobTemplate: { spec: { nope: true } } } }), ['spec.jobTemplate.spec.nope']);
  assert.deepEqual(unknownFields('Job', 'not an object'), []);
});

test('a non-string timestamp reads like the decoder (metav1.Time decodes through a string)', () => {
  // kube-apiserver 1.36.4 (kubectl decodes metadata first and prints the same sentence).
  assert.deepEqual(lines('Job', job({}, { deletionTimestamp: 5 })), [
    'metadata.deletionTimestamp: Invalid value: 5: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.deletionTimestamp of type string',
  ]);
});
