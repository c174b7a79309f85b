// The structural check: what the API server's JSON decoder refuses before any validation runs.
// A wrong JSON type, an integer out of its Go type's range, a malformed quantity or timestamp
// makes the real server answer 400 `Job in version "v1" cannot be handled as a Job: json: cannot
// unmarshal string into Go struct field JobSpec.spec.parallelism of type int32`. We report each
// such value as a FieldValueTypeInvalid error at its field path, with the decoder's own sentence
// as the detail (wording checked against kube-apiserver 1.36.4 for int32 strings, overflows and
// fractions, quantities, int-or-string, map values and embedded structs). The server stops at
// the first refusal and answers 400 BadRequest; we report every refused value. Unknown fields are
// not errors: the decoder drops them. Known gaps: JavaScript has already read `1.0` as 1 and
// rounded integers beyond 2^53, so those two refusals cannot be reproduced.
//
// The schema is derived from the 1.36 OpenAPI document by ./schema/derive.ts, which also writes
// ajv's standalone code for it: compiling at load would cost about 250 ms per process.
import type { ErrorObject } from 'ajv';
import { OMIT, Path, typeInvalid, type ErrorList } from '../field/index.ts';
import * as compiled from './schema/batch-v1.validate.ts';
import schema from './schema/batch-v1.schema.json' with { type: 'json' };

type Node = Record<string, unknown>;

const DEFS = schema.$defs as unknown as Record<string, Node>;
const ROOT_DEFS: Record<string, string> = {
  Job: 'io.k8s.api.batch.v1.Job',
  CronJob: 'io.k8s.api.batch.v1.CronJob',
};
const QUANTITY_DETAIL = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
const validators = new Map<string, Validator>([
  ['Job', compiled.Job as Validator],
  ['CronJob', compiled.CronJob as Validator],
]);

/**
 * Checks that `object` decodes into the Go type of `kind` (Job or CronJob). Returns one
 * FieldValueTypeInvalid per refused value; `path` prefixes the field paths (default: none).
 */
export function checkStructure(kind: string, object: unknown, path?: Path): ErrorList {
  const validate = validators.get(kind);
  if (!validate) return [];
  if (object === null) return []; // Go decodes null into the zero value; validation speaks next
  if (object === undefined) return [typeInvalid(path ?? Path.root(''), OMIT, 'no object to decode')];
  if (typeof object !== 'object' || Array.isArray(object)) {
    return [typeInvalid(path ?? Path.root(''), OMIT, `json: cannot unmarshal ${jsonKind(object)} into Go value of type v1.${kind}`)];
  }
  if (validate(object)) return [];
  const errors: ErrorList = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const err = toFieldError(ROOT_DEFS[kind], object, e, path);
    const key = err.field + '\u0000' + err.detail;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(err);
  }
  return errors;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    default:
      return value === null ? 'null' : 'object';
  }
}

/** What the decoder calls the refused JSON value: `string`, `number 1.5`, `object`, ... */
function decoderValue(value: unknown, goType: string): string {
  if (typeof value === 'number' && /^u?int\d*$/.test(goType)) return `number ${String(value)}`;
  return jsonKind(value);
}

function resolve(node: Node): Node {
  let n = node;
  for (let hops = 0; typeof n.$ref === 'string' && hops < 8; hops++) {
    n = DEFS[(n.$ref as string).slice('#/$defs/'.length)] ?? {};
  }
  return n;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Walks the instance path through the schema, building the API field path
 * (`containers[0]`, `labels[key]`) and the decoder's Go context: the innermost struct, the
 * dotted JSON field stack (no indexes or map keys, embedded structs named), the leaf's Go type.
 */
function toFieldError(rootDef: string, object: unknown, e: ErrorObject, prefix: Path | undefined): ReturnType<typeof typeInvalid> {
  const segments = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map(unescapePointer);
  let node = DEFS[rootDef];
  let value: unknown = object;
  let field: Path | undefined = prefix;
  let goStruct = String(node['x-go-struct'] ?? '');
  let goType = `v1.${goStruct}`;
  const stack: string[] = [];
  for (const seg of segments) {
    const here = resolve(node);
    if (here.properties && typeof here.properties === 'object' && Array.isArray(value) === false) {
      const prop = (here.properties as Record<string, Node>)[seg] ?? {};
      goStruct = String(here['x-go-struct'] ?? goStruct);
      stack.push(...((prop['x-go-inline'] as string[] | undefined) ?? []), seg);
      goType = String(prop['x-go-type'] ?? goType);
      field = field ? field.child(seg) : Path.root(seg);
      node = prop;
    } else if (Array.isArray(value)) {
      field = (field ?? Path.root('')).index(Number(seg));
      node = (here.items as Node | undefined) ?? {};
      goType = goType.startsWith('[]') ? goType.slice(2) : goType;
    } else {
      field = (field ?? Path.root('')).key(seg);
      node = (here.additionalProperties as Node | undefined) ?? {};
      const map = /^map\[[^\]]+\](.+)$/.exec(goType);
      goType = map ? map[1] : goType;
    }
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  }
  const leaf = resolve(node);
  const bad = value !== null && typeof value === 'object' ? OMIT : value;
  const at = field ?? Path.root('');
  const leafStruct = leaf['x-go-struct'];
  if (leafStruct === 'Quantity') return typeInvalid(at, bad, QUANTITY_DETAIL);
  if (leafStruct === 'Time') {
    if (typeof value === 'string') {
      return typeInvalid(at, bad, `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": not an RFC 3339 timestamp`);
    }
    goType = 'string'; // metav1.Time decodes through a string first
  }
  // IntOrString decodes a bare value into its int32 half; the decoder adds the struct context
  // (checked against kube-apiserver 1.36.4).
  if (leafStruct === 'IntOrString') goType = 'int32';
  if (leafStruct && typeof leafStruct === 'string' && leaf.properties) goType = `v1.${leafStruct}`;
  const where = stack.length > 0 ? `Go struct field ${goStruct}.${stack.join('.')}` : 'Go value';
  return typeInvalid(at, bad, `json: cannot unmarshal ${decoderValue(value, goType)} into ${where} of type ${goType}`);
}

/**
 * The fields the decoder would drop, as `spec.template.spec.containers[0].bar`, in document
 * order: what kube-apiserver reports as `unknown field "…"` (a warning with kubectl
 * --validate=warn, an error with the default strict validation). Not refusals: the webhook never
 * sees them, since the API server has already dropped them.
 */
export function unknownFields(kind: string, object: unknown): string[] {
  const def = ROOT_DEFS[kind];
  const found: string[] = [];
  if (def) collectUnknown(DEFS[def], object, '', found);
  return found;
}

function collectUnknown(schemaNode: Node, value: unknown, path: string, found: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const node = resolve(schemaNode);
  if (Array.isArray(value)) {
    const items = node.items as Node | undefined;
    if (items) for (let i = 0; i < value.length; i++) collectUnknown(items, value[i], `${path}[${i}]`, found);
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = node.properties as Record<string, Node> | undefined;
  if (properties) {
    for (const key of Object.keys(record)) {
      const child = path === '' ? key : `${path}.${key}`;
      const prop = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (prop) collectUnknown(prop, record[key], child, found);
      else found.push(child);
    }
    return;
  }
  const values = node.additionalProperties as Node | undefined;
  if (values && typeof values === 'object') {
    for (const key of Object.keys(record)) collectUnknown(values, record[key], `${path}.${key}`, found);
  }
}
