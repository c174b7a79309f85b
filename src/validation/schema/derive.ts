// Generates batch-v1.schema.json: the JSON Schema our structural check compiles, derived from the
// Kubernetes OpenAPI v3 document for batch/v1 and from the Go types the API server decodes into.
//
//   node src/validation/schema/derive.ts [OPENAPI_JSON] [K8S_API_DIR] [APIMACHINERY_DIR]
//
// Defaults point at the Go module cache of Kubernetes v1.36.4. The schema encodes only what the
// API server's JSON decoder refuses (wrong JSON types, integer ranges, quantity syntax, timestamps);
// enums, required fields and unknown fields are left to validation, as the server does.
// Each definition carries `x-go-struct` (the Go struct name) and each property `x-go-type` (the Go
// type the decoder fills) so a refusal can be reported with the decoder's own wording.
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv, _ } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

const GOMOD = '/root/go/pkg/mod';
const openapiPath = process.argv[2] ?? `${GOMOD}/k8s.io/kubernetes@v1.36.4/api/openapi-spec/v3/apis__batch__v1_openapi.json`;
const apiDir = process.argv[3] ?? `${GOMOD}/k8s.io/api@v0.36.4`;
const machineryDir = process.argv[4] ?? `${GOMOD}/k8s.io/apimachinery@v0.36.4`;
const here = dirname(fileURLToPath(import.meta.url));
const outPath = join(here, 'batch-v1.schema.json');
const codePath = join(here, 'batch-v1.validate.ts');

const ROOTS = ['io.k8s.api.batch.v1.Job', 'io.k8s.api.batch.v1.CronJob'];
const INT32 = { minimum: -2147483648, maximum: 2147483647 };
// 2^63 is not representable below it in a double; the bound is as close as JavaScript numbers get.
const INT64 = { minimum: -9223372036854775808, maximum: 9223372036854775807 };
// resource.ParseQuantity's grammar: signed decimal number, then a binary SI, decimal SI or exponent suffix.
const QUANTITY_PATTERN = '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';

// ---- Go struct fields: struct name -> json name -> {goType, inline prefix} ----

interface GoField {
  type: string; // reflect.Type.String() of the decoded value, pointers removed
  inline: string[]; // embedded struct names the field is promoted through
}
type GoStructs = Map<string, Map<string, GoField>>;

const PACKAGE_NAMES: Record<string, string> = { metav1: 'v1', corev1: 'v1', v1: 'v1', intstr: 'intstr', resource: 'resource', types: 'types' };
const BUILTINS = new Set(['string', 'bool', 'int', 'int32', 'int64', 'float32', 'float64', 'byte', 'uint8', 'uint16', 'uint32', 'uint64', 'int16', 'int8']);

/** Go source type expression -> what reflect prints for it (pointers dropped, as the decoder indirects). */
function reflectName(expr: string): string {
  const t = expr.replace(/^\*+/, '');
  if (t.startsWith('[]')) return '[]' + reflectName(t.slice(2));
  const map = /^map\[([^\]]+)\](.+)$/.exec(t);
  if (map) return `map[${reflectName(map[1])}]${reflectName(map[2])}`;
  if (BUILTINS.has(t)) return t;
  const dot = t.indexOf('.');
  if (dot > 0) return `${PACKAGE_NAMES[t.slice(0, dot)] ?? t.slice(0, dot)}.${t.slice(dot + 1)}`;
  return `v1.${t}`;
}

function parseGoStructs(files: string[]): { structs: GoStructs; embeds: Map<string, string[]> } {
  const raw = new Map<string, { fields: Map<string, string>; embeds: string[] }>();
  for (const file of files) {
    const src = readFileSync(file, 'utf8');
    const structRe = /^type (\w+) struct \{\n([\s\S]*?)^\}/gm;
    for (let m = structRe.exec(src); m; m = structRe.exec(src)) {
      const fields = new Map<string, string>();
      const embeds: string[] = [];
      for (const line of m[2].split('\n')) {
        const named = /^\t(\w+)\s+(\S+)\s+`json:"([^",]*)/.exec(line);
        if (named && named[3] !== '' && named[3] !== '-') {
          fields.set(named[3], named[2]);
          continue;
        }
        const embedded = /^\t((?:\w+\.)?(\w+))\s+`json:"([^",]*)/.exec(line);
        if (embedded && embedded[3] === '') embeds.push(embedded[2]);
        else if (embedded && embedded[3] !== '-') fields.set(embedded[3], embedded[1]); // embedded under its own name
      }
      if (!raw.has(m[1])) raw.set(m[1], { fields, embeds });
    }
  }
  const structs: GoStructs = new Map();
  const resolve = (name: string, prefix: string[], into: Map<string, GoField>): void => {
    const s = raw.get(name);
    if (!s) return;
    for (const [json, expr] of s.fields) if (!into.has(json)) into.set(json, { type: reflectName(expr), inline: prefix });
    for (const e of s.embeds) resolve(e, [...prefix, e], into);
  };
  for (const name of raw.keys()) {
    const into = new Map<string, GoField>();
    resolve(name, [], into);
    structs.set(name, into);
  }
  return { structs, embeds: new Map([...raw].map(([k, v]) => [k, v.embeds])) };
}

// ---- OpenAPI -> JSON Schema ----

