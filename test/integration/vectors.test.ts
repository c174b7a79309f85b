// Every API vector (our corrected copy, test/vectors) over real HTTPS: /validate gives the decision and the causes
// the API server would; /mutate gives a JSON Patch that, applied by a JSON Patch library, yields the
// defaulted object (for every object that decodes, valid or not, as the API server defaults before
// it validates), and never denies.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fastJsonPatch from 'fast-json-patch';
import { defaultCronJob, defaultJob } from '../../src/defaulting/index.ts';
import { checkStructure } from '../../src/validation/structure.ts';
import { loadVectors } from '../vectors/index.ts';
import { admissionReview } from './https-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const vectors = loadVectors();

let srv: TestServer;
before(async () => {
  // The worker-thread path: what `batchguard serve` runs on a machine with more than one CPU.
  srv = await startTestServer({ workers: 2 });
});
after(async () => {
  await srv.stop();
});

for (const v of vectors) {
  test(`validate ${v.id}`, async () => {
    const reply = await srv.client.postJson('/validate?timeout=10s', admissionReview(v.kind, v.operation, v.object, v.oldObject));
    assert.equal(reply.status, 200, reply.text);
    const review = reply.json();
    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.kind, 'AdmissionReview');
    const response = review.response;
    assert.match(response.uid, /^uid-/);
    const expect = v.expect;
    if (expect === 'allow') {
      assert.equal(response.allowed, true, JSON.stringify(response.status));
      assert.equal(response.status, undefined);
      return;
    }
    assert.equal(response.allowed, false);
    const status = response.status;
    assert.equal(status.code, 422);
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.details.group, 'batch');
    assert.equal(status.details.kind, v.kind);
    const name = (v.object.metadata as { name?: string } | undefined)?.name ?? '';
    assert.equal(status.details.name, name);
    assert.ok(status.message.startsWith(`${v.kind}.batch "${name}" is invalid: `), status.message);
    for (const want of expect.errors) {
      const found = (status.details.causes as Array<{ field: string; reason: string; message: string }>).some(
        (c) => c.field === want.field && c.reason === want.type && (want.detail === undefined || c.message.endsWith(want.detail)),
      );
      assert.ok(found, `missing ${JSON.stringify(want)}; got ${JSON.stringify(status.details.causes)}`);
      assert.ok(status.message.includes(want.field), `message names ${want.field}`);
    }
  });

  test(`mutate ${v.id}`, async () => {
    const reply = await srv.client.postJson('/mutate', admissionReview(v.kind, v.operation, v.object, v.oldObject));
    assert.equal(reply.status, 200, reply.text);
    const response = reply.json().response;
    assert.equal(response.allowed, true, 'the mutating webhook never denies');
    const expect = v.expect;
    const decodes = checkStructure(v.kind, v.object).length === 0;
    const defaulted = !decodes ? v.object : v.kind === 'Job' ? defaultJob(v.object) : defaultCronJob(v.object);
    if (response.patch === undefined) {
      assert.equal(response.patchType, undefined);
      assert.deepEqual(defaulted, v.object, 'no patch only when nothing needs defaulting');
      return;
    }
    assert.equal(response.patchType, 'JSONPatch');
    const ops = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'));
    assert.ok(ops.length > 0, 'a patch is present only when non-empty');
    assert.equal(fastJsonPatch.validate(ops, v.object), undefined);
    const { newDocument } = fastJsonPatch.applyPatch(structuredClone(v.object), ops, true, false);
    assert.deepEqual(newDocument, defaulted);
    if (expect === 'allow') {
      // The patch never turns a valid object into an invalid one.
      const again = await srv.client.postJson('/validate', admissionReview(v.kind, v.operation, newDocument, v.oldObject));
      assert.equal(again.json().response.allowed, true, JSON.stringify(again.json().response.status));
    }
  });

  if (v.operation === 'CREATE') {
    test(`mutate ${v.id} opted in to batchguard's controller`, async () => {
      const object = structuredClone(v.object);
      const meta = (object.metadata ??= {}) as { labels?: Record<string, string> };
      meta.labels = { ...meta.labels, 'batchguard.io/managed': 'true' };
      const response = (await srv.client.postJson('/mutate', admissionReview(v.kind, v.operation, object))).json().response;
      assert.equal(response.allowed, true);
      const ops = response.patch === undefined ? [] : JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'));
      const { newDocument } = fastJsonPatch.applyPatch(structuredClone(object), ops, true, false);
      // An object that does not decode gets no defaults, only the routing (when it has a spec to route).
      const decodes = checkStructure(v.kind, object).length === 0;
      const expected = structuredClone(!decodes ? object : v.kind === 'Job' ? defaultJob(object) : defaultCronJob(object)) as Record<string, any>;
      const jobSpec = v.kind === 'Job' ? expected.spec : expected.spec?.jobTemplate?.spec;
      const routable = jobSpec !== null && typeof jobSpec === 'object' && !Array.isArray(jobSpec) && jobSpec.managedBy == null;
      if (routable) jobSpec.managedBy = 'batchguard.io/job-controller';
      assert.deepEqual(newDocument, expected);
    });
  }
}
