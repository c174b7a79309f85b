// Bad values as the API server prints them: Go's encoding/json writes map keys sorted and struct fields in
// declaration order with omitempty, whatever order the request used.
import { arr, isObject, obj, type JsonObject } from './meta/json.ts';

/** A map[string]string as Go marshals it: keys sorted; nil stays null. */
export function goMap(v: unknown): unknown {
  if (!isObject(v)) return null;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) out[k] = v[k];
  return out;
}

/** A *metav1.LabelSelector as Go marshals it (matchLabels, then matchExpressions, both omitempty). */
export function goLabelSelector(v: unknown): unknown {
  if (!isObject(v)) return null;
  const out: JsonObject = {};
  if (isObject(v.matchLabels) && Object.keys(v.matchLabels).length > 0) out.matchLabels = goMap(v.matchLabels);
  const exprs = arr(v.matchExpressions);
  if (exprs.length > 0) {
    out.matchExpressions = exprs.map((e) => {
      const r = obj(e);
      const values = arr(r.values);
      return values.length > 0 ? { key: r.key ?? '', operator: r.operator ?? '', values } : { key: r.key ?? '', operator: r.operator ?? '' };
    });
  }
  return out;
}
