// The handlers with the real rule engine: raw user input of any shape never makes them throw, the
// mutating patch always applies to the object it was computed for, and scope is respected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import { defaultingPatch } from '../../../src/admission/defaulting.ts';
import { mutateHandler, validateHandler, type HandlerDeps } from '../../../src/admission/handlers.ts';
import type { AdmissionRequest } from '../../../src/admission/review.ts';
import { reviewObject } from '../../../src/engine/index.ts';

const deps: HandlerDeps = {
  review: reviewObject,
  defaults: defaultingPatch,
  controllerName: 'batchguard.io/job-controller',
  namespaceLabels: (ns) => (ns === 'opted-in' ? { 'batchguard.io/managed': 'true' } : undefined),
};

const request = (kind: string, operation: string, object: unknown, over: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  uid: 'u',
  kind: { group: 'batch', version: 'v1', kind },
  subResource: '',
  name: '',
  namespace: 'default',
  operation,
  dryRun: false,
  object,
  oldObject: operation === 'UPDATE' ? object : null,
  ...over,
});

const validJob = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'default', labels: { 'batchguard.io/managed': 'true' } },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
};

// A valid Job with one value somewhere replaced by anything at all: the shapes users really send.
const damagedJob = fc
  .tuple(fc.constantFrom('', 'metadata', 'spec', 'spec.template', 'spec.template.spec', 'spec.template.spec.containers', 'metadata.labels'), fc.string({ maxLength: 12 }), fc.anything())
  .map(([where, key, value]) => {
    const job = structuredClone(validJob) as Record<string, any>;
    let target: any = job;
    for (const part of where.split('.').filter(Boolean)) target = target?.[part];
    // defineProperty, as JSON.parse does: a key `__proto__` stays an own member, never a prototype.
    if (target !== null && typeof target === 'object') {
      Object.defineProperty(target, key === '' ? 'x' : key, { value, enumerable: true, writable: true, configurable: true });
    }
    return job;
  });

const anyObject = fc.oneof(damagedJob, fc.anything(), fc.object());

test('arbitrary objects never make the handlers throw; the patch applies to the object', () => {
  fc.assert(
    fc.property(anyObject, fc.constantFrom('Job', 'CronJob'), fc.constantFrom('CREATE', 'UPDATE'), fc.constantFrom('default', 'opted-in'), (object, kind, operation, namespace) => {
      const req = request(kind, operation, object, { namespace });
      const verdict = validateHandler(req, deps);
      assert.equal(typeof verdict.allowed, 'boolean');
      const mutated = mutateHandler(req, deps);
      assert.equal(mutated.allowed, true);
      if (mutated.patch !== undefined) {
        assert.equal(fastJsonPatch.validate(mutated.patch, object as object), undefined);
        fastJsonPatch.applyPatch(structuredClone(object), mutated.patch, true, false);
      }
    }),
    { numRuns: 300 },
  );
});

test('out-of-scope requests are allowed without asking the engine', () => {
  const throwing: HandlerDeps = { ...deps, review: () => assert.fail('engine called'), defaults: () => assert.fail('defaulter called') };
  const cases = [
    request('Job', 'DELETE', null),
    request('Job', 'CONNECT', null),
    request('Job', 'UPDATE', validJob, { subResource: 'status' }),
    request('Pod', 'CREATE', {}),
    { ...request('Job', 'CREATE', validJob), kind: { group: 'apps', version: 'v1', kind: 'Job' } },
    { ...request('Job', 'CREATE', validJob), kind: { group: 'batch', version: 'v2', kind: 'Job' } },
  ];
  for (const req of cases) {
    assert.deepEqual(validateHandler(req, throwing), { allowed: true, warnings: [] });
    assert.deepEqual(mutateHandler(req, throwing), { allowed: true, warnings: [] });
  }
});

test('the request namespace stands in for a missing metadata.namespace', () => {
  const job = structuredClone(validJob) as Record<string, any>;
  delete job.metadata.namespace;
  assert.equal(validateHandler(request('Job', 'CREATE', job, { namespace: 'team-a' }), deps).allowed, true);
});

test('the mutating patch is exactly the engine\'s defaulting patch for valid objects, and still defaults invalid ones', () => {
  const plain = structuredClone(validJob) as Record<string, any>;
  delete plain.metadata.labels;
  const viaEngine = reviewObject({ kind: 'Job', operation: 'CREATE', object: plain }).patch;
  assert.deepEqual(mutateHandler(request('Job', 'CREATE', plain), deps).patch, viaEngine);
  // The API server defaults before it validates; so does the mutating webhook (validation rejects later).
  plain.spec.parallelism = -1;
  const ops = mutateHandler(request('Job', 'CREATE', plain), deps).patch ?? [];
  assert.ok(ops.some((op) => op.path === '/spec/backoffLimit'));
  assert.deepEqual(mutateHandler(request('Job', 'CREATE', { ...plain, spec: 'not an object' }), deps), { allowed: true, warnings: [] });
});

test('the mutating webhook routes after defaulting, in one patch', () => {
  const r = mutateHandler(request('Job', 'CREATE', validJob), deps);
  assert.ok(r.patch !== undefined && r.patch.length > 1);
  assert.deepEqual(r.patch.at(-1), { op: 'add', path: '/spec/managedBy', value: 'batchguard.io/job-controller' });
  const { newDocument } = fastJsonPatch.applyPatch(structuredClone(validJob), r.patch, true, false);
  assert.equal(validateHandler(request('Job', 'CREATE', newDocument), deps).allowed, true);
});
