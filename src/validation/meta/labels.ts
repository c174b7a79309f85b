// metav1 validation: labels, label names and annotations (apimachinery 1.36).
import { tooLong, type ErrorList, type Path } from '../../field/index.ts';
import { invalidEach, invalidList, isLabelValue, isQualifiedName } from '../names.ts';
import { isObject, str, stringEntries } from './json.ts';

export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

export function validateLabelName(name: string, path: Path): ErrorList {
  return invalidList(isQualifiedName(name), path, name);
}

/** ValidateLabels: each key a qualified name, each value a label value; errors sit on the map's path. */
export function validateLabels(labels: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (!isObject(labels)) return errs;
  for (const k of Object.keys(labels)) {
    invalidEach(isQualifiedName(k), path, k, errs);
    const v = str(labels[k]);
    invalidEach(isLabelValue(v), path, v, errs);
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names ignoring case; keys+values at most 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (!isObject(annotations)) return errs;
  let units = 0;
  for (const k of Object.keys(annotations)) {
    invalidEach(isQualifiedName(k.toLowerCase()), path, k, errs);
    units += k.length + str(annotations[k]).length;
  }
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so only maps near the limit have their bytes counted.
  if (units * 3 > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES && annotationBytes(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  }
  return errs;
}

function annotationBytes(annotations: Record<string, unknown>): number {
  let total = 0;
  for (const [k, v] of stringEntries(annotations)) total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  return total;
}
