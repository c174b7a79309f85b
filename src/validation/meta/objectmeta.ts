// ObjectMeta validation on create and update: apimachinery api/validation/objectmeta.go as wrapped by
// pkg/apis/core/validation (extra finalizer-name check), with names checked as DNS-1123 subdomains
// (NameIsDNSSubdomain, what the Job and CronJob strategies pass).
import {
  forbidden,
  invalid,
  required,
  tooLong,
  type ErrorList,
  type FieldError,
  type Path,
} from '../../field/index.ts';
import { goQuote } from '../../field/index.ts';
import { invalidEach, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../names.ts';
import { arr, num, obj, str, strings, type JsonObject } from './json.ts';
import { validateAnnotations, validateLabels } from './labels.ts';

export interface ObjectMetaOptions {
  namespaced: boolean;
}

const FIELD_IMMUTABLE = 'field is immutable';
const IS_NEGATIVE = 'must be greater than or equal to 0';
const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';
const STANDARD_FINALIZERS = new Set(['kubernetes', FINALIZER_ORPHAN, FINALIZER_FOREGROUND]);
const FIELD_MANAGER_MAX = 128;
const SUBRESOURCE_MAX = 256;
// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const NON_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu;

/** maskTrailingDash, faithfully: upstream drops two characters before appending 'a'. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, name.length - 2) + 'a' : name;
}

/** NameIsDNSSubdomain(name, prefix). */
export function nameIsDNSSubdomain(name: string, prefix: boolean): readonly string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** ValidateObjectMeta (core wrapper) for a namespaced or cluster-scoped object named as a DNS subdomain. */
export function validateObjectMeta(meta: unknown, path: Path, opts: ObjectMetaOptions): ErrorList {
  const m = obj(meta);
  const errs: ErrorList = [];
  const generateName = str(m.generateName);
  if (generateName.length > 0) invalidEach(nameIsDNSSubdomain(generateName, true), path, generateName, errs, 'generateName');
  const name = str(m.name);
  if (name.length === 0) errs.push(required(path.child('name'), 'name or generateName is required'));
  else invalidEach(nameIsDNSSubdomain(name, false), path, name, errs, 'name');

  const namespace = str(m.namespace);
  if (opts.namespaced) {
    if (namespace.length === 0) errs.push(required(path.child('namespace')));
    else invalidEach(isDNS1123Label(namespace), path, namespace, errs, 'namespace');
  } else if (namespace.length > 0) {
    errs.push(forbidden(path.child('namespace'), 'not allowed on this type'));
  }
  const generation = num(m.generation) ?? 0;
  if (generation < 0) errs.push(invalid(path.child('generation'), generation, IS_NEGATIVE));
  errs.push(...validateMetaCollections(m, path, true));
  return errs;
}

/** ValidateObjectMetaUpdate (core wrapper). */
export function validateObjectMetaUpdate(meta: unknown, oldMeta: unknown, path: Path): ErrorList {
  const m = obj(meta);
  const old = obj(oldMeta);
  const errs: ErrorList = [];
  if (old.deletionTimestamp != null) {
    errs.push(...validateNoNewFinalizers(strings(m.finalizers), strings(old.finalizers), path.child('finalizers')));
  }
  const rv = str(m.resourceVersion);
  if (rv.length === 0) errs.push(invalid(path.child('resourceVersion'), rv, 'must be specified for an update'));
  const generation = num(m.generation) ?? 0;
  if (generation < (num(old.generation) ?? 0)) errs.push(invalid(path.child('generation'), generation, 'must not be decremented'));

  errs.push(...immutable(str(m.name), str(old.name), path.child('name')));
  errs.push(...immutable(str(m.namespace), str(old.namespace), path.child('namespace')));
  errs.push(...immutable(str(m.uid), str(old.uid), path.child('uid')));
  // metav1.Time's zero value marshals as null.
  errs.push(...immutable(m.creationTimestamp ?? null, old.creationTimestamp ?? null, path.child('creationTimestamp')));
  errs.push(...immutable(m.deletionTimestamp ?? null, old.deletionTimestamp ?? null, path.child('deletionTimestamp')));
  errs.push(
    ...immutable(m.deletionGracePeriodSeconds ?? null, old.deletionGracePeriodSeconds ?? null, path.child('deletionGracePeriodSeconds')),
  );
  errs.push(...validateMetaCollections(m, path, false));
  return errs;
}

/**
 * Labels, annotations, owner references, finalizers (create only: the generic finalizer rules) and
 * managed fields, in upstream order. Absent ones are skipped before their paths are built.
 */
function validateMetaCollections(m: JsonObject, path: Path, create: boolean): ErrorList {
  const errs: ErrorList = [];
  if (m.labels != null) errs.push(...validateLabels(m.labels, path.child('labels')));
  if (m.annotations != null) errs.push(...validateAnnotations(m.annotations, path.child('annotations')));
  if (m.ownerReferences != null) errs.push(...validateOwnerReferences(m.ownerReferences, path.child('ownerReferences')));
  if (create && m.finalizers != null) errs.push(...validateFinalizers(m.finalizers, path.child('finalizers')));
  if (m.managedFields != null) errs.push(...validateManagedFields(m.managedFields, path.child('managedFields')));
  if (m.finalizers != null) errs.push(...validateKubeFinalizerNames(m.finalizers, path.child('finalizers')));
  return errs;
}

function immutable(value: unknown, oldValue: unknown, path: Path): ErrorList {
  return value === oldValue ? [] : [invalid(path, value, FIELD_IMMUTABLE)];
}

function validateNoNewFinalizers(finalizers: string[], oldFinalizers: string[], path: Path): ErrorList {
  const old = new Set(oldFinalizers);
  const extra = [...new Set(finalizers.filter((f) => !old.has(f)))].sort();
  if (extra.length === 0) return [];
  const goList = `[]string{${extra.map(goQuote).join(', ')}}`;
  return [forbidden(path, `no new finalizers can be added if the object is being deleted, found new finalizers ${goList}`)];
}

function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const slashes = apiVersion.split('/').length - 1;
  if (slashes === 0) return { group: '', version: apiVersion };
  if (slashes === 1) {
    const i = apiVersion.indexOf('/');
    return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
  }
  return undefined;
}

