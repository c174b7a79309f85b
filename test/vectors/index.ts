// The API vectors, our corrected copy of ../shared/spec/vectors/api-vectors.json. A vector whose
// catalogue expectation differs from the real kube-apiserver 1.36.4 carries `correction` (why) and
// `catalogueExpect` (what the catalogue said); `expect` is what 1.36.4 does.
import { readFileSync } from 'node:fs';

export interface ExpectedError {
  field: string;
  type: string;
  detail?: string;
}

export interface Vector {
  id: string;
  kind: 'Job' | 'CronJob';
  operation: 'CREATE' | 'UPDATE';
  object: Record<string, unknown>;
  oldObject?: Record<string, unknown>;
  expect: 'allow' | { errors: ExpectedError[] };
  correction?: string;
  catalogueExpect?: Vector['expect'];
}

export const VECTORS_FILE = new URL('./api-vectors.json', import.meta.url);

export function loadVectors(): Vector[] {
  return JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Vector[];
}

/**
 * Compares what a validator returned with a vector's expectation: the same set of (field, type),
 * every given detail present, and the expected errors first seen in the expected order.
 * Returns why they differ, or undefined when they agree.
 */
export function compareWithVector(actual: readonly ExpectedError[], expect: Vector['expect']): string | undefined {
  const expected = expect === 'allow' ? [] : expect.errors;
  const same = (a: ExpectedError, b: ExpectedError) => a.field === b.field && a.type === b.type;
  const matches = (a: ExpectedError, want: ExpectedError) => same(a, want) && (want.detail === undefined || a.detail === want.detail);
  const missing = expected.filter((want) => !actual.some((a) => matches(a, want)));
  if (missing.length > 0) return `missing ${JSON.stringify(missing)}; got ${JSON.stringify(actual)}`;
  const extra = actual.filter((a) => !expected.some((want) => same(a, want)));
  if (extra.length > 0) return `unexpected ${JSON.stringify(extra)}`;
  const firstSeen = expected.map((want) => actual.findIndex((a) => matches(a, want)));
  for (let i = 1; i < firstSeen.length; i++) {
    if (firstSeen[i] < firstSeen[i - 1]) return `order differs: ${JSON.stringify(actual.map((a) => [a.field, a.type]))}`;
  }
  return undefined;
}
