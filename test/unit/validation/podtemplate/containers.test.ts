import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorString } from '../../../../src/field/index.ts';
import { brief, check, ctr, type Json } from './fixtures.ts';

const c0 = 'spec.template.spec.containers[0]';
const plain = (name: string): Json => ({ name, image: 'x', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' });

test('containers are required', () => {
  assert.deepEqual(brief(check((t) => (t.spec.containers = []))), [
    { field: 'spec.template.spec.containers', type: 'FieldValueRequired', detail: '' },
  ]);
});

test('container name: Required, then DNS-1123 label', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).name = ''))), [{ field: `${c0}.name`, type: 'FieldValueRequired', detail: '' }]);
  const errs = check((t) => (ctr(t).name = 'Main_1'));
  assert.equal(
    errorString(errs[0]),
    `${c0}.name: Invalid value: "Main_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  );
});

test('duplicate names across containers, and init containers against regular ones', () => {
  const errs = check((t) => {
    t.spec.containers.push(plain('pi'));
    t.spec.initContainers = [plain('pi'), plain('setup'), plain('setup')];
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.containers[1].name', type: 'FieldValueDuplicate', detail: '' },
    { field: 'spec.template.spec.initContainers[0].name', type: 'FieldValueDuplicate', detail: '' },
    { field: 'spec.template.spec.initContainers[2].name', type: 'FieldValueDuplicate', detail: '' },
  ]);
});

test('image is required (whitespace-only is accepted in templates)', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).image = ''))), [{ field: `${c0}.image`, type: 'FieldValueRequired', detail: '' }]);
  assert.deepEqual(check((t) => (ctr(t).image = ' ')), []);
});

test('imagePullPolicy: Required when empty, sorted NotSupported list', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).imagePullPolicy = ''))), [
    { field: `${c0}.imagePullPolicy`, type: 'FieldValueRequired', detail: '' },
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).imagePullPolicy = 'Sometimes'))), [
    { field: `${c0}.imagePullPolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "Always", "IfNotPresent", "Never"' },
  ]);
});

test('terminationMessagePolicy: Required / NotSupported', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).terminationMessagePolicy = 'Log'))), [
    { field: `${c0}.terminationMessagePolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "File", "FallbackToLogsOnError"' },
  ]);
});

test('init containers without restartPolicy Always may not have probes or lifecycle', () => {
  const errs = check((t) => (t.spec.initContainers = [{ ...plain('init'), livenessProbe: { exec: { command: ['x'] } } }]));
  assert.deepEqual(brief(errs), [
    {
      field: 'spec.template.spec.initContainers[0].livenessProbe',
      type: 'FieldValueForbidden',
      detail: 'may not be set for init containers without restartPolicy=Always',
    },
  ]);
  assert.deepEqual(check((t) => (t.spec.initContainers = [{ ...plain('side'), restartPolicy: 'Always', livenessProbe: { exec: { command: ['x'] } } }])), []);
});

test('container restartPolicy and restart rules (ContainerRestartRules on in 1.36)', () => {
  const errs = check((t) => {
    ctr(t).restartPolicy = 'Sometimes';
    ctr(t).restartPolicyRules = [{ action: 'Kill', exitCodes: { operator: 'Gt', values: [1] } }, { action: 'Restart' }];
  });
  assert.deepEqual(brief(errs), [
    { field: `${c0}.restartPolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "Always", "Never", "OnFailure"' },
    { field: `${c0}.restartPolicyRules[0].action`, type: 'FieldValueNotSupported', detail: 'supported values: "Restart", "RestartAllContainers"' },
    { field: `${c0}.restartPolicyRules[0].exitCodes.operator`, type: 'FieldValueNotSupported', detail: 'supported values: "In", "NotIn"' },
    { field: `${c0}.restartPolicyRules[1].exitCodes`, type: 'FieldValueRequired', detail: 'must be specified' },
  ]);
  assert.deepEqual(brief(check((t) => (t.spec.initContainers = [{ ...plain('i'), restartPolicyRules: [{ action: 'Restart' }] }]))), [
    {
      field: 'spec.template.spec.initContainers[0].restartPolicy',
      type: 'FieldValueRequired',
      detail: 'must specify restartPolicy when restart rules are used',
    },
  ]);
});

test('resizePolicy: resources, policies, Never pods need NotRequired', () => {
  const errs = check((t) => (ctr(t).resizePolicy = [{ resourceName: 'gpu', restartPolicy: 'RestartContainer' }]));
  assert.deepEqual(brief(errs), [
    { field: `${c0}.resizePolicy`, type: 'FieldValueNotSupported', detail: 'supported values: "cpu", "memory"' },
    { field: `${c0}.resizePolicy`, type: 'FieldValueInvalid', detail: "must be 'NotRequired' when pod `restartPolicy` is 'Never'" },
  ]);
});

test('host port conflicts across regular containers', () => {
  const errs = check((t) => {
    ctr(t).ports = [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }];
    t.spec.containers.push({ ...plain('b'), ports: [{ containerPort: 81, hostPort: 8080, protocol: 'TCP' }] });
  });
  assert.deepEqual(brief(errs), [
    { field: 'spec.template.spec.containers[1].ports[0].hostPort', type: 'FieldValueDuplicate', detail: '' },
  ]);
  assert.equal(errs[0].badValue, 'TCP//8080');
});
