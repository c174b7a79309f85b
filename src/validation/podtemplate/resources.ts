// Container resource requirements (validateResourceRequirements with validateContainerResourceName).
import { duplicate, forbidden, invalid, notFound, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, obj, str } from '../meta/json.ts';
import { isQualifiedName } from '../names.ts';
import { validateDNS1123Label } from './names.ts';
import {
  compareQuantities,
  integerValue,
  milliValue,
  parseQuantity,
  quantityString,
  type Quantity,
} from './quantity.ts';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const QOS_RESOURCES = new Set(['cpu', 'memory']);
const HUGEPAGES_PREFIX = 'hugepages-';

const isHugePages = (name: string): boolean => name.startsWith(HUGEPAGES_PREFIX);
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
const isStandardResource = (name: string): boolean =>
  STANDARD_RESOURCES.has(name) || name.startsWith(HUGEPAGES_PREFIX) || name.startsWith('requests.hugepages-');

function isExtendedResource(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName('requests.' + name).length === 0;
}

const isIntegerResource = (name: string): boolean => INTEGER_RESOURCES.has(name) || isExtendedResource(name);

function validateResourceName(name: string, path: Path): ErrorList {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResource(name)) return [invalid(path, name, 'must be a standard resource type or fully qualified')];
  return errs;
}

function validateContainerResourceName(name: string, path: Path): ErrorList {
  if (STANDARD_CONTAINER_RESOURCES.has(name)) return []; // the common case, valid by construction
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNative(name) && !isExtendedResource(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: non-negative, and whole for integer resources. */
function validateQuantityValue(name: string, q: Quantity, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (q.nanos < 0n) errs.push(invalid(path, quantityString(q), 'must be greater than or equal to 0'));
  if (isIntegerResource(name) && milliValue(q) % 1000n !== 0n) errs.push(invalid(path, quantityString(q), 'must be an integer'));
  return errs;
}

/** IsHugePageResourceValueDivisible for a raw quantity value. */
export function hugePagesDivisible(name: string, value: unknown): boolean {
  const parsed = parseQuantity(value);
  return parsed.ok && hugePagesQuantityDivisible(name, parsed.quantity);
}

function hugePagesQuantityDivisible(name: string, q: Quantity): boolean {
  const page = parseQuantity(name.slice(HUGEPAGES_PREFIX.length));
  if (!page.ok) return false;
  const size = page.quantity;
  if (size.nanos <= 0n || milliValue(size) % 1000n !== 0n) return false;
  return integerValue(q) % integerValue(size) === 0n;
}

interface ParsedList {
  entries: Array<{ name: string; path: Path; quantity: Quantity | undefined }>;
  errors: ErrorList;
}

/**
 * Reads a ResourceList. An unparseable quantity never reaches validation on a real API server (the body
 * fails to decode with the parser's message); here it becomes an Invalid error at its key carrying that
 * same message, and the entry takes no further part.
 */
function readList(list: unknown, path: Path): ParsedList {
  const o = obj(list);
  const out: ParsedList = { entries: [], errors: [] };
  for (const name of Object.keys(o)) {
    const p = path.key(name);
    const parsed = parseQuantity(o[name]);
    if (!parsed.ok) out.errors.push(invalid(p, o[name], parsed.message));
    out.entries.push({ name, path: p, quantity: parsed.ok ? parsed.quantity : undefined });
  }
  return out;
}

export function validateContainerResources(
  resources: unknown,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages = false,
): ErrorList {
  return validateResourceRequirements(resources, validateContainerResourceName, podClaimNames, path, allowIndivisibleHugePages);
}

/** validatePodResourceName: a valid resource name that pod-level resources support. */
function validatePodResourceName(name: string, path: Path): ErrorList {
  const errs = validateResourceName(name, path);
  if (errs.length > 0) return errs;
  if (!QOS_RESOURCES.has(name) && !isHugePages(name)) return [notSupported(path, name, ['cpu', HUGEPAGES_PREFIX, 'memory'])];
  return [];
}

export function validatePodLevelResources(
  resources: unknown,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages = false,
): ErrorList {
  return validateResourceRequirements(resources, validatePodResourceName, podClaimNames, path, allowIndivisibleHugePages);
}

export const parseResourceList = readList;

function validateResourceRequirements(
  resources: unknown,
  validateName: (name: string, path: Path) => ErrorList,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages: boolean,
): ErrorList {
  const r = obj(resources);
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const limits = readList(r.limits, limPath);
  const requests = readList(r.requests, reqPath);
  const errs: ErrorList = limits.errors.length + requests.errors.length === 0 ? [] : [...limits.errors, ...requests.errors];
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;

  for (const { name, path: p, quantity } of limits.entries) {
    errs.push(...validateName(name, p));
    if (quantity) errs.push(...validateQuantityValue(name, quantity, p));
    if (isHugePages(name)) {
      limHuge = true;
      if (quantity && !allowIndivisibleHugePages && !hugePagesQuantityDivisible(name, quantity)) {
        errs.push(invalid(p, quantityString(quantity), `${quantityString(quantity)} is not positive integer multiple of ${name}`));
      }
    }
    if (QOS_RESOURCES.has(name)) limCpuMem = true;
  }
  for (const { name, path: p, quantity } of requests.entries) {
    errs.push(...validateName(name, p));
    if (quantity) errs.push(...validateQuantityValue(name, quantity, p));
    // A resource list has a handful of entries: a scan beats building a map on every container.
    const limitEntry = limits.entries.find((e) => e.name === name);
    if (limitEntry !== undefined) {
      const limit = limitEntry.quantity;
      if (quantity && limit) {
        const cmp = compareQuantities(quantity, limit);
        if (cmp !== 0 && !isOvercommitAllowed(name)) {
          errs.push(invalid(reqPath, quantityString(quantity), `must be equal to ${name} limit of ${quantityString(limit)}`));
        } else if (cmp > 0) {
          errs.push(invalid(reqPath, quantityString(quantity), `must be less than or equal to ${name} limit of ${quantityString(limit)}`));
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) {
      reqHuge = true;
      if (quantity && !allowIndivisibleHugePages && !hugePagesQuantityDivisible(name, quantity)) {
        errs.push(invalid(p, quantityString(quantity), `${quantityString(quantity)} is not positive integer multiple of ${name}`));
      }
    }
    if (QOS_RESOURCES.has(name)) reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateClaimNames(r.claims, podClaimNames, path.child('claims')));
  return errs;
}

function validateClaimNames(claims: unknown, podClaimNames: ReadonlySet<string>, path: Path): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  arr(claims).forEach((c, i) => {
    const claim = obj(c);
    const name = str(claim.name);
    const p = path.index(i);
    if (name === '') {
      errs.push(required(p));
      return;
    }
    const request = str(claim.request);
    if (names.has(name)) {
      errs.push(duplicate(p, name));
    } else {
      let key = name;
      if (request !== '') {
        errs.push(...validateDNS1123Label(request, p.child('request')));
        key += '/' + request;
      }
      if (names.has(key)) {
        errs.push(duplicate(p, key));
      } else if (request === '') {
        for (const k of names) {
          const slash = k.indexOf('/');
          if (slash >= 0 && k.slice(0, slash) === name) errs.push(duplicate(p, name));
        }
      }
      names.add(key);
    }
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort();
      const e = notFound(p, name);
      const detail =
        'must be one of the names in pod.spec.resourceClaims' + (known.length === 0 ? ' which is empty' : ': ' + known.join(', '));
      errs.push({ ...e, detail });
    }
  });
  return errs;
}
