// ValidateJob on create: object metadata, generated-selector checks, spec, selector, indexed hostname (J0–J4, J51–J55).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateJobCreate } from '../../../src/validation/job.ts';
import { CUID, JNAME, UID, baseJob, generatedLabels, indexedJob, jobWith, merge, messages, summary, type Json } from './job-fixtures.ts';

test('a defaulted, prepared Job is valid', () => {
  assert.deepEqual(validateJobCreate(baseJob()), []);
});

test('J0: the name must be a DNS-1123 subdomain', () => {
  const errs = validateJobCreate(merge(baseJob(), { metadata: { name: 'MyJob' } }));
  assert.ok(errs.some((e) => e.field === 'metadata.name' && e.type === 'FieldValueInvalid'));
});

test('J1: without a uid the generated selector check asks for one', () => {
  const job = merge(baseJob(), { metadata: { uid: undefined } });
  assert.equal(summary(validateJobCreate(job))[0], 'metadata.uid FieldValueRequired: ');
});

test('J2: a conflicting legacy job-name label is Invalid with the whole label map as value', () => {
  // Written out of order on purpose: the printed map is sorted as Go marshals it.
  const labels = { 'job-name': 'other', 'controller-uid': UID, [JNAME]: 'myjob', [CUID]: UID };
  const job = merge(baseJob(), { spec: { template: { metadata: { labels: undefined } } } });
  (((job.spec as Json).template as Json).metadata as Json).labels = labels;
  const errs = validateJobCreate(job);
  assert.deepEqual(summary(errs), ["spec.template.metadata.labels[job-name] FieldValueInvalid: must be 'myjob'"]);
  assert.deepEqual(errs[0].badValue, labels);
  assert.equal(
    messages(errs)[0],
    `spec.template.metadata.labels[job-name]: Invalid value: {"${CUID}":"${UID}","${JNAME}":"myjob","controller-uid":"${UID}","job-name":"other"}: must be 'myjob'`,
  );
});

test('J2: a missing legacy controller-uid label is Required', () => {
  const labels = { 'controller-uid': undefined };
  const errs = validateJobCreate(jobWith({ template: { metadata: { labels } } }));
  assert.deepEqual(summary(errs), [`spec.template.metadata.labels[controller-uid] FieldValueRequired: must be '${UID}'`]);
});

test('J3: the prefixed labels are required on create', () => {
  const labels = { [JNAME]: undefined };
  const errs = validateJobCreate(jobWith({ template: { metadata: { labels } } }));
  assert.deepEqual(summary(errs), ["spec.template.metadata.labels[batch.kubernetes.io/job-name] FieldValueRequired: must be 'myjob'"]);
});

test('J4: a selector that does not select the generated labels is "not auto-generated"', () => {
  const selector = { matchLabels: { [CUID]: UID, app: 'x' } };
  const errs = validateJobCreate(jobWith({ selector }));
  assert.deepEqual(summary(errs), [
    'spec.selector FieldValueInvalid: `selector` not auto-generated',
    'spec.template.metadata.labels FieldValueInvalid: `selector` does not match template `labels`',
  ]);
  assert.equal(
    messages(errs)[0],
    // Go marshals map keys sorted, whatever order the request used.
    `spec.selector: Invalid value: {"matchLabels":{"app":"x","${CUID}":"${UID}"}}: \`selector\` not auto-generated`,
  );
});

test('J4/J2 are skipped with manualSelector: true', () => {
  const job = jobWith({ manualSelector: true, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } } } });
  assert.deepEqual(validateJobCreate(job), []);
});

test('J51: manualSelector without a selector: Required, then the template is not selected', () => {
  const job = jobWith({ manualSelector: true, selector: undefined });
  assert.deepEqual(summary(validateJobCreate(job)), [
    'spec.selector FieldValueRequired: ',
    'spec.template.metadata.labels FieldValueInvalid: `selector` does not match template `labels`',
  ]);
});

test('J52: selector syntax errors come from the label-selector validator at spec.selector', () => {
  const selector = { matchLabels: { [CUID]: UID }, matchExpressions: [{ key: 'a', operator: 'In' }] };
  const errs = summary(validateJobCreate(jobWith({ manualSelector: true, selector })));
  assert.deepEqual(errs, ["spec.selector.matchExpressions[0].values FieldValueRequired: must be specified when `operator` is 'In' or 'NotIn'"]);
});

test('J54: an empty selector selects everything', () => {
  assert.deepEqual(validateJobCreate(jobWith({ manualSelector: true, selector: {} })), []);
});

test('J55: Indexed job names must leave room for the highest index in a DNS label', () => {
  const name = 'a'.repeat(61);
  const job = merge(indexedJob({ completions: 11, parallelism: 1 }), {
    metadata: { name },
    spec: { template: { metadata: { labels: generatedLabels(name) } } },
  });
  const errs = summary(validateJobCreate(job));
  assert.deepEqual(errs, [`metadata.name FieldValueInvalid: will not able to create pod with invalid DNS label: ${name}-10`]);
  const fits = merge(job, { spec: { completions: 10, parallelism: 1 } });
  assert.deepEqual(validateJobCreate(fits), []);
});

test('J55: zero completions skips the hostname check; dotted names fail it', () => {
  const dotted = (completions: number) =>
    merge(indexedJob({ completions, parallelism: 1 }), {
      metadata: { name: 'my.job' },
      spec: { template: { metadata: { labels: generatedLabels('my.job') } } },
    });
  assert.deepEqual(validateJobCreate(dotted(0)), []);
  assert.deepEqual(summary(validateJobCreate(dotted(2))), ['metadata.name FieldValueInvalid: will not able to create pod with invalid DNS label: my.job-1']);
});

test('order: metadata, generated selector, spec, restartPolicy, selector match, hostname', () => {
  const job = merge(indexedJob({ completions: 2, parallelism: -1 }), {
    metadata: { name: 'x.y', labels: undefined },
    spec: {
      template: { metadata: { labels: { ...generatedLabels('x.y'), [JNAME]: 'zzz' } }, spec: { restartPolicy: 'Always' } },
    },
  });
  assert.deepEqual(summary(validateJobCreate(job)), [
    "spec.template.metadata.labels[batch.kubernetes.io/job-name] FieldValueInvalid: must be 'x.y'",
    'spec.parallelism FieldValueInvalid: must be greater than or equal to 0',
    'spec.template.spec.restartPolicy FieldValueRequired: valid values: "OnFailure", "Never"',
    'metadata.name FieldValueInvalid: will not able to create pod with invalid DNS label: x.y-1',
  ]);
});

test('odd input never throws', () => {
  for (const job of [{}, { spec: null }, { spec: { template: null } }, { metadata: null, spec: { selector: null, template: { spec: { containers: null } } } }, null, 'x']) {
    assert.ok(Array.isArray(validateJobCreate(job)));
  }
});
