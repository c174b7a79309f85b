import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/field/index.ts';
import { brief, check, ctr } from './fixtures.ts';

const r = 'spec.template.spec.containers[0].resources';

test('requests must not exceed limits; the message prints canonical quantities', () => {
  const errs = check((t) => (ctr(t).resources = { requests: { cpu: '1.5', memory: '2048Mi' }, limits: { cpu: '1000m', memory: '1Gi' } }));
  assert.deepEqual(errs.map(errorString), [
    `${r}.requests: Invalid value: "1500m": must be less than or equal to cpu limit of 1`,
    `${r}.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi`,
  ]);
  assert.deepEqual(check((t) => (ctr(t).resources = { requests: { cpu: '1' }, limits: { cpu: '1000m' } })), []);
});

test('quantities must not be negative', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).resources = { limits: { cpu: '-1' } }))), [
    { field: `${r}.limits[cpu]`, type: 'FieldValueInvalid', detail: 'must be greater than or equal to 0' },
  ]);
});

test('an unparseable quantity is reported at its key with the parser message', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).resources = { requests: { memory: '1 Gi' } }))), [
    {
      field: `${r}.requests[memory]`,
      type: 'FieldValueInvalid',
      detail: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    },
  ]);
});

test('resource names: standard for containers, or fully qualified extended resources', () => {
  const errs = check((t) => (ctr(t).resources = { limits: { gpu: '1', pods: '1', 'example.com/foo': '1', 'requests.x/y': '1' } }));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.detail]), [
    [`${r}.limits[gpu]`, 'must be a standard resource type or fully qualified'],
    [`${r}.limits[gpu]`, 'must be a standard resource for containers'],
    [`${r}.limits[pods]`, 'must be a standard resource for containers'],
    [`${r}.limits[requests.x/y]`, "doesn't follow extended resource name standard"],
  ]);
});

test('extended resources: whole numbers, and requests equal to limits', () => {
  const errs = check((t) => (ctr(t).resources = { requests: { 'example.com/gpu': '500m' }, limits: { 'example.com/gpu': '1' } }));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.detail]), [
    [`${r}.requests[example.com/gpu]`, 'must be an integer'],
    [`${r}.requests`, 'must be equal to example.com/gpu limit of 1'],
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).resources = { requests: { 'example.com/gpu': '1' } }))), [
    { field: `${r}.limits`, type: 'FieldValueRequired', detail: 'Limit must be set for non overcommitable resources' },
  ]);
});

test('hugepages need cpu or memory and whole pages', () => {
  const errs = check((t) => (ctr(t).resources = { limits: { 'hugepages-2Mi': '3Mi' }, requests: { 'hugepages-2Mi': '3Mi' } }));
  assert.deepEqual(brief(errs).map((e) => [e.field, e.type, e.detail]), [
    [`${r}.limits[hugepages-2Mi]`, 'FieldValueInvalid', '3Mi is not positive integer multiple of hugepages-2Mi'],
    [`${r}.requests[hugepages-2Mi]`, 'FieldValueInvalid', '3Mi is not positive integer multiple of hugepages-2Mi'],
    [r, 'FieldValueForbidden', 'HugePages require cpu or memory'],
  ]);
});

test('claims must name pod resourceClaims', () => {
  const errs = check((t) => (ctr(t).resources = { claims: [{ name: 'gpu' }, { name: '' }] }));
  assert.deepEqual(brief(errs), [
    { field: `${r}.claims[0]`, type: 'FieldValueNotFound', detail: 'must be one of the names in pod.spec.resourceClaims which is empty' },
    { field: `${r}.claims[1]`, type: 'FieldValueRequired', detail: '' },
  ]);
});

test('pod-level resources: supported names, container limits within pod limits', () => {
  const errs = check((t) => {
    t.spec.resources = { limits: { cpu: '1', 'ephemeral-storage': '1Gi' } };
    ctr(t).resources = { limits: { cpu: '2' } };
  });
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.template.spec.resources.limits[ephemeral-storage]',
      type: 'FieldValueNotSupported',
      detail: 'supported values: "cpu", "hugepages-", "memory"',
    },
    { field: 'spec.template.spec.resources.containers[0][cpu].limits', type: 'FieldValueInvalid', detail: 'must be less than or equal to pod limits of 1' },
  ]);
});

test('pod-level requests must cover the aggregate container requests (sidecars and init containers)', () => {
  const errs = check((t) => {
    t.spec.resources = { requests: { cpu: '1', memory: '1Gi' } };
    ctr(t).resources = { requests: { cpu: '500m', memory: '512Mi' } };
    t.spec.initContainers = [
      { name: 'side', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } },
      { name: 'init', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', resources: { requests: { memory: '2Gi' } } },
    ];
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.resources.requests[memory]', type: 'FieldValueInvalid', detail: 'must be greater than or equal to aggregate container requests of 2Gi' },
  ]);
  assert.equal(
    brief(check((t) => {
      t.spec.resources = { requests: { cpu: '700m' } };
      ctr(t).resources = { requests: { cpu: '500m' } };
      t.spec.containers.push({ name: 'b', image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File', resources: { requests: { cpu: '0.3' } } });
    }))[0].detail,
    'must be greater than or equal to aggregate container requests of 800m',
  );
});

test('overhead is validated like container limits', () => {
  assert.deepEqual(brief(check((t) => (t.spec.overhead = { cpu: '-1' }))), [
    { field: 'spec.template.spec.overhead.limits[cpu]', type: 'FieldValueInvalid', detail: 'must be greater than or equal to 0' },
  ]);
});
