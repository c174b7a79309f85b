import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONTROLLER_NAME, routingPatch, type RoutingInput } from '../../../src/admission/routing.ts';

const job = (labels?: Record<string, string>, spec: Record<string, unknown> = { template: {} }) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'ns', ...(labels ? { labels } : {}) },
  spec,
});
const input = (over: Partial<RoutingInput>): RoutingInput => ({
  kind: 'Job',
  operation: 'CREATE',
  object: job({ 'batchguard.io/managed': 'true' }),
  namespaceLabels: undefined,
  controllerName: DEFAULT_CONTROLLER_NAME,
  ...over,
});

test('an opted-in Job gets spec.managedBy on CREATE', () => {
  assert.deepEqual(routingPatch(input({})), [{ op: 'add', path: '/spec/managedBy', value: 'batchguard.io/job-controller' }]);
});

test('a Job in an opted-in Namespace is routed without its own label', () => {
  const patch = routingPatch(input({ object: job(), namespaceLabels: { 'batchguard.io/managed': 'true' } }));
  assert.equal(patch.length, 1);
});

test('the controller name is configurable', () => {
  assert.deepEqual(routingPatch(input({ controllerName: 'example.com/runner' })), [
    { op: 'add', path: '/spec/managedBy', value: 'example.com/runner' },
  ]);
});

test('no label, a label other than "true", or a Namespace label other than "true" do not route', () => {
  assert.deepEqual(routingPatch(input({ object: job() })), []);
  assert.deepEqual(routingPatch(input({ object: job({ 'batchguard.io/managed': 'yes' }) })), []);
  assert.deepEqual(routingPatch(input({ object: job(), namespaceLabels: { 'batchguard.io/managed': 'false' } })), []);
});

test('UPDATE is never routed (managedBy is immutable)', () => {
  assert.deepEqual(routingPatch(input({ operation: 'UPDATE' })), []);
});

test('a managedBy already set is never overwritten, even the built-in one', () => {
  const object = job({ 'batchguard.io/managed': 'true' }, { template: {}, managedBy: 'kubernetes.io/job-controller' });
  assert.deepEqual(routingPatch(input({ object })), []);
});

test('a CronJob routes its job template', () => {
  const cj = {
    kind: 'CronJob',
    metadata: { name: 'c', labels: { 'batchguard.io/managed': 'true' } },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: {} } } },
  };
  assert.deepEqual(routingPatch(input({ kind: 'CronJob', object: cj })), [
    { op: 'add', path: '/spec/jobTemplate/spec/managedBy', value: 'batchguard.io/job-controller' },
  ]);
  const set = structuredClone(cj);
  (set.spec.jobTemplate.spec as Record<string, unknown>).managedBy = 'x.io/y';
  assert.deepEqual(routingPatch(input({ kind: 'CronJob', object: set })), []);
});

test('malformed objects are left for validation to reject', () => {
  for (const object of [null, 'x', [], { metadata: { labels: { 'batchguard.io/managed': 'true' } } },
    { metadata: { labels: { 'batchguard.io/managed': 'true' } }, spec: 'nope' }]) {
    assert.deepEqual(routingPatch(input({ object })), []);
  }
  const cjNoTemplate = { metadata: { labels: { 'batchguard.io/managed': 'true' } }, spec: { schedule: '@daily' } };
  assert.deepEqual(routingPatch(input({ kind: 'CronJob', object: cjNoTemplate })), []);
});

test('other kinds are never routed', () => {
  assert.deepEqual(routingPatch(input({ kind: 'Pod' })), []);
});
