// ValidatePodTemplateSpec (core validation): template labels and annotations (reported at
// `<template>.labels`/`.annotations`, without `metadata`, as upstream does), pod-specific annotations,
// the pod spec, and the ban on ephemeral containers.
import { forbidden, invalid, type ErrorList, type FieldError, type Path } from '../../field/index.ts';
import { validateAnnotations, validateLabels } from '../meta/labels.ts';
import { arr, isObject, obj, str, stringEntries, type JsonObject } from '../meta/json.ts';
import { resolveOptions, type PodTemplateOptions } from './options.ts';
import { validateTolerations } from './scheduling.ts';
import { validateLocalDescendingPath } from './paths.ts';
import { validatePodSpec } from './podspec.ts';

const MIRROR_POD = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const TOLERATIONS = 'scheduler.alpha.kubernetes.io/tolerations';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function validatePodTemplateSpec(template: unknown, path: Path, opts: PodTemplateOptions): ErrorList {
  const t = obj(template);
  const meta = obj(t.metadata);
  const spec = obj(t.spec);
  const errs: ErrorList = [];
  if (isObject(meta.labels)) errs.push(...validateLabels(meta.labels, path.child('labels')));
  const hasAnnotations = isObject(meta.annotations);
  if (hasAnnotations) {
    errs.push(...validateAnnotations(meta.annotations, path.child('annotations')));
    errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, path.child('annotations'), opts));
  }
  errs.push(...validatePodSpec(spec, path.child('spec'), opts));
  if (hasAnnotations) {
    const annotations = new Map(stringEntries(meta.annotations));
    errs.push(...validateSeccompAnnotationsMatchFields(annotations, spec, path.child('spec')));
    errs.push(...validateAppArmorAnnotationsMatchFields(annotations, spec, path.child('spec')));
  }
  if (arr(spec.ephemeralContainers).length > 0) {
    errs.push(forbidden(path.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/** ParseInt(value, 10, 32) after upstream's first-digit rule (no '+', no leading zeros). */
function isDeletionCost(value: string): boolean {
  if (!/^-?[0-9]+$/.test(value)) return false;
  if (!(value[0] === '-' || value === '0' || (value[0] >= '1' && value[0] <= '9'))) return false;
  const n = Number(value);
  return n >= INT32_MIN && n <= INT32_MAX;
}

function validateSeccompAnnotation(value: string, path: Path): ErrorList {
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return [];
  if (value.startsWith('localhost/')) return validateLocalDescendingPath(value.slice('localhost/'.length), path);
  return [invalid(path, value, 'must be a valid seccomp profile')];
}

function visitContainers(spec: JsonObject, specPath: Path): Array<{ ctr: JsonObject; path: Path }> {
  const out: Array<{ ctr: JsonObject; path: Path }> = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    arr(spec[kind]).forEach((c, i) => out.push({ ctr: obj(c), path: specPath.child(kind).index(i) }));
  }
  return out;
}

/** validateSeccompAnnotationsAndFieldsMatch: the legacy annotation, when present, must agree with the field. */
function seccompMismatch(annotation: string, profile: JsonObject, path: Path): FieldError | undefined {
  const mismatch = forbidden(path.child('type'), 'seccomp type in annotation and field must match');
  switch (profile.type) {
    case 'Unconfined':
      return annotation === 'unconfined' ? undefined : mismatch;
    case 'RuntimeDefault':
      return annotation === 'runtime/default' || annotation === 'docker/default' ? undefined : mismatch;
    case 'Localhost':
      if (!annotation.startsWith('localhost/')) return mismatch;
      if (profile.localhostProfile !== annotation.slice('localhost/'.length)) {
        return forbidden(path.child('localhostProfile'), 'seccomp profile in annotation and field must match');
      }
      return undefined;
    default:
      return undefined;
  }
}

function validateSeccompAnnotationsMatchFields(annotations: Map<string, string>, spec: JsonObject, specPath: Path): ErrorList {
  if (annotations.size === 0) return [];
  const errs: ErrorList = [];
  const podProfile = obj(spec.securityContext).seccompProfile;
  if (isObject(podProfile) && annotations.has(SECCOMP_POD)) {
    const e = seccompMismatch(annotations.get(SECCOMP_POD)!, podProfile, specPath.child('securityContext', 'seccompProfile'));
    if (e) errs.push(e);
  }
  for (const { ctr, path } of visitContainers(spec, specPath)) {
    const profile = obj(ctr.securityContext).seccompProfile;
    const key = SECCOMP_CONTAINER_PREFIX + str(ctr.name);
    if (!isObject(profile) || !annotations.has(key)) continue;
    const e = seccompMismatch(annotations.get(key)!, profile, path.child('securityContext', 'seccompProfile'));
    if (e) errs.push(e);
  }
  return errs;
}

/** validateAppArmorAnnotationsAndFieldsMatchOnCreate (skipped for windows pods). */
function validateAppArmorAnnotationsMatchFields(annotations: Map<string, string>, spec: JsonObject, specPath: Path): ErrorList {
  if (annotations.size === 0 || obj(spec.os).name === 'windows') return [];
  const errs: ErrorList = [];
  const podProfile = obj(spec.securityContext).appArmorProfile;
  for (const { ctr, path } of visitContainers(spec, specPath)) {
    const own = obj(ctr.securityContext).appArmorProfile;
    const profile = isObject(own) ? own : podProfile;
    if (!isObject(profile)) continue;
    const annotation = annotations.get(APPARMOR_CONTAINER_PREFIX + str(ctr.name));
    if (annotation === undefined) continue;
    const p = path.child('securityContext', 'appArmorProfile');
    const typeMismatch = forbidden(p.child('type'), 'apparmor type in annotation and field must match');
    switch (profile.type) {
      case 'Unconfined':
        if (annotation !== 'unconfined') errs.push(typeMismatch);
        break;
      case 'RuntimeDefault':
        if (annotation !== 'runtime/default') errs.push(typeMismatch);
        break;
      case 'Localhost':
        if (!annotation.startsWith('localhost/')) errs.push(typeMismatch);
        else if (profile.localhostProfile !== annotation.slice('localhost/'.length)) {
          errs.push(forbidden(p.child('localhostProfile'), 'apparmor profile in annotation and field must match'));
        }
        break;
    }
  }
  return errs;
}

function containerNames(spec: JsonObject): Set<string> {
  const names = new Set<string>();
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) for (const c of arr(spec[kind])) names.add(str(obj(c).name));
  return names;
}

/**
 * The legacy tolerations annotation: JSON for []Toleration, then ValidateTolerations under the key.
 * Go's JSON syntax error texts are approximated (exact for a wrong first character and for non-lists).
 */
function validateTolerationsAnnotation(value: string, path: Path, opts: PodTemplateOptions): ErrorList {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    const first = value.trimStart()[0];
    const detail =
      first === undefined || '{["-0123456789tfn'.includes(first)
        ? 'unexpected end of JSON input'
        : `invalid character '${first}' looking for beginning of value`;
    return [invalid(path, TOLERATIONS, detail)];
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    const kind = typeof parsed === 'object' ? 'object' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    return [invalid(path, TOLERATIONS, `json: cannot unmarshal ${kind} into Go value of type []core.Toleration`)];
  }
  if (parsed.length === 0) return [];
  return validateTolerations(parsed, path.child(TOLERATIONS), resolveOptions(opts));
}

