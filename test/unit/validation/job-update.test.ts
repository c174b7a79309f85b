// Job update: ValidateJob + ValidateJobUpdate (JU1–JU9), with the 1.36 rules for suspended Jobs
// (MutableSchedulingDirectivesForSuspendedJobs and MutablePodResourcesForSuspendedJobs, beta and on in 1.36).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateJobUpdate } from '../../../src/validation/job.ts';
import { jobValidationOptions } from '../../../src/validation/joboptions.ts';
import { CUID, JNAME, UID, baseJob, container, indexedJob, jobWith, merge, messages, summary, type Json } from './job-fixtures.ts';

const IMMUTABLE = 'field is immutable';
const update = (job: Json, old: Json): string[] => summary(validateJobUpdate(job, old));
/** Same change on both, then the new one gets `spec` merged. */
const change = (old: Json, spec: Json, rest: Json = {}): string[] => update(merge(old, { ...rest, spec }), old);

const suspended = (status: Json = {}): Json => merge(jobWith({ suspend: true }), { status });
const started = { startTime: '2025-01-01T00:00:05Z' };
const suspendedCondition = { conditions: [{ type: 'Suspended', status: 'True' }] };

test('an unchanged Job and freely mutable fields pass', () => {
  const old = baseJob();
  assert.deepEqual(update(old, old), []);
  assert.deepEqual(
    change(old, { parallelism: 3, activeDeadlineSeconds: 10, backoffLimit: 1, ttlSecondsAfterFinished: 5, suspend: true, manualSelector: true }),
    [],
  );
  assert.deepEqual(change(old, { podReplacementPolicy: 'Failed' }), []);
});

test('spec errors appear twice on update (ValidateJob, then ValidateJobSpecUpdate), as the API server emits them', () => {
  assert.deepEqual(change(baseJob(), { parallelism: -1 }), [
    'spec.parallelism FieldValueInvalid: must be greater than or equal to 0',
    'spec.parallelism FieldValueInvalid: must be greater than or equal to 0',
  ]);
});

test('JU1: completions are immutable for NonIndexed Jobs, including to and from null', () => {
  assert.deepEqual(change(baseJob(), { completions: 2 }), [`spec.completions FieldValueInvalid: ${IMMUTABLE}`]);
  assert.deepEqual(messages(validateJobUpdate(merge(baseJob(), { spec: { completions: undefined } }), baseJob())), [
    `spec.completions: Invalid value: null: ${IMMUTABLE}`,
  ]);
});

test('JU2: Indexed completions change only together with parallelism', () => {
  const old = indexedJob();
  assert.deepEqual(change(old, { completions: 3, parallelism: 3 }), []);
  assert.deepEqual(messages(validateJobUpdate(merge(old, { spec: { completions: 3 } }), old)), [
    'spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism',
  ]);
  assert.deepEqual(change(old, { parallelism: 2 }), []);
});

test('JU2a: Indexed completions set to null only gives the Required error (twice)', () => {
  assert.deepEqual(change(indexedJob(), { completions: undefined }), [
    'spec.completions FieldValueRequired: when completion mode is Indexed',
    'spec.completions FieldValueRequired: when completion mode is Indexed',
  ]);
});

