// Every vector of the shared catalogue through reviewObject: an "allow" vector must come back
// without errors; otherwise each expected (field, type) must be present, with its detail where given.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reviewObject } from '../../../src/engine/index.ts';

interface Expected {
  field: string;
  type: string;
  detail?: string;
}
interface Vector {
  id: string;
  kind: string;
  operation: 'CREATE' | 'UPDATE';
  object: unknown;
  oldObject?: unknown;
  expect: 'allow' | { errors: Expected[] };
}

const vectors = JSON.parse(readFileSync('/work/shared/spec/vectors/api-vectors.json', 'utf8')) as Vector[];

/**
 * Vectors whose expectation (written from 1.32-1.34 sources) differs from the 1.36.4 source. The
 * test asserts what 1.36 does instead.
 */
const SOURCE_1_36: Record<string, { why: string; expect: 'allow' | { errors: Expected[] } }> = {
  'J-C-065-managedby-bad-path-char': {
    why: '1.36 IsDomainPrefixedPath words the path error as RegexError("Invalid path", ...)',
    expect: {
      errors: [{ field: 'spec.managedBy', type: 'FieldValueInvalid', detail: "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')" }],
    },
  },
  'J-U-155-podaffinity-add-suspended-not-started': {
    why: 'MutablePodResourcesForSuspendedJobs (1.36): a suspended, never-started Job has only its pod spec compared',
    expect: { errors: [{ field: 'spec.template.spec', type: 'FieldValueInvalid', detail: 'field is immutable' }] },
  },
  'CJ-C-252-jt-pfp-status-omitted-not-defaulted': {
    why: '1.36 SetObjectDefaults_CronJob (zz_generated.defaults.go) defaults onPodConditions status in the job template too; kube-apiserver 1.36.4 --dry-run=server accepts it and returns status True',
    expect: 'allow',
  },
};

const counts = new Map<string, { pass: number; fail: number }>();
after(() => {
  const lines = [...counts].map(([k, c]) => `${k}: ${c.pass} passed, ${c.fail} failed`);
  process.stdout.write(`# vectors by kind/operation\n${lines.map((l) => `#   ${l}`).join('\n')}\n`);
});

for (const v of vectors) {
  test(`${v.id}`, () => {
    const key = `${v.kind} ${v.operation}`;
    const c = counts.get(key) ?? { pass: 0, fail: 0 };
    counts.set(key, c);
    c.fail++;
    const verdict = reviewObject({ kind: v.kind, operation: v.operation, object: v.object, oldObject: v.oldObject });
    assert.equal(verdict.supported, true);
    const expect = SOURCE_1_36[v.id]?.expect ?? v.expect;
    const got = verdict.errors.map((e) => ({ field: e.field, type: e.type, detail: e.detail }));
    if (expect === 'allow') {
      assert.deepEqual(got, [], 'expected no errors');
      assert.ok(Array.isArray(verdict.patch));
    } else {
      for (const want of expect.errors) {
        const found = got.some((e) => e.field === want.field && e.type === want.type && (want.detail === undefined || e.detail === want.detail));
        assert.ok(found, `missing ${JSON.stringify(want)}; got ${JSON.stringify(got)}`);
      }
      assert.deepEqual(verdict.patch, [], 'no patch for a rejected object');
    }
    c.fail--;
    c.pass++;
  });
}
