// Downward API selectors shared by env vars and downwardAPI/projected volumes.
import { invalid, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { obj, str } from '../meta/json.ts';
import { validateQualifiedName } from './names.ts';
import { parseQuantity, quantityString } from './quantity.ts';

export const ENV_FIELD_PATHS: readonly string[] = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
export const VOLUME_FIELD_PATHS: readonly string[] = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const RESOURCE_FIELD_PATHS: readonly string[] = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const HUGEPAGES_FIELD_PREFIXES = ['limits.hugepages-', 'requests.hugepages-'];
const CONVERTIBLE_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const DIVISORS_CPU = new Set(['1m', '1']);
const DIVISORS_BYTES = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const BYTES_DIVISOR_LIST = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']`. */
function splitSubscript(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), subscript: s.slice(at + 2) };
}

/** ConvertDownwardAPIFieldLabel: the internal label, or the conversion error text. */
function convertLabel(version: string, label: string): { label: string } | { error: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const sub = splitSubscript(label);
  if (sub) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') return { label };
    return { error: `field label does not support subscript: ${label}` };
  }
  if (CONVERTIBLE_LABELS.has(label)) return { label };
  if (label === 'spec.host') return { label: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

export function validateObjectFieldSelector(selector: unknown, allowed: readonly string[], path: Path): ErrorList {
  const fs = obj(selector);
  const apiVersion = str(fs.apiVersion);
  if (apiVersion.length === 0) return [required(path.child('apiVersion'))];
  const fieldPath = str(fs.fieldPath);
  if (fieldPath.length === 0) return [required(path.child('fieldPath'))];
  const converted = convertLabel(apiVersion, fieldPath);
  if ('error' in converted) return [invalid(path.child('fieldPath'), fieldPath, `error converting fieldPath: ${converted.error}`)];
  const sub = splitSubscript(converted.label);
  if (sub) {
    if (sub.path === 'metadata.annotations') return validateQualifiedName(sub.subscript.toLowerCase(), path);
    if (sub.path === 'metadata.labels') return validateQualifiedName(sub.subscript, path);
    return [invalid(path, sub.path, 'does not support subscript')];
  }
  if (!allowed.includes(converted.label)) return [notSupported(path.child('fieldPath'), converted.label, [...allowed].sort())];
  return [];
}

export function validateResourceFieldSelector(selector: unknown, path: Path, volume: boolean): ErrorList {
  const fs = obj(selector);
  const errs: ErrorList = [];
  const resource = str(fs.resource);
  if (volume && str(fs.containerName).length === 0) errs.push(required(path.child('containerName')));
  else if (resource.length === 0) errs.push(required(path.child('resource')));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !HUGEPAGES_FIELD_PREFIXES.some((p) => resource.startsWith(p))) {
    errs.push(notSupported(path.child('resource'), resource, RESOURCE_FIELD_PATHS));
  }
  errs.push(...validateDivisor(resource, fs.divisor, path));
  return errs;
}

function validateDivisor(resource: string, divisor: unknown, path: Path): ErrorList {
  if (divisor == null) return [];
  const parsed = parseQuantity(divisor);
  if (!parsed.ok) return [invalid(path.child('divisor'), divisor, parsed.message)];
  if (parsed.quantity.nanos === 0n) return [];
  const d = quantityString(parsed.quantity);
  const errs: ErrorList = [];
  switch (resource) {
    case 'limits.cpu':
    case 'requests.cpu':
      if (!DIVISORS_CPU.has(d)) errs.push(invalid(path.child('divisor'), resource, "only divisor's values 1m and 1 are supported with the cpu resource"));
      break;
    case 'limits.memory':
    case 'requests.memory':
      if (!DIVISORS_BYTES.has(d)) {
        errs.push(invalid(path.child('divisor'), resource, `only divisor's values ${BYTES_DIVISOR_LIST} are supported with the memory resource`));
      }
      break;
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      if (!DIVISORS_BYTES.has(d)) {
        errs.push(
          invalid(path.child('divisor'), resource, `only divisor's values ${BYTES_DIVISOR_LIST} are supported with the local ephemeral storage resource`),
        );
      }
      break;
  }
  if (HUGEPAGES_FIELD_PREFIXES.some((p) => resource.startsWith(p)) && !DIVISORS_BYTES.has(d)) {
    errs.push(invalid(path.child('divisor'), resource, `only divisor's values ${BYTES_DIVISOR_LIST} are supported with the hugepages resource`));
  }
  return errs;
}
