import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, check, ctr } from './fixtures.ts';

const e0 = 'spec.template.spec.containers[0].env[0]';

test('env name: Required, then relaxed rule (printable ASCII except "=")', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: '' }]))), [{ field: `${e0}.name`, type: 'FieldValueRequired', detail: '' }]);
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A=B' }, { name: 'é' }]))).map((e) => [e.field, e.detail]), [
    [`${e0}.name`, "a valid environment variable name must consist only of printable ASCII characters other than '='"],
    ['spec.template.spec.containers[0].env[1].name', "a valid environment variable name must consist only of printable ASCII characters other than '='"],
  ]);
  assert.deepEqual(check((t) => (ctr(t).env = [{ name: '1 weird.name-ok' }])), []);
});

test('valueFrom needs exactly one source and no value', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: {} }]))), [
    {
      field: `${e0}.valueFrom`,
      type: 'FieldValueInvalid',
      detail: 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
    },
  ]);
  const two = { configMapKeyRef: { name: 'c', key: 'k' }, secretKeyRef: { name: 's', key: 'k' } };
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: two }]))), [
    { field: `${e0}.valueFrom`, type: 'FieldValueInvalid', detail: 'may not have more than one field specified at a time' },
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]))), [
    { field: `${e0}.valueFrom`, type: 'FieldValueInvalid', detail: 'may not be specified when `value` is not empty' },
  ]);
});

test('fieldRef: apiVersion, conversion errors, supported paths, subscripts', () => {
  const ref = (fieldPath: string) => (t: any) => (ctr(t).env = [{ name: 'A', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } }]);
  assert.deepEqual(brief(check(ref('spec.nope'))), [
    { field: `${e0}.valueFrom.fieldRef.fieldPath`, type: 'FieldValueInvalid', detail: 'error converting fieldPath: field label not supported: spec.nope' },
  ]);
  assert.deepEqual(brief(check(ref('status.phase'))), [
    {
      field: `${e0}.valueFrom.fieldRef.fieldPath`,
      type: 'FieldValueNotSupported',
      detail:
        'supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    },
  ]);
  assert.deepEqual(check(ref("metadata.labels['app']")), []);
  assert.deepEqual(check(ref('spec.host')), []);
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]))), [
    { field: `${e0}.valueFrom.fieldRef.apiVersion`, type: 'FieldValueRequired', detail: '' },
  ]);
});

test('resourceFieldRef: resource names and divisors', () => {
  const errs = check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1Mi' } } }]));
  assert.deepEqual(brief(errs), [
    {
      field: `${e0}.valueFrom.resourceFieldRef.divisor`,
      type: 'FieldValueInvalid',
      detail: "only divisor's values 1m and 1 are supported with the cpu resource",
    },
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }]))).map((e) => e.type), [
    'FieldValueNotSupported',
  ]);
  assert.deepEqual(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'requests.hugepages-2Mi', divisor: '1Mi' } } }])), []);
});

test('secretKeyRef/configMapKeyRef: name as Secret name, key as config key', () => {
  const errs = check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'Cfg', key: 'a/b' } } }]));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.detail.slice(0, 40)]), [
    [`${e0}.valueFrom.configMapKeyRef.name`, 'a lowercase RFC 1123 subdomain must cons'],
    [`${e0}.valueFrom.configMapKeyRef.key`, "a valid config key must consist of alpha"],
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }]))), [
    { field: `${e0}.valueFrom.secretKeyRef.key`, type: 'FieldValueRequired', detail: '' },
  ]);
});

test('fileKeyRef: key, volumeName, path, and the volume must be an emptyDir', () => {
  const errs = check((t) => {
    t.spec.volumes = [{ name: 'cfg', configMap: { name: 'c' } }];
    ctr(t).env = [
      { name: 'A', valueFrom: { fileKeyRef: { key: 'K', volumeName: 'cfg', path: '../x' } } },
      { name: 'B', valueFrom: { fileKeyRef: { key: 'K', volumeName: 'gone', path: 'x' } } },
    ];
  });
  assert.deepEqual(brief(errs), [
    { field: `${e0}.valueFrom.fileKeyRef.path`, type: 'FieldValueInvalid', detail: "must not contain '..'" },
    { field: `${e0}.valueFrom.fileKeyRef.volumeName`, type: 'FieldValueInvalid', detail: 'referenced volume must be of type emptyDir' },
    { field: 'spec.template.spec.containers[0].env[1].valueFrom.fileKeyRef.volumeName', type: 'FieldValueNotFound', detail: '' },
  ]);
});

test('envFrom: prefix, one source, names checked with a trailing dash allowed', () => {
  const errs = check((t) => (ctr(t).envFrom = [{ prefix: 'A=' }, { configMapRef: { name: 'cfg-' }, secretRef: { name: 'S' } }]));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail.slice(0, 42)]), [
    ['spec.template.spec.containers[0].envFrom[0].prefix', 'FieldValueInvalid', 'a valid environment variable name must con'],
    ['spec.template.spec.containers[0].envFrom', 'FieldValueInvalid', 'must specify one of: `configMapRef` or `se'],
    ['spec.template.spec.containers[0].envFrom[1].secretRef.name', 'FieldValueInvalid', 'a lowercase RFC 1123 subdomain must consis'],
    ['spec.template.spec.containers[0].envFrom', 'FieldValueInvalid', 'may not have more than one field specified'],
  ]);
});
