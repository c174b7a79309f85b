// Tolerant readers over raw JSON: input passed the structural schema, but any field may be absent or
// null, so validators read through these instead of trusting shapes.

export type JsonObject = Record<string, unknown>;

const EMPTY_OBJECT: JsonObject = Object.freeze({}) as JsonObject;
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object, or a shared empty one. */
export const obj = (v: unknown): JsonObject => (isObject(v) ? v : EMPTY_OBJECT);

/** The array, or a shared empty one. */
export const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : EMPTY_ARRAY);

/** The string, or '' (Go's zero value). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The number, or undefined when absent (a nil pointer in Go). */
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** A map[string]string: entries whose values are strings (others read as ''). */
export function stringEntries(v: unknown): Array<[string, string]> {
  if (!isObject(v)) return [];
  return Object.keys(v).map((k) => [k, str(v[k])]);
}

/** A list of strings ([]string), non-strings read as ''. */
export const strings = (v: unknown): string[] => arr(v).map(str);
