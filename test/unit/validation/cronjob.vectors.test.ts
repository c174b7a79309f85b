import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { validateCronJobCreate, validateCronJobUpdate } from '../../../src/validation/cronjob.ts';

// The shared API vectors (spec/vectors/api-vectors.json), CronJob part. Create bodies are raw, so
// they get the decode-time defaults the API server applies before validation (SetDefaults_CronJob
// and the pod-spec defaults of the job template) — only the ones validation depends on.
interface Vector {
  id: string;
  kind: string;
  operation: 'CREATE' | 'UPDATE';
  object: Record<string, any>;
  oldObject?: Record<string, any>;
  expect: 'allow' | { errors: Array<{ field: string; type: string; detail?: string }> };
}
const vectorsPath = new URL('../../../../shared/spec/vectors/api-vectors.json', import.meta.url);
const raw = JSON.parse(readFileSync(vectorsPath, 'utf8'));
const vectors = (Array.isArray(raw) ? raw : raw.vectors) as Vector[];

function defaulted(cj: Record<string, any>): Record<string, any> {
  const c = structuredClone(cj);
  const spec = (c.spec ??= {});
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const pod = spec.jobTemplate?.spec?.template?.spec;
  if (pod) {
    pod.restartPolicy ??= 'Always';
    pod.dnsPolicy ??= 'ClusterFirst';
    pod.schedulerName ??= 'default-scheduler';
    pod.terminationGracePeriodSeconds ??= 30;
    pod.securityContext ??= {};
    for (const ctr of pod.containers ?? []) {
      ctr.terminationMessagePath ??= '/dev/termination-log';
      ctr.terminationMessagePolicy ??= 'File';
      ctr.imagePullPolicy ??= /:[^/]+$/.test(ctr.image ?? '') && !String(ctr.image).endsWith(':latest') ? 'IfNotPresent' : 'Always';
    }
  }
  return c;
}

for (const v of vectors.filter((x) => x.kind === 'CronJob')) {
  test(`vector ${v.id}`, () => {
    const errs =
      v.operation === 'CREATE'
        ? validateCronJobCreate(defaulted(v.object))
        : validateCronJobUpdate(defaulted(v.object), defaulted(v.oldObject ?? {}));
    const got = errs.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
    if (v.expect === 'allow') {
      assert.deepEqual(got, []);
      return;
    }
    const want = v.expect.errors;
    assert.equal(got.length, want.length, JSON.stringify(got));
    want.forEach((w, i) => {
      assert.equal(got[i].field, w.field);
      assert.equal(got[i].type, w.type);
      if (w.detail !== undefined) assert.equal(got[i].detail, w.detail);
    });
  });
}
