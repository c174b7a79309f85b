// Runs every Job vector of the shared catalogue through the API-server pipeline: defaulting, prepare, validate.
// Uses the engine's reviewObject when it exists; until then a minimal v1 defaulter of our own (below) stands in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { validateJobCreate, validateJobUpdate } from '../../../src/validation/job.ts';
import { prepareJobForCreate, prepareJobForUpdate } from '../../../src/validation/prepare.ts';
import type { ErrorList } from '../../../src/field/index.ts';

interface Expected {
  field: string;
  type: string;
  detail?: string;
}
interface Vector {
  id: string;
  kind: string;
  operation: 'CREATE' | 'UPDATE';
  object: Record<string, unknown>;
  oldObject?: Record<string, unknown>;
  expect: 'allow' | { errors: Expected[] };
}

const VECTORS = '/work/shared/spec/vectors/api-vectors.json';
const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as Vector[]).filter((v) => v.kind === 'Job');

type Json = Record<string, unknown>;
const o = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** SetDefaults_Job and the pod-template defaults the vectors depend on (pkg/apis/batch/v1/defaults.go, core/v1). */
function defaultJobLite(input: Json): Json {
  const job = structuredClone(input);
  const spec = (job.spec = o(job.spec));
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism == null) spec.parallelism = 1;
  if (spec.backoffLimit == null) spec.backoffLimit = spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const template = (spec.template = o(spec.template));
  const templateLabels = o(template.metadata).labels;
  const meta = (job.metadata = o(job.metadata));
  if (templateLabels != null && meta.labels == null) meta.labels = { ...o(templateLabels) };
  if (spec.completionMode == null) spec.completionMode = 'NonIndexed';
  if (spec.suspend == null) spec.suspend = false;
  const pfp = o(spec.podFailurePolicy);
  for (const rule of Array.isArray(pfp.rules) ? pfp.rules : []) {
    for (const pattern of Array.isArray(o(rule).onPodConditions) ? (o(rule).onPodConditions as Json[]) : []) {
      if (pattern.status == null || pattern.status === '') pattern.status = 'True';
    }
  }
  if (spec.podReplacementPolicy == null) spec.podReplacementPolicy = spec.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed';
  if (spec.manualSelector == null) spec.manualSelector = false;
  const podSpec = (template.spec = o(template.spec));
  if (podSpec.restartPolicy == null || podSpec.restartPolicy === '') podSpec.restartPolicy = 'Always';
  if (podSpec.dnsPolicy == null) podSpec.dnsPolicy = 'ClusterFirst';
  if (podSpec.schedulerName == null) podSpec.schedulerName = 'default-scheduler';
  if (podSpec.terminationGracePeriodSeconds == null) podSpec.terminationGracePeriodSeconds = 30;
  if (podSpec.securityContext == null) podSpec.securityContext = {};
  for (const key of ['containers', 'initContainers']) {
    for (const c of Array.isArray(podSpec[key]) ? (podSpec[key] as Json[]) : []) {
      if (c.terminationMessagePath == null) c.terminationMessagePath = '/dev/termination-log';
      if (c.terminationMessagePolicy == null) c.terminationMessagePolicy = 'File';
      if (c.imagePullPolicy == null) {
        const image = typeof c.image === 'string' ? c.image : '';
        const tagged = /:[^/]+$/.test(image) && !image.endsWith(':latest');
        c.imagePullPolicy = tagged || image.includes('@') ? 'IfNotPresent' : 'Always';
      }
    }
  }
  return job;
}

type Review = (r: { kind: string; operation: string; object: unknown; oldObject?: unknown }) => { errors: ErrorList };
const ENGINE = new URL('../../../src/engine/index.ts', import.meta.url);
const review: Review | undefined = existsSync(ENGINE) ? ((await import(ENGINE.href)) as { reviewObject: Review }).reviewObject : undefined;

function ourErrors(v: Vector): ErrorList {
  if (review !== undefined) return review({ kind: v.kind, operation: v.operation, object: v.object, oldObject: v.oldObject }).errors;
  if (v.operation === 'CREATE') return validateJobCreate(prepareJobForCreate(defaultJobLite(v.object)));
  const old = v.oldObject as Json;
  return validateJobUpdate(prepareJobForUpdate(defaultJobLite(v.object), old), old);
}

const matches = (e: { field: string; type: string; detail: string }, x: Expected): boolean =>
  e.field === x.field && e.type === x.type && (x.detail === undefined || e.detail === x.detail);

/**
 * The vectors collapse duplicates: every expected entry must be produced, every produced error must be
 * expected, and the expected entries appear in the order of their first emission.
 */
export function compare(actual: ErrorList, expected: Expected[]): string | undefined {
  const missing = expected.filter((x) => !actual.some((e) => matches(e, x)));
  if (missing.length > 0) return `missing ${JSON.stringify(missing)}; got ${JSON.stringify(actual.map((e) => [e.field, e.type, e.detail]))}`;
  const extra = actual.filter((e) => !expected.some((x) => e.field === x.field && e.type === x.type));
  if (extra.length > 0) return `unexpected ${JSON.stringify(extra.map((e) => [e.field, e.type, e.detail]))}`;
  const firstSeen = expected.map((x) => actual.findIndex((e) => matches(e, x)));
  for (let i = 1; i < firstSeen.length; i++) {
    if (firstSeen[i] < firstSeen[i - 1]) return `order differs: ${JSON.stringify(actual.map((e) => [e.field, e.type]))}`;
  }
  return undefined;
}

/**
 * Vectors whose expectation (written from 1.32-1.34 sources) differs from the 1.36.4 source: the test asserts
 * what 1.36 does instead, and says why.
 */
const SOURCE_1_36: Record<string, { why: string; errors: Expected[] }> = {
  'J-C-065-managedby-bad-path-char': {
    why: 'IsDomainPrefixedPath uses RegexError("Invalid path", fmt), which renders "Invalid path (regex used for validation is ...)"',
    errors: [
      {
        field: 'spec.managedBy',
        type: 'FieldValueInvalid',
        detail: "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')",
      },
    ],
  },
  'J-U-155-podaffinity-add-suspended-not-started': {
    why: 'MutablePodResourcesForSuspendedJobs (beta, on in 1.36): a suspended, never-started Job with no active pods has only its pod spec compared, at spec.template.spec',
    errors: [{ field: 'spec.template.spec', type: 'FieldValueInvalid', detail: 'field is immutable' }],
  },
};

let passed = 0;
for (const v of vectors) {
  test(`vector ${v.id}`, () => {
    const errs = ourErrors(v);
    const expected = SOURCE_1_36[v.id]?.errors ?? (v.expect === 'allow' ? [] : v.expect.errors);
    const problem = compare(errs, expected);
    assert.equal(problem, undefined, problem);
    passed++;
  });
}
test('job vectors: summary', () => {
  console.log(`# Job vectors passed: ${passed}/${vectors.length} (${review !== undefined ? 'engine reviewObject' : 'test defaulting-lite'})`);
  assert.ok(vectors.length >= 100);
});
