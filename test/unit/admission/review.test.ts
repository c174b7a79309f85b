import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowed, denied, patched } from '../../../src/admission/response.ts';
import { decodeReview, encodeReview } from '../../../src/admission/review.ts';
import { invalidStatus, invalid, root } from '../../../src/field/index.ts';

const review = (over: Record<string, unknown> = {}, request: Record<string, unknown> = {}) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid: 'u-1', kind: { group: 'batch', version: 'v1', kind: 'Job' }, operation: 'CREATE', object: {}, ...request },
  ...over,
});

test('decodes v1 and v1beta1 reviews and keeps the version asked', () => {
  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    const r = decodeReview(review({ apiVersion }));
    assert.ok(r.ok);
    assert.equal(r.review.apiVersion, apiVersion);
    assert.equal(r.review.request.uid, 'u-1');
    assert.equal(r.review.request.subResource, '');
  }
});

test('rejects envelopes that are not AdmissionReviews, with one-line reasons', () => {
  const cases: Array<[unknown, RegExp]> = [
    [[], /not a JSON object/],
    [null, /not a JSON object/],
    [review({ apiVersion: 'v1' }), /unsupported apiVersion "v1"/],
    [review({ kind: 'Status' }), /unsupported kind "Status"/],
    [review({ request: undefined }), /has no request$/],
    [review({}, { uid: '' }), /no request.uid/],
    [review({}, { uid: 7 }), /no request.uid/],
  ];
  for (const [body, reason] of cases) {
    const r = decodeReview(body);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.reason, reason);
      assert.ok(!r.reason.includes('\n'));
    }
  }
});

test('encodes allowed, denied and patched answers in the apiVersion asked', () => {
  const a = JSON.parse(encodeReview('admission.k8s.io/v1beta1', 'u', allowed(['careful'])));
  assert.deepEqual(a, { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', response: { uid: 'u', allowed: true, warnings: ['careful'] } });

  const status = invalidStatus('batch', 'Job', 'x', [invalid(root('spec', 'parallelism'), -1, 'must be greater than or equal to 0')]);
  const d = JSON.parse(encodeReview('admission.k8s.io/v1', 'u', denied(status)));
  assert.equal(d.response.allowed, false);
  assert.equal(d.response.status.code, 422);
  assert.equal(d.response.status.message, 'Job.batch "x" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
  assert.equal(d.response.warnings, undefined);

  const ops = [{ op: 'add' as const, path: '/spec/suspend', value: false }];
  const p = JSON.parse(encodeReview('admission.k8s.io/v1', 'u', patched(ops)));
  assert.equal(p.response.patchType, 'JSONPatch');
  assert.deepEqual(JSON.parse(Buffer.from(p.response.patch, 'base64').toString()), ops);

  const empty = JSON.parse(encodeReview('admission.k8s.io/v1', 'u', patched([])));
  assert.equal(empty.response.patch, undefined);
  assert.equal(empty.response.patchType, undefined);
});

test('the hand-written encoding is byte for byte what JSON.stringify gives for the same review', () => {
  const status = invalidStatus('batch', 'Job', 'ünïcode "quoted"', [invalid(root('metadata', 'name'), 'a\\b\n', 'must be "x"')]);
  const ops = [{ op: 'add' as const, path: '/metadata/annotations/caf\u00e9~1x', value: 'ü\u2028"' }];
  const cases = [allowed(), allowed(['careful', 'ü "w"']), denied(status), denied(status, ['w']), patched(ops), patched(ops, ['w']), patched([])];
  for (const response of cases) {
    for (const uid of ['u', 'uid "with" quotes\\ and \u0001']) {
      const out: Record<string, unknown> = { uid, allowed: response.allowed };
      if (response.status !== undefined) out.status = response.status;
      if (response.patch !== undefined && response.patch.length > 0) {
        out.patchType = 'JSONPatch';
        out.patch = Buffer.from(JSON.stringify(response.patch)).toString('base64');
      }
      if (response.warnings.length > 0) out.warnings = response.warnings;
      const expected = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: out });
      assert.equal(encodeReview('admission.k8s.io/v1', uid, response), expected);
    }
  }
});
