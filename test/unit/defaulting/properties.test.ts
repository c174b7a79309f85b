// Property tests: defaulting, the structural check and the engine never throw on arbitrary JSON,
// and the patch always turns the input into exactly the defaulted object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { defaultCronJob, defaultJob, diffPatch } from '../../../src/defaulting/index.ts';
import { checkStructure } from '../../../src/validation/structure.ts';
import { reviewObject } from '../../../src/engine/index.ts';

const RUNS = 300;
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
const small = fc.integer({ min: -3, max: 5 });
const str = fc.constantFrom('', 'a', 'Never', 'OnFailure', 'Always', 'busybox', 'busybox:latest', 'x/y', '~0');

const container = fc.record(
  {
    name: maybe(str),
    image: maybe(str),
    imagePullPolicy: str,
    ports: fc.array(fc.record({ containerPort: small, protocol: str }, { requiredKeys: [] }), { maxLength: 2 }),
    env: fc.array(fc.record({ name: str, valueFrom: maybe(fc.record({ fieldRef: maybe(fc.record({ fieldPath: str }, { requiredKeys: [] })) }, { requiredKeys: [] })) }, { requiredKeys: [] }), { maxLength: 2 }),
    livenessProbe: maybe(fc.record({ httpGet: maybe(fc.record({ port: small, path: str }, { requiredKeys: [] })), periodSeconds: small }, { requiredKeys: [] })),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const podSpec = fc.record(
  {
    containers: fc.array(maybe(container), { maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 1 }),
    restartPolicy: maybe(str),
    volumes: fc.array(fc.record({ name: str, configMap: maybe(fc.record({ name: str }, { requiredKeys: [] })), hostPath: maybe(fc.record({ path: str })) }, { requiredKeys: [] }), { maxLength: 2 }),
    securityContext: maybe(fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);
const template = fc.record({ metadata: maybe(fc.record({ labels: maybe(fc.dictionary(str, str, { maxKeys: 2 })) }, { requiredKeys: [] })), spec: maybe(podSpec) }, { requiredKeys: [] });
const jobSpec = fc.record(
  {
    completions: maybe(small),
    parallelism: maybe(small),
    backoffLimit: maybe(small),
    backoffLimitPerIndex: maybe(small),
    completionMode: maybe(fc.constantFrom('Indexed', 'NonIndexed', '')),
    suspend: maybe(fc.boolean()),
    podFailurePolicy: maybe(fc.record({ rules: fc.array(fc.record({ action: str, onPodConditions: fc.array(fc.record({ type: str, status: str }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] })),
    template: maybe(template),
    unknownField: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const meta = fc.record({ name: maybe(str), namespace: maybe(str), labels: maybe(fc.dictionary(str, str, { maxKeys: 2 })) }, { requiredKeys: [] });
const jobLike = fc.record({ apiVersion: fc.constant('batch/v1'), kind: fc.constant('Job'), metadata: maybe(meta), spec: maybe(jobSpec) }, { requiredKeys: [] });
const cronJobLike = fc.record(
  {
    apiVersion: fc.constant('batch/v1'),
    kind: fc.constant('CronJob'),
    metadata: maybe(meta),
    spec: maybe(fc.record({ schedule: str, concurrencyPolicy: maybe(str), jobTemplate: maybe(fc.record({ spec: maybe(jobSpec) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
// As decoded from a request body: plain prototypes, no undefined members.
const wire = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> => a.map((v) => JSON.parse(JSON.stringify(v ?? null)) as unknown);
const anyJson = wire(fc.jsonValue({ maxDepth: 5 }));

/** fast-json-patch refuses prototype-polluting keys; JSON from the wire can contain them. */
const hasProtoKey = (v: unknown): boolean => JSON.stringify(v ?? null).includes('"__proto__"');

function checkPatch(input: unknown, defaulted: unknown): void {
  const ops = diffPatch(input, defaulted);
  if (hasProtoKey(input)) return;
  const out = jsonpatch.applyPatch(structuredClone(input), ops as jsonpatch.Operation[], true, false).newDocument;
  assert.deepEqual(out, defaulted);
}

test('defaultJob/defaultCronJob never throw, never mutate, and their patch yields the defaulted object', () => {
  for (const [arb, fn] of [
    [fc.oneof(wire(jobLike), anyJson), defaultJob],
    [fc.oneof(wire(cronJobLike), anyJson), defaultCronJob],
  ] as const) {
    fc.assert(
      fc.property(arb, (input) => {
        const snapshot = structuredClone(input);
        const defaulted = fn(input);
        assert.deepEqual(input, snapshot);
        checkPatch(input, defaulted);
        assert.deepEqual(fn(defaulted), defaulted);
      }),
      { numRuns: RUNS },
    );
  }
});

test('diffPatch turns any JSON value into any other', () => {
  fc.assert(
    fc.property(anyJson, anyJson, (a, b) => {
      if (hasProtoKey(a) || hasProtoKey(b)) return;
      const out = jsonpatch.applyPatch(structuredClone(a), diffPatch(a, b) as jsonpatch.Operation[], true, false).newDocument;
      assert.deepEqual(out, b);
    }),
    { numRuns: RUNS },
  );
});

test('checkStructure and reviewObject never throw on arbitrary or Job-shaped JSON', () => {
  fc.assert(
    fc.property(fc.oneof(wire(jobLike), wire(cronJobLike), anyJson), fc.constantFrom('Job', 'CronJob'), fc.constantFrom('CREATE', 'UPDATE'), (object, kind, operation) => {
      const errors = checkStructure(kind, object);
      assert.ok(Array.isArray(errors));
      const v = reviewObject({ kind, operation: operation as 'CREATE' | 'UPDATE', object, oldObject: object });
      assert.ok(Array.isArray(v.errors) && Array.isArray(v.warnings) && Array.isArray(v.patch));
      assert.ok(v.errors.every((e) => e.type !== 'InternalError' || !e.detail.startsWith('batchguard:')), JSON.stringify(v.errors));
    }),
    { numRuns: RUNS },
  );
});