test('JU3: the selector is immutable', () => {
  const old = jobWith({ manualSelector: true, selector: { matchLabels: { [CUID]: 'x' } }, template: { metadata: { labels: { [CUID]: 'x' } } } });
  const job = merge(old, { spec: { selector: { matchLabels: { [CUID]: 'x', a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } } });
  assert.ok(update(job, old).includes(`spec.selector FieldValueInvalid: ${IMMUTABLE}`));
});

test('JU4: the template is immutable while the Job runs', () => {
  const old = baseJob();
  assert.deepEqual(change(old, { template: { spec: { containers: [container('main', { image: 'busybox:1.37' })] } } }), [
    `spec.template FieldValueInvalid: ${IMMUTABLE}`,
  ]);
  assert.deepEqual(change(old, { template: { spec: { nodeSelector: { a: 'b' } } } }), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
});

test('JU4 compares semantically: zero values equal absent ones, quantities by value', () => {
  const withResources = (cpu: string, memory: string) =>
    jobWith({ template: { spec: { containers: [container('main', { resources: { limits: { cpu, memory } } })] } } });
  assert.deepEqual(update(withResources('1000m', '1Gi'), withResources('1', '1073741824')), []);
  assert.deepEqual(update(withResources('1001m', '1Gi'), withResources('1', '1Gi')), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
  const explicitZeros = jobWith({ template: { spec: { hostNetwork: false, containers: [container('main', { args: [], stdin: false })] } } });
  assert.deepEqual(update(explicitZeros, baseJob()), []);
  // A pointer set to its zero value is not the same as unset.
  assert.deepEqual(change(baseJob(), { template: { spec: { shareProcessNamespace: false } } }), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
});

test('JU5–JU9: completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy, successPolicy are immutable', () => {
  const old = indexedJob({ backoffLimitPerIndex: 1 });
  assert.ok(change(old, { completionMode: 'NonIndexed', backoffLimitPerIndex: undefined }).includes(`spec.completionMode FieldValueInvalid: ${IMMUTABLE}`));
  assert.deepEqual(change(old, { backoffLimitPerIndex: 2 }), [`spec.backoffLimitPerIndex FieldValueInvalid: ${IMMUTABLE}`]);
  assert.deepEqual(change(baseJob(), { managedBy: 'acme.io/x' }), [`spec.managedBy FieldValueInvalid: ${IMMUTABLE}`]);
  assert.deepEqual(change(old, { successPolicy: { rules: [{ succeededCount: 1 }] } }), [`spec.successPolicy FieldValueInvalid: ${IMMUTABLE}`]);
  const pfp = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] };
  const errs = validateJobUpdate(merge(baseJob(), { spec: { podFailurePolicy: pfp, podReplacementPolicy: 'Failed' } }), baseJob());
  assert.deepEqual(messages(errs), [
    'spec.podFailurePolicy: Invalid value: {"Rules":[{"Action":"FailJob","OnExitCodes":{"ContainerName":null,"Operator":"In","Values":[1]},"OnPodConditions":null}]}: field is immutable',
  ]);
});

test('maxFailedIndexes may change', () => {
  const old = indexedJob({ backoffLimitPerIndex: 1, maxFailedIndexes: 1 });
  assert.deepEqual(change(old, { maxFailedIndexes: 2 }), []);
});

test('scheduling directives may change on a suspended, never-started Job', () => {
  const old = suspended();
  const directives = {
    template: {
      metadata: { labels: { extra: 'x' }, annotations: { a: 'b' } },
      spec: {
        nodeSelector: { zone: 'a' },
        tolerations: [{ key: 'k', operator: 'Exists' }],
        schedulingGates: [{ name: 'gate' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'Exists' }] }] } } },
      },
    },
  };
  assert.deepEqual(change(old, directives), []);
});

test('1.36: a suspended Job that started may change directives once it carries Suspended=True and has no active pods', () => {
  const nodeSelector = { template: { spec: { nodeSelector: { zone: 'a' } } } };
  assert.deepEqual(change(suspended({ ...started, ...suspendedCondition }), nodeSelector), []);
  // Started without the Suspended condition, or with active pods: the template is frozen.
  assert.deepEqual(change(suspended(started), nodeSelector), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
  assert.deepEqual(change(suspended({ active: 1 }), nodeSelector), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
});

test('1.36: container and init container resources may change while suspended; other changes are reported at spec.template.spec', () => {
  const old = merge(suspended(), { spec: { template: { spec: { initContainers: [container('init')] } } } });
  const resources = { limits: { 'example.com/gpu': '1' }, requests: { cpu: '2', 'example.com/gpu': '1' } };
  const resized = { template: { spec: { containers: [container('main', { resources })], initContainers: [container('init', { resources })] } } };
  assert.deepEqual(change(old, resized), []);
  assert.deepEqual(change(old, { template: { spec: { containers: [container('main', { image: 'busybox:1.37' })] } } }), [
    `spec.template.spec FieldValueInvalid: ${IMMUTABLE}`,
  ]);
  // Renamed containers do not get their resources carried over.
  assert.deepEqual(change(old, { template: { spec: { containers: [container('other', { resources })] } } }), [
    `spec.template.spec FieldValueInvalid: ${IMMUTABLE}`,
  ]);
  // Not suspended: resources are frozen like the rest of the template.
  assert.deepEqual(change(baseJob(), resized), [`spec.template FieldValueInvalid: ${IMMUTABLE}`]);
});

test('affinity: clearing it is allowed only when it held nothing but nodeAffinity', () => {
  const nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'Exists' }] }] } };
  const podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchLabels: { a: 'b' } } }] };
  const withAffinity = (affinity: Json) => merge(suspended(), { spec: { template: { spec: { affinity } } } });
  const cleared = (old: Json) => update(merge(old, { spec: { template: { spec: { affinity: undefined } } } }), old);
  assert.deepEqual(cleared(withAffinity({ nodeAffinity })), []);
  assert.deepEqual(cleared(withAffinity({ nodeAffinity, podAffinity })), [`spec.template.spec FieldValueInvalid: ${IMMUTABLE}`]);
  assert.deepEqual(change(suspended(), { template: { spec: { affinity: { podAffinity } } } }), [
    `spec.template.spec FieldValueInvalid: ${IMMUTABLE}`,
  ]);
});

