// Pod-level resources (PodLevelResources, beta and on in 1.36): the same requirement checks with
// pod-level resource names, then container limits must fit within pod limits.
import { forbidden, invalid, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, obj, type JsonObject } from '../meta/json.ts';
import { compareQuantities, quantityString } from './quantity.ts';
import { parseResourceList, validatePodLevelResources } from './resources.ts';

export function validatePodResources(spec: JsonObject, podClaimNames: ReadonlySet<string>, path: Path): ErrorList {
  if (!isObject(spec.resources)) return [];
  const resPath = path.child('resources');
  if (obj(spec.os).name === 'windows') return [forbidden(resPath, 'may not be set for a windows pod')];
  const errs: ErrorList = [];
  if (spec.resources.claims != null) errs.push(forbidden(resPath.child('claims'), 'claims may not be set for Resources at pod-level'));
  errs.push(...validatePodLevelResources(spec.resources, podClaimNames, resPath));
  errs.push(...validateContainerLimitsFit(spec, resPath));
  return errs;
}

/**
 * The last part of validatePodResourceConsistency: each container limit at most the pod-level limit.
 * (The aggregate-request and hugepage-aggregate comparisons are not ported.)
 */
function validateContainerLimitsFit(spec: JsonObject, resPath: Path): ErrorList {
  const podLimits = new Map(
    parseResourceList(obj(spec.resources).limits, resPath.child('limits')).entries.map((e) => [e.name, e.quantity]),
  );
  const errs: ErrorList = [];
  arr(spec.containers).forEach((c, i) => {
    const limits = parseResourceList(obj(obj(c).resources).limits, resPath);
    for (const { name, quantity } of limits.entries) {
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
