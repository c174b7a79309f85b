// Golden test against the real API server: fixtures/*.server.json are what kube-apiserver 1.36.4
// returned for fixtures/*.input.json with `kubectl create --dry-run=server -o json` (managedFields
// removed). Our defaults must produce the same object, apart from what is not defaulting:
// fields generated on create (uid, timestamps, generation, status, the Job's selector and
// generated labels) and empty structs Go always encodes (`resources: {}`, `metadata: {}`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCronJob, defaultJob } from '../../../src/defaulting/index.ts';
import { prepareJobForCreate } from '../../../src/validation/prepare.ts';

type J = Record<string, any>;
const fixture = (name: string): J => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as J;
const GENERATED_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

function withoutCreateFields(server: J): J {
  const o = structuredClone(server);
  delete o.status;
  for (const k of ['uid', 'creationTimestamp', 'generation', 'resourceVersion']) delete o.metadata[k];
  return o;
}

/** Drops the empty structs Go encodes although nothing set them. */
function withoutEncodedEmptyStructs(podSpec: J): void {
  for (const list of ['initContainers', 'containers']) {
    for (const c of podSpec[list] ?? []) if (c.resources && Object.keys(c.resources).length === 0) delete c.resources;
  }
  for (const v of podSpec.volumes ?? []) {
    const t = v.ephemeral?.volumeClaimTemplate;
    if (t?.metadata && Object.keys(t.metadata).length === 0) delete t.metadata;
  }
}

// The Job's labels default to its template's (shared) label map: that happens in the API server, so
// it is compared through prepareJobForCreate, the step that reproduces it for validation.
test('defaultJob (+ prepareJobForCreate) matches kube-apiserver 1.36.4 on a Job using every defaulted pod-template field', () => {
  const strip = (o: J): J => {
    const c = withoutCreateFields(o);
    delete c.spec.selector;
    for (const labels of [c.metadata.labels, c.spec.template.metadata.labels]) for (const k of GENERATED_LABELS) delete labels[k];
    return c;
  };
  const server = strip(fixture('job.server.json'));
  withoutEncodedEmptyStructs(server.spec.template.spec);
  const ours = strip(prepareJobForCreate(defaultJob(fixture('job.input.json'))));
  assert.deepEqual(ours, server);
  assert.equal(defaultJob(fixture('job.input.json')).metadata.labels, undefined, 'the label default is left to the API server');
});

test('defaultCronJob matches kube-apiserver 1.36.4, Job-level defaults not applied to the template', () => {
  const server = withoutCreateFields(fixture('cronjob.server.json'));
  if (Object.keys(server.spec.jobTemplate.metadata ?? {}).length === 0) delete server.spec.jobTemplate.metadata;
  withoutEncodedEmptyStructs(server.spec.jobTemplate.spec.template.spec);
  assert.deepEqual(defaultCronJob(fixture('cronjob.input.json')), server);
  assert.equal(server.spec.jobTemplate.spec.podReplacementPolicy, undefined);
  assert.equal(server.spec.jobTemplate.spec.podFailurePolicy.rules[0].onPodConditions[0].status, 'True');
});