test('J3 on update: prefixed labels are required only if the old template had both', () => {
  // A Job created before 1.27: legacy labels and a legacy selector only.
  const legacyOnly = merge(baseJob(), {
    spec: { selector: { matchLabels: { [CUID]: undefined, 'controller-uid': UID } }, template: { metadata: { labels: { [CUID]: undefined, [JNAME]: undefined } } } },
  });
  assert.deepEqual(update(legacyOnly, legacyOnly), []);
  assert.equal(jobValidationOptions(legacyOnly).requirePrefixedLabels, false);
  assert.equal(jobValidationOptions(baseJob()).requirePrefixedLabels, true);
});

test('an old selector with invalid label values lets them through on update', () => {
  const selector = { matchLabels: { [CUID]: 'u' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['bad value'] }] };
  const old = jobWith({ manualSelector: true, selector, template: { metadata: { labels: { [CUID]: 'u' } } } });
  assert.deepEqual(update(old, old), []);
  assert.ok(jobValidationOptions(old).spec.allowInvalidLabelValueInSelector);
});

test('metadata update rules run after the create rules', () => {
  const errs = update(merge(baseJob(), { metadata: { namespace: 'other' } }), baseJob());
  assert.deepEqual(errs, [`metadata.namespace FieldValueInvalid: ${IMMUTABLE}`]);
});

test('odd input never throws', () => {
  for (const [a, b] of [[{}, {}], [{ spec: null }, baseJob()], [baseJob(), { spec: { template: null } }], [null, null]]) {
    assert.ok(Array.isArray(validateJobUpdate(a, b)));
  }
});

test('pod validation options follow the old template (GetValidationOptionsFromPodTemplate)', () => {
  const lt = jobWith({ template: { spec: { tolerations: [{ key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule' }] } } });
  // Lt/Gt need the alpha TaintTolerationComparisonOperators gate on create...
  assert.ok(validateJobUpdate(lt, baseJob()).some((e) => e.field.startsWith('spec.template.spec.tolerations')));
  // ...but a stored Job that already uses them keeps validating.
  assert.deepEqual(update(lt, lt), []);
  assert.equal(jobValidationOptions(lt).spec.podTemplate.allowTaintTolerationComparisonOperators, true);
});

// Checked against a real kube-apiserver v1.36.4 (server-side dry-run) while writing these rules.
test('1.36: resources change on a started Job once it is suspended again; template metadata is not compared in that mode', () => {
  const resources = { requests: { cpu: '200m' } };
  assert.deepEqual(change(suspended({ ...started, ...suspendedCondition }), { template: { spec: { containers: [container('main', { resources })] } } }), []);
  assert.deepEqual(
    change(suspended(), { template: { metadata: { annotations: { a: 'b' } }, spec: { containers: [container('main', { image: 'busybox:1.37' })] } } }),
    [`spec.template.spec FieldValueInvalid: ${IMMUTABLE}`],
  );
});