/** ValidatePodSpecificAnnotations. */
function validatePodSpecificAnnotations(annotations: unknown, spec: JsonObject, path: Path, opts: PodTemplateOptions): ErrorList {
  const entries = stringEntries(annotations);
  if (entries.length === 0) return [];
  const map = new Map(entries);
  const errs: ErrorList = [];
  if (map.has(MIRROR_POD) && str(spec.nodeName).length === 0) {
    errs.push(invalid(path.key(MIRROR_POD), map.get(MIRROR_POD), 'must set spec.nodeName if mirror pod annotation is set'));
  }
  const tolerations = map.get(TOLERATIONS);
  if (tolerations !== undefined && tolerations !== '') errs.push(...validateTolerationsAnnotation(tolerations, path, opts));
  if (map.has(DELETION_COST) && !isDeletionCost(map.get(DELETION_COST)!)) {
    errs.push(invalid(path.key(DELETION_COST), map.get(DELETION_COST), 'must be a 32bit integer'));
  }
  // Upstream uses Child (a dotted segment), not Key, for the seccomp annotations.
  if (map.has(SECCOMP_POD)) errs.push(...validateSeccompAnnotation(map.get(SECCOMP_POD)!, path.child(SECCOMP_POD)));
  for (const [k, v] of entries) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX)) errs.push(...validateSeccompAnnotation(v, path.child(k)));
  }
  let names: Set<string> | undefined;
  for (const [k, v] of entries) {
    if (!k.startsWith(APPARMOR_CONTAINER_PREFIX)) continue;
    names ??= containerNames(spec);
    const container = k.slice(APPARMOR_CONTAINER_PREFIX.length);
    if (!names.has(container)) errs.push(invalid(path.key(k), container, 'container not found'));
    if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
      errs.push(invalid(path.key(k), v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
    }
  }
  return errs;
}
