// A minimal RFC 6902 patch between two JSON values: operations at the deepest differing path,
// computed by walking both values (never by re-serialising them). Subtrees shared by identity,
// as the copy-on-write defaulters leave them, are skipped at once.

export type JsonPatchOp =
  | { op: 'add'; path: string; value: unknown }
  | { op: 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 6901 token escaping: `~` becomes `~0`, `/` becomes `~1`. */
export function escapePointerToken(token: string): string {
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Own keys whose value survives JSON encoding (an `undefined` member is absent). */
function present(obj: Record<string, unknown>, key: string): boolean {
  return obj[key] !== undefined && Object.hasOwn(obj, key);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!present(b, k) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

function diff(before: unknown, after: unknown, path: string, ops: JsonPatchOp[]): void {
  if (before === after) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of Object.keys(before)) {
      if (before[key] !== undefined && (after[key] === undefined || !Object.hasOwn(after, key))) {
        ops.push({ op: 'remove', path: `${path}/${escapePointerToken(key)}` });
      }
    }
    for (const key of Object.keys(after)) {
      const value = after[key];
      const old = before[key];
      if (value === undefined || value === old) continue; // shared subtree: nothing below changed
      if (old === undefined || !Object.hasOwn(before, key)) ops.push({ op: 'add', path: `${path}/${escapePointerToken(key)}`, value });
      else diff(old, value, `${path}/${escapePointerToken(key)}`, ops);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) diff(before[i], after[i], `${path}/${i}`, ops);
    return;
  }
  if (!jsonEqual(before, after)) ops.push({ op: 'replace', path, value: after });
}

/**
 * The operations that turn `before` into `after`: `add` for new members, `remove` for dropped
 * ones, `replace` where a value changed (arrays of different length are replaced whole).
 * Never throws on JSON values; `[]` when they are equal.
 */
export function diffPatch(before: unknown, after: unknown): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  diff(before, after, '', ops);
  return ops;
}