const openapi = JSON.parse(readFileSync(openapiPath, 'utf8')) as { components: { schemas: Record<string, Schema> } };
const components = openapi.components.schemas;
const { structs } = parseGoStructs([
  join(apiDir, 'core/v1/types.go'),
  join(apiDir, 'batch/v1/types.go'),
  join(machineryDir, 'pkg/apis/meta/v1/types.go'),
]);

const shortName = (component: string): string => component.slice(component.lastIndexOf('.') + 1);
const refTarget = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

function refOf(s: Schema): string | undefined {
  if (typeof s.$ref === 'string') return refTarget(s.$ref);
  if (Array.isArray(s.allOf) && s.allOf.length === 1) {
    const inner = s.allOf[0] as Schema;
    if (typeof inner.$ref === 'string') return refTarget(inner.$ref);
  }
  return undefined;
}

const needed = new Set<string>();
function collect(name: string): void {
  if (needed.has(name)) return;
  needed.add(name);
  const walk = (x: Json): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k === '$ref' && typeof v === 'string') collect(refTarget(v));
        else walk(v);
      }
    }
  };
  walk(components[name]);
}
ROOTS.forEach(collect);

/** The decoder's view of one value: what JSON types it takes, and nothing it does not check. */
function convert(s: Schema): Schema {
  const ref = refOf(s);
  if (ref !== undefined) return { $ref: `#/$defs/${ref}` };
  const nullable = (type: string | string[]): string[] => [...(Array.isArray(type) ? type : [type]), 'null'];
  switch (s.type) {
    case 'integer':
      return { type: nullable('integer'), ...(s.format === 'int32' ? INT32 : INT64) };
    case 'number':
      return { type: nullable('number') };
    case 'boolean':
      return { type: nullable('boolean') };
    case 'string':
      return s.format === 'date-time' ? { type: nullable('string'), format: 'date-time' } : { type: nullable('string') };
    case 'array':
      return { type: nullable('array'), items: convert(s.items as Schema) };
    case 'object':
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        return { type: nullable('object'), additionalProperties: convert(s.additionalProperties as Schema) };
      }
      return { type: nullable('object') };
    default:
      return {};
  }
}

function definition(name: string): Schema {
  const s = components[name];
  switch (name) {
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      // A quoted or bare number both go through ParseQuantity; anything else fails the same parse.
      return { 'x-go-struct': 'Quantity', type: ['string', 'number', 'null'], pattern: QUANTITY_PATTERN };
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      // A bare value is decoded into the int32 half.
      return { 'x-go-struct': 'IntOrString', type: ['integer', 'string', 'null'], ...INT32 };
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1':
      return { 'x-go-struct': 'FieldsV1' }; // kept as raw JSON of any shape
    case 'io.k8s.apimachinery.pkg.apis.meta.v1.Time':
      return { 'x-go-struct': 'Time', type: ['string', 'null'], format: 'date-time' };
  }
  const goName = shortName(name);
  const goFields = structs.get(goName);
  if (!goFields) throw new Error(`no Go struct ${goName} for ${name}`);
  const properties: Schema = {};
  for (const [prop, ps] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    const go = goFields.get(prop);
    if (!go) throw new Error(`no Go field ${goName}.${prop}`);
    const converted = convert(ps);
    converted['x-go-type'] = go.type;
    if (go.inline.length > 0) converted['x-go-inline'] = go.inline;
    properties[prop] = converted;
  }
  return { 'x-go-struct': goName, type: ['object', 'null'], properties };
}

const defs: Schema = {};
for (const name of [...needed].sort()) defs[name] = definition(name);

const schema = {
  $id: 'https://batchguard.dev/schema/batch-v1.json',
  $comment:
    'Generated by src/validation/schema/derive.ts from the Kubernetes v1.36.4 OpenAPI v3 document ' +
    'api/openapi-spec/v3/apis__batch__v1_openapi.json and the k8s.io/api v0.36.4 Go types. Do not edit.',
  $defs: defs,
};
writeFileSync(outPath, JSON.stringify(schema, null, 1) + '\n');
console.log(`wrote ${outPath}: ${Object.keys(defs).length} definitions`);

// Compiling the schema takes about 250 ms; loading ajv's standalone code for it takes about 10 ms
// (from dist) or 80 ms (from sources), so the validators ship precompiled.
type Standalone = (ajv: Ajv, refs: Record<string, string>) => string;
const standaloneCode = ((standaloneModule as unknown as { default?: Standalone }).default ?? standaloneModule) as Standalone;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv, f: string[]) => Ajv;
// The x-go-* annotations serve error reporting only; without them (and without ajv's English
// messages, never shown) the generated module is smaller and loads faster.
const withoutAnnotations = JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
  key.startsWith('x-go-') || key === '$comment' ? undefined : value,
) as typeof schema;
const ajv = new Ajv({ allErrors: true, strict: false, messages: false, addUsedSchema: false, code: { source: true, esm: true, formats: _`fullFormats` } });
addFormats(ajv, ['date-time']);
ajv.addSchema(withoutAnnotations);
const code = standaloneCode(ajv, Object.fromEntries(ROOTS.map((r) => [shortName(r), `${schema.$id}#/$defs/${r}`])));
writeFileSync(
  codePath,
  '// @ts-nocheck\n// Generated by src/validation/schema/derive.ts (ajv standalone code for batch-v1.schema.json). Do not edit.\n' +
    'import { fullFormats } from "ajv-formats/dist/formats.js";\n' +
    code.replace(/^"use strict";/, '') +
    '\n',
);
console.log(`wrote ${codePath}: ${code.length} characters`);