function validateOwnerReferences(refs: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  let firstController = '';
  for (const r of arr(refs)) {
    const ref = obj(r);
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            path,
            arr(refs).map((x) => ownerReferenceValue(obj(x))),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

/** The reference as Go marshals metav1.OwnerReference (field order, omitempty pointers). */
function ownerReferenceValue(ref: JsonObject): JsonObject {
  const v: JsonObject = { apiVersion: str(ref.apiVersion), kind: str(ref.kind), name: str(ref.name), uid: str(ref.uid) };
  if (typeof ref.controller === 'boolean') v.controller = ref.controller;
  if (typeof ref.blockOwnerDeletion === 'boolean') v.blockOwnerDeletion = ref.blockOwnerDeletion;
  return v;
}

function validateOwnerReference(ref: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const apiVersion = str(ref.apiVersion);
  const kind = str(ref.kind);
  const gv = parseGroupVersion(apiVersion) ?? { group: '', version: '' };
  if (gv.version.length === 0) errs.push(invalid(path.child('apiVersion'), apiVersion, 'version must not be empty'));
  if (kind.length === 0) errs.push(invalid(path.child('kind'), kind, 'must not be empty'));
  if (str(ref.name).length === 0) errs.push(invalid(path.child('name'), '', 'must not be empty'));
  if (str(ref.uid).length === 0) errs.push(invalid(path.child('uid'), '', 'must not be empty'));
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(invalid(path, ownerReferenceValue(ref), '/v1, Kind=Event is disallowed from being an owner'));
  }
  return errs;
}

function validateFinalizers(finalizers: unknown, path: Path): ErrorList {
  const list = strings(finalizers);
  const errs: ErrorList = [];
  for (const f of list) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  if (list.includes(FINALIZER_FOREGROUND) && list.includes(FINALIZER_ORPHAN)) {
    errs.push(invalid(path, list, `finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`));
  }
  return errs;
}

function validateKubeFinalizerNames(finalizers: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  strings(finalizers).forEach((f, i) => {
    if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
      errs.push(invalid(path.index(i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

function validateManagedFields(entries: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  const list = arr(entries);
  for (let i = 0; i < list.length; i++) {
    const e = obj(list[i]);
    const p = path.index(i);
    const operation = str(e.operation);
    if (operation !== 'Apply' && operation !== 'Update') errs.push(invalid(p.child('operation'), operation, 'must be `Apply` or `Update`'));
    const fieldsType = str(e.fieldsType);
    if (fieldsType.length > 0 && fieldsType !== 'FieldsV1') errs.push(invalid(p.child('fieldsType'), fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(str(e.manager), p.child('manager')));
    if (Buffer.byteLength(str(e.subresource), 'utf8') > SUBRESOURCE_MAX) errs.push(tooLong(p.child('subresource'), '', SUBRESOURCE_MAX));
  }
  return errs;
}

function validateFieldManager(manager: string, path: Path): ErrorList {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(manager, 'utf8') > FIELD_MANAGER_MAX) errs.push(tooLong(path, '', FIELD_MANAGER_MAX));
  for (const match of manager.matchAll(NON_PRINTABLE)) {
    const cp = match[0].codePointAt(0)!;
    const at = Buffer.byteLength(manager.slice(0, match.index), 'utf8');
    const u = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
    errs.push(invalid(path, manager, `invalid character ${u} (at position ${at})`));
  }
  return errs;
}
