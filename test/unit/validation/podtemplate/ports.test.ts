import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, check, ctr } from './fixtures.ts';

const p0 = 'spec.template.spec.containers[0].ports[0]';

test('containerPort is required and in 1..65535', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ protocol: 'TCP' }]))), [
    { field: `${p0}.containerPort`, type: 'FieldValueRequired', detail: '' },
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ containerPort: 65536, protocol: 'TCP' }]))), [
    { field: `${p0}.containerPort`, type: 'FieldValueInvalid', detail: 'must be between 1 and 65535, inclusive' },
  ]);
});

test('hostPort, when set, is in 1..65535', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ containerPort: 80, hostPort: -1, protocol: 'TCP' }]))), [
    { field: `${p0}.hostPort`, type: 'FieldValueInvalid', detail: 'must be between 1 and 65535, inclusive' },
  ]);
});

test('protocol: Required / NotSupported sorted', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ containerPort: 80 }]))), [
    { field: `${p0}.protocol`, type: 'FieldValueRequired', detail: '' },
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ containerPort: 80, protocol: 'tcp' }]))), [
    { field: `${p0}.protocol`, type: 'FieldValueNotSupported', detail: 'supported values: "SCTP", "TCP", "UDP"' },
  ]);
});

test('port names: IANA service name rules, each failing rule reported', () => {
  const errs = check((t) => (ctr(t).ports = [{ name: '-Web--Server-Port-', containerPort: 80, protocol: 'TCP' }]));
  assert.deepEqual(brief(errs).map((e) => e.detail), [
    'must be no more than 15 characters',
    'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    'must not contain consecutive hyphens',
    'must not begin or end with a hyphen',
  ]);
  assert.deepEqual(brief(check((t) => (ctr(t).ports = [{ name: '8080', containerPort: 80, protocol: 'TCP' }]))).map((e) => e.detail), [
    'must contain at least one letter (a-z)',
  ]);
});

test('duplicate port names within a container', () => {
  const errs = check(
    (t) =>
      (ctr(t).ports = [
        { name: 'http', containerPort: 80, protocol: 'TCP' },
        { name: 'http', containerPort: 81, protocol: 'TCP' },
      ]),
  );
  assert.deepEqual(brief(errs), [{ field: 'spec.template.spec.containers[0].ports[1].name', type: 'FieldValueDuplicate', detail: '' }]);
});

test('hostNetwork: hostPort must be 0 or equal containerPort in templates', () => {
  const errs = check((t) => {
    t.spec.hostNetwork = true;
    ctr(t).ports = [{ containerPort: 80, hostPort: 81, protocol: 'TCP' }, { containerPort: 82, protocol: 'TCP' }];
  });
  assert.deepEqual(brief(errs), [
    { field: `${p0}.hostPort`, type: 'FieldValueInvalid', detail: 'must match `containerPort` when `hostNetwork` is true' },
  ]);
});
