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

interface ResourceEntry {
  readonly name: string;
  readonly quantity: Quantity | undefined;
}

type ListName = 'limits' | 'requests';

/**
 * Reads the ResourceList at `path.<list>`. An unparseable quantity never reaches validation on a real
 * API server (the body fails to decode with the parser's message); here it becomes an Invalid error at
 * its key carrying that same message, pushed onto `errs`, and the entry takes no further part.
 */
function readList(list: unknown, path: Path, listName: ListName, errs: ErrorList): ResourceEntry[] {
  const o = obj(list);
  const entries: ResourceEntry[] = [];
  for (const name of Object.keys(o)) {
    const parsed = parseQuantity(o[name]);
    if (!parsed.ok) errs.push(invalid(path.child(listName).key(name), o[name], parsed.message));
    entries.push({ name, quantity: parsed.ok ? parsed.quantity : undefined });
  }
  return entries;
}

/** How one kind of resource list checks its names. */
interface ResourceNames {
  /** Names valid by construction (nearly every entry): skipped before any path is built. */
  readonly plain: ReadonlySet<string>;
  readonly validate: (name: string, path: Path) => ErrorList;
}

/** validatePodResourceName: a valid resource name that pod-level resources support. */
function validatePodResourceName(name: string, path: Path): ErrorList {
  const errs = validateResourceName(name, path);
  if (errs.length > 0) return errs;
  if (!QOS_RESOURCES.has(name) && !isHugePages(name)) return [notSupported(path, name, ['cpu', HUGEPAGES_PREFIX, 'memory'])];
  return [];
}

const CONTAINER_RESOURCE_NAMES: ResourceNames = { plain: STANDARD_CONTAINER_RESOURCES, validate: validateContainerResourceName };
const POD_RESOURCE_NAMES: ResourceNames = { plain: QOS_RESOURCES, validate: validatePodResourceName };

export function validateContainerResources(
  resources: unknown,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages = false,
): ErrorList {
  return validateResourceRequirements(resources, CONTAINER_RESOURCE_NAMES, podClaimNames, path, allowIndivisibleHugePages);
}

export function validatePodLevelResources(
  resources: unknown,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages = false,
): ErrorList {
  return validateResourceRequirements(resources, POD_RESOURCE_NAMES, podClaimNames, path, allowIndivisibleHugePages);
}

/** The limits of a ResourceRequirements at `path` (path.limits), read as validation reads them. */
export const parseResourceLimits = (resources: unknown, path: Path): ResourceEntry[] => readList(obj(resources).limits, path, 'limits', []);

/**
 * The name and value checks (ValidateResourceQuantityValue: non-negative, whole for integer
 * resources) of one limits or requests entry. Paths are built only for an entry with something to report.
 */
function validateEntry({ name, quantity }: ResourceEntry, names: ResourceNames, path: Path, listName: ListName, errs: ErrorList): void {
  const plain = names.plain.has(name);
  if (!plain) errs.push(...names.validate(name, path.child(listName).key(name)));
  if (quantity === undefined) return;
  if (quantity.nanos < 0n) errs.push(invalid(path.child(listName).key(name), quantityString(quantity), 'must be greater than or equal to 0'));
  // Plain names (cpu, memory, ephemeral-storage) are not integer resources.
  if (!plain && isIntegerResource(name) && milliValue(quantity) % 1000n !== 0n) {
    errs.push(invalid(path.child(listName).key(name), quantityString(quantity), 'must be an integer'));
  }
}

/** IsHugePageResourceValueDivisible for an entry, unless the options allow indivisible values. */
function validateHugePagesEntry({ name, quantity }: ResourceEntry, path: Path, listName: ListName, allowIndivisible: boolean, errs: ErrorList): void {
  if (quantity === undefined || allowIndivisible || hugePagesQuantityDivisible(name, quantity)) return;
  errs.push(invalid(path.child(listName).key(name), quantityString(quantity), `${quantityString(quantity)} is not positive integer multiple of ${name}`));
}

function validateResourceRequirements(
  resources: unknown,
  names: ResourceNames,
  podClaimNames: ReadonlySet<string>,
  path: Path,
  allowIndivisibleHugePages: boolean,
): ErrorList {
  const r = obj(resources);
  // Quantities that do not parse come first, limits then requests.
  const errs: ErrorList = [];
  const limits = readList(r.limits, path, 'limits', errs);
  const requests = readList(r.requests, path, 'requests', errs);
  let cpuMem = false;
  let huge = false;

  for (const entry of limits) {
    validateEntry(entry, names, path, 'limits', errs);
    if (isHugePages(entry.name)) {
      huge = true;
      validateHugePagesEntry(entry, path, 'limits', allowIndivisibleHugePages, errs);
    }
    if (QOS_RESOURCES.has(entry.name)) cpuMem = true;
  }
  for (const entry of requests) {
    validateEntry(entry, names, path, 'requests', errs);
    const { name, quantity } = entry;
    // A resource list has a handful of entries: a scan beats building a map on every container.
    let limit: ResourceEntry | undefined;
    for (const e of limits) {
      if (e.name === name) {
        limit = e;
        break;
      }
    }
    if (limit === undefined) {
      if (!isOvercommitAllowed(name)) errs.push(required(path.child('limits'), 'Limit must be set for non overcommitable resources'));
    } else if (quantity !== undefined && limit.quantity !== undefined) {
      const cmp = compareQuantities(quantity, limit.quantity);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(path.child('requests'), quantityString(quantity), `must be equal to ${name} limit of ${quantityString(limit.quantity)}`));
      } else if (cmp > 0) {
        errs.push(
          invalid(path.child('requests'), quantityString(quantity), `must be less than or equal to ${name} limit of ${quantityString(limit.quantity)}`),
        );
      }
    }
    if (isHugePages(name)) {
      huge = true;
      validateHugePagesEntry(entry, path, 'requests', allowIndivisibleHugePages, errs);
    }
    if (QOS_RESOURCES.has(name)) cpuMem = true;
  }
  if (!cpuMem && huge) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  if (Array.isArray(r.claims)) errs.push(...validateClaimNames(r.claims, podClaimNames, path.child('claims')));
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
