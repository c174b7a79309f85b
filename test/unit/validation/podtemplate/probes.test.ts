import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, check, ctr } from './fixtures.ts';

const c0 = 'spec.template.spec.containers[0]';

test('a probe needs exactly one handler', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).readinessProbe = { periodSeconds: 10 }))), [
    { field: `${c0}.readinessProbe`, type: 'FieldValueRequired', detail: 'must specify a handler type' },
  ]);
  const errs = check((t) => (ctr(t).livenessProbe = { exec: { command: ['true'] }, tcpSocket: { port: 80 } }));
  assert.deepEqual(brief(errs), [
    { field: `${c0}.livenessProbe.tcpSocket`, type: 'FieldValueForbidden', detail: 'may not specify more than 1 handler type' },
  ]);
});

test('handler details: exec command, httpGet port/scheme/headers, grpc port', () => {
  const errs = check((t) => {
    ctr(t).livenessProbe = { exec: { command: [] } };
    ctr(t).readinessProbe = { httpGet: { path: '/', port: 0, scheme: 'FTP', httpHeaders: [{ name: 'Bad Header', value: 'x' }] } };
    ctr(t).startupProbe = { grpc: { port: 70000 } };
  });
  assert.deepEqual(brief(errs), [
    { field: `${c0}.livenessProbe.exec.command`, type: 'FieldValueRequired', detail: '' },
    { field: `${c0}.readinessProbe.httpGet.port`, type: 'FieldValueInvalid', detail: 'must be between 1 and 65535, inclusive' },
    { field: `${c0}.readinessProbe.httpGet.scheme`, type: 'FieldValueNotSupported', detail: 'supported values: "HTTP", "HTTPS"' },
    {
      field: `${c0}.readinessProbe.httpGet.httpHeaders`,
      type: 'FieldValueInvalid',
      detail: "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
    },
    { field: `${c0}.startupProbe.grpc.port`, type: 'FieldValueInvalid', detail: 'must be between 1 and 65535, inclusive' },
  ]);
});

test('probe numbers: non-negative; liveness/startup successThreshold must be 1', () => {
  const errs = check((t) => (ctr(t).livenessProbe = { tcpSocket: { port: 'http' }, periodSeconds: -1, successThreshold: 2, terminationGracePeriodSeconds: 0 }));
  assert.deepEqual(brief(errs), [
    { field: `${c0}.livenessProbe.periodSeconds`, type: 'FieldValueInvalid', detail: 'must be greater than or equal to 0' },
    { field: `${c0}.livenessProbe.terminationGracePeriodSeconds`, type: 'FieldValueInvalid', detail: 'must be greater than 0' },
    { field: `${c0}.livenessProbe.successThreshold`, type: 'FieldValueInvalid', detail: 'must be 1' },
  ]);
});

test('readiness probes may not set terminationGracePeriodSeconds', () => {
  assert.deepEqual(brief(check((t) => (ctr(t).readinessProbe = { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 5 }))), [
    { field: `${c0}.readinessProbe.terminationGracePeriodSeconds`, type: 'FieldValueInvalid', detail: 'must not be set for readinessProbes' },
  ]);
});

test('lifecycle: sleep within the grace period, stopSignal needs spec.os', () => {
  const errs = check((t) => (ctr(t).lifecycle = { preStop: { sleep: { seconds: 31 } }, stopSignal: 'SIGTERM' }));
  assert.deepEqual(brief(errs), [
    { field: `${c0}.lifecycle.preStop.sleep`, type: 'FieldValueInvalid', detail: 'must be non-negative and less than terminationGracePeriodSeconds (30)' },
    { field: `${c0}.lifecycle.stopSignal`, type: 'FieldValueForbidden', detail: 'may not be set for containers with empty `spec.os.name`' },
  ]);
  assert.deepEqual(brief(check((t) => {
    t.spec.os = { name: 'windows' };
    ctr(t).lifecycle = { stopSignal: 'SIGINT' };
  })), [{ field: `${c0}.lifecycle.stopSignal`, type: 'FieldValueNotSupported', detail: 'supported values: "SIGKILL", "SIGTERM"' }]);
});
