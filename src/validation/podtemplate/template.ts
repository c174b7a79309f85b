// ValidatePodTemplateSpec (core validation): template labels and annotations (reported at
// `<template>.labels`/`.annotations`, without `metadata`, as upstream does), pod-specific annotations,
// the pod spec, and the ban on ephemeral containers.
import { forbidden, invalid, type ErrorList, type Path } from '../../field/index.ts';
import { validateAnnotations, validateLabels } from '../meta/labels.ts';
import { arr, obj, str, stringEntries, type JsonObject } from '../meta/json.ts';
import type { PodTemplateOptions } from './options.ts';
import { validateLocalDescendingPath } from './paths.ts';
import { validatePodSpec } from './podspec.ts';

const MIRROR_POD = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
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
  errs.push(...validateLabels(meta.labels, path.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, path.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, path.child('annotations')));
  errs.push(...validatePodSpec(spec, path.child('spec'), opts));
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

function containerNames(spec: JsonObject): Set<string> {
  const names = new Set<string>();
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) for (const c of arr(spec[kind])) names.add(str(obj(c).name));
  return names;
}

/** ValidatePodSpecificAnnotations (the tolerations annotation's JSON is not checked). */
function validatePodSpecificAnnotations(annotations: unknown, spec: JsonObject, path: Path): ErrorList {
  const entries = stringEntries(annotations);
  if (entries.length === 0) return [];
  const map = new Map(entries);
  const errs: ErrorList = [];
  if (map.has(MIRROR_POD) && str(spec.nodeName).length === 0) {
    errs.push(invalid(path.key(MIRROR_POD), map.get(MIRROR_POD), 'must set spec.nodeName if mirror pod annotation is set'));
  }
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
