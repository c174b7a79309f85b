// Pod-level resources (PodLevelResources, beta and on in 1.36): the same requirement checks with
// pod-level resource names, then container limits must fit within pod limits.
import { forbidden, invalid, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, obj, type JsonObject } from '../meta/json.ts';
import { compareQuantities, parseQuantity, quantityString, type Quantity } from './quantity.ts';
import { parseResourceLimits, validatePodLevelResources } from './resources.ts';

export function validatePodResources(spec: JsonObject, podClaimNames: ReadonlySet<string>, path: Path, allowIndivisibleHugePages: boolean): ErrorList {
  if (!isObject(spec.resources)) return [];
  const resPath = path.child('resources');
  if (obj(spec.os).name === 'windows') return [forbidden(resPath, 'may not be set for a windows pod')];
  const errs: ErrorList = [];
  if (spec.resources.claims != null) errs.push(forbidden(resPath.child('claims'), 'claims may not be set for Resources at pod-level'));
  errs.push(...validatePodLevelResources(spec.resources, podClaimNames, resPath, allowIndivisibleHugePages));
  errs.push(...validateAggregates(spec, resPath));
  errs.push(...validateContainerLimitsFit(spec, resPath));
  return errs;
}

type ResourceList = Map<string, Quantity>;

function listOf(value: unknown): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, v] of Object.entries(obj(value))) {
    const q = parseQuantity(v);
    if (q.ok) out.set(name, q.quantity);
  }
  return out;
}

/** Quantity.Add: the sum keeps the receiver's format unless the receiver is zero. */
const add = (a: Quantity, b: Quantity): Quantity => ({
  nanos: a.nanos + b.nanos,
  format: a.nanos === 0n ? b.format : a.format,
  cached: undefined,
});

function addInto(list: ResourceList, more: ResourceList): void {
  for (const [name, q] of more) {
    const have = list.get(name);
    list.set(name, have ? add(have, q) : q);
  }
}

function maxInto(list: ResourceList, more: ResourceList): void {
  for (const [name, q] of more) {
    const have = list.get(name);
    if (!have || compareQuantities(q, have) > 0) list.set(name, q);
  }
}

/**
 * component-helpers AggregateContainerRequests/Limits: the sum over regular containers and sidecars,
 * or the largest init container need (with the sidecars started before it), whichever is larger.
 */
function aggregate(spec: JsonObject, kind: 'requests' | 'limits'): ResourceList {
  const total: ResourceList = new Map();
  for (const c of arr(spec.containers)) addInto(total, listOf(obj(obj(c).resources)[kind]));
  const sidecars: ResourceList = new Map();
  const initMax: ResourceList = new Map();
  for (const c of arr(spec.initContainers)) {
    const ctr = obj(c);
    const own = listOf(obj(ctr.resources)[kind]);
    let use: ResourceList;
    if (ctr.restartPolicy === 'Always') {
      addInto(total, own);
      addInto(sidecars, own);
      use = new Map(sidecars);
    } else {
      use = new Map(own);
      addInto(use, sidecars);
    }
    maxInto(initMax, use);
  }
  maxInto(total, initMax);
  return total;
}

/** validatePodResourceConsistency: pod requests cover the containers', pod hugepage limits too. */
function validateAggregates(spec: JsonObject, resPath: Path): ErrorList {
  const errs: ErrorList = [];
  const podRequests = listOf(obj(spec.resources).requests);
  for (const [name, ctrReqs] of aggregate(spec, 'requests')) {
    const podReq = podRequests.get(name);
    if (podReq && compareQuantities(ctrReqs, podReq) > 0) {
      errs.push(
        invalid(
          resPath.child('requests').key(name),
          quantityString(podReq),
          `must be greater than or equal to aggregate container requests of ${quantityString(ctrReqs)}`,
        ),
      );
    }
  }
  const podLimits = listOf(obj(spec.resources).limits);
  for (const [name, ctrLims] of aggregate(spec, 'limits')) {
    if (!name.startsWith('hugepages-')) continue;
    const podLim = podLimits.get(name);
    if (podLim && compareQuantities(ctrLims, podLim) > 0) {
      errs.push(
        invalid(
          resPath.child('limits').key(name),
          quantityString(podLim),
          `must be greater than or equal to aggregate container limits of ${quantityString(ctrLims)}`,
        ),
      );
    }
  }
  return errs;
}

/** The last part of validatePodResourceConsistency: each container limit at most the pod-level limit. */
function validateContainerLimitsFit(spec: JsonObject, resPath: Path): ErrorList {
  const podLimits = new Map(
    parseResourceLimits(spec.resources, resPath).map((e) => [e.name, e.quantity]),
  );
  const errs: ErrorList = [];
  arr(spec.containers).forEach((c, i) => {
    const limits = parseResourceLimits(obj(c).resources, resPath);
    for (const { name, quantity } of limits) {
      const podLimit = podLimits.get(name);
      if (!quantity || !podLimit) continue;
      if (compareQuantities(quantity, podLimit) > 0) {
        errs.push(
          invalid(
            resPath.child('containers').index(i).key(name).child('limits'),
            quantityString(quantity),
            `must be less than or equal to pod limits of ${quantityString(podLimit)}`,
          ),
        );
      }
    }
  });
  return errs;
}
