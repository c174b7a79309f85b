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
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 0x7e || c === 0x2f) return token.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return token;
}

// Patches name the same few dozen members request after request, so their escaped forms are
// remembered: short keys only, in a table that starts over when full.
const TOKEN_MEMO_LIMIT = 1024;
const TOKEN_MEMO_MAX_KEY_LENGTH = 64;
const tokens = new Map<string, string>();

function pointerToken(key: string): string {
  let token = tokens.get(key);
  if (token === undefined) {
    token = escapePointerToken(key);
    if (key.length <= TOKEN_MEMO_MAX_KEY_LENGTH) {
      if (tokens.size >= TOKEN_MEMO_LIMIT) tokens.clear();
      tokens.set(key, token);
    }
  }
  return token;
}

const hasOwn = Object.prototype.hasOwnProperty;

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

/** The `remove` operations for members of `before` that `after` lacks. */
function removals(before: Record<string, unknown>, after: Record<string, unknown>, path: string): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  for (const key in before) {
    if (before[key] !== undefined && (after[key] === undefined || !hasOwn.call(after, key))) {
      ops.push({ op: 'remove', path: path + '/' + pointerToken(key) });
    }
  }
  return ops;
}

function diff(before: unknown, after: unknown, path: string, ops: JsonPatchOp[]): void {
  if (before === after) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    // for-in rather than Object.keys: no key arrays on every level (JSON objects inherit no enumerable keys).
    // Defaults only add members, so removals are found by counting: `missing` ends above 0 only when some
    // member of `before` is not in `after`, and only then are they looked up, to come first at this level.
    let missing = 0;
    for (const key in before) if (before[key] !== undefined) missing++;
    const start = ops.length;
    for (const key in after) {
      const value = after[key];
      if (value === undefined) continue;
      const old = before[key];
      if (value === old) {
        missing--; // shared subtree: nothing below changed
      } else if (old === undefined || !hasOwn.call(before, key)) {
        ops.push({ op: 'add', path: path + '/' + pointerToken(key), value });
      } else {
        missing--;
        diff(old, value, path + '/' + pointerToken(key), ops);
      }
    }
    if (missing > 0) ops.splice(start, 0, ...removals(before, after, path));
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) diff(before[i], after[i], path + '/' + i, ops);
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
