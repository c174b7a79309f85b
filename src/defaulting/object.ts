// Copy-on-write edits of plain JSON objects. A Draft wraps one object and copies it (shallowly,
// once) on its first change, so a default that changes nothing leaves the very same object, and
// unchanged subtrees stay shared: the patch diff skips them by identity.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Go's view of an optional (pointer) field: missing and JSON null both mean "not set". */
export const isUnset = (v: unknown): boolean => v === undefined || v === null;

/** Go's view of a plain string or integer field: its zero value also means "not set". */
export const isZero = (v: unknown): boolean => v === undefined || v === null || v === '' || v === 0;

/** Makes the shallow copy a Draft edits. */
export type Copy = (o: JsonObject) => JsonObject;

/**
 * V8 specialises an object spread to the shapes its own site has seen. One spread for all the
 * objects a Draft copies sees every kind and falls back to a generic copy, several times slower,
 * so each hot kind (job, spec, template, pod spec, container) passes an identical spread of its own.
 */
const copyObject: Copy = (o) => ({ ...o });

export class Draft {
  readonly base: JsonObject;
  private copy: JsonObject | undefined;
  private readonly copyOf: Copy;

  constructor(base: JsonObject, copyOf: Copy = copyObject) {
    this.base = base;
    this.copyOf = copyOf;
  }

  get(key: string): unknown {
    return (this.copy ?? this.base)[key];
  }

  set(key: string, value: unknown): void {
    this.writable()[key] = value;
  }

  /** The copy to write members to by name, made on first use. */
  writable(): JsonObject {
    return (this.copy ??= this.copyOf(this.base));
  }

  /** The edited object, or `base` itself when nothing changed. */
  result(): JsonObject {
    return this.copy ?? this.base;
  }

  /** Sets `key` to `value` when `unset(current)`. */
  default(key: string, value: unknown, unset: (v: unknown) => boolean = isUnset): void {
    if (unset(this.get(key))) this.set(key, value);
  }

  /**
   * Edits the object at `key`. A missing or null child is the Go zero value: the edit starts from
   * `{}` and is attached only if it added something. A child of another JSON type is left alone
   * (the structural check reports it).
   */
  object(key: string, edit: (child: Draft) => void, copyOf?: Copy): void {
    const child = this.get(key);
    if (isUnset(child)) {
      const d = new Draft({});
      edit(d);
      if (d.copy) this.set(key, d.copy);
    } else if (isObject(child)) {
      const d = new Draft(child, copyOf);
      edit(d);
      if (d.copy) this.set(key, d.copy);
    }
  }

  /** Edits the object at `key` only when one is there (Go: a nil pointer stays nil). */
  present(key: string, edit: (child: Draft) => void, copyOf?: Copy): void {
    const child = this.get(key);
    if (!isObject(child)) return;
    const d = new Draft(child, copyOf);
    edit(d);
    if (d.copy) this.set(key, d.copy);
  }

  /** Edits every object element of the array at `key`; a null element is the zero struct. */
  each(key: string, edit: (item: Draft) => void, copyOf?: Copy): void {
    const list = this.get(key);
    if (!Array.isArray(list)) return;
    let out: unknown[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      const target = item === null ? {} : item;
      if (!isObject(target)) continue;
      const d = new Draft(target, copyOf);
      edit(d);
      if (d.copy || item === null) {
        out ??= list.slice();
        out[i] = d.result();
      }
    }
    if (out) this.set(key, out);
  }
}

/**
 * The spec edit of a kind: the operator's policy values, then the API server's defaults. Without a
 * policy (the usual case) it is `defaults` itself, not a new closure per object.
 */
export function policyThenDefaults<P>(defaults: (s: Draft) => void, applyPolicy: (s: Draft, policy: P) => void, policy: P | undefined): (s: Draft) => void {
  if (policy === undefined) return defaults;
  return (s) => {
    applyPolicy(s, policy);
    defaults(s);
  };
}
