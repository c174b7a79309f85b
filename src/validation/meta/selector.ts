// metav1 LabelSelector: validation (ValidateLabelSelector) and matching (LabelSelectorAsSelector + Matches).
import { forbidden, invalid, required, type ErrorList, type Path } from '../../field/index.ts';
import { isLabelValue, isQualifiedName } from '../names.ts';
import { arr, isObject, obj, str, stringEntries, strings } from './json.ts';
import { validateLabelName, validateLabels } from './labels.ts';

export interface LabelSelectorOptions {
  /** Only for backwards compatibility with persisted selectors that already hold invalid values. */
  allowInvalidLabelValueInSelector: boolean;
}

export function validateLabelSelector(selector: unknown, path: Path, opts: LabelSelectorOptions): ErrorList {
  if (!isObject(selector)) return [];
  const errs = validateLabels(selector.matchLabels, path.child('matchLabels'));
  const exprs = arr(selector.matchExpressions);
  for (let i = 0; i < exprs.length; i++) {
    errs.push(...validateRequirement(obj(exprs[i]), opts, path.child('matchExpressions').index(i)));
  }
  return errs;
}

function validateRequirement(req: Record<string, unknown>, opts: LabelSelectorOptions, path: Path): ErrorList {
  const errs: ErrorList = [];
  const operator = str(req.operator);
  const values = strings(req.values);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      errs.push(invalid(path.child('operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(str(req.key), path.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isLabelValue(v)) errs.push(invalid(path.child('values').index(i), v, msg));
    });
  }
  return errs;
}

/** selectorMatchesLabels for a selector of matchLabels only (the usual, generated kind), without building requirements. */
function matchLabelsMatch(matchLabels: unknown, have: Record<string, unknown>): boolean | undefined {
  if (!isObject(matchLabels)) return true;
  let matches = true;
  for (const key of Object.keys(matchLabels)) {
    const value = str(matchLabels[key]);
    // Every requirement must convert, even after one failed to match.
    if (isQualifiedName(key).length > 0 || isLabelValue(value).length > 0) return undefined;
    if (matches) matches = Object.hasOwn(have, key) && str(have[key]) === value;
  }
  return matches;
}

type Requirement = { key: string; op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] };

function requirementValid(r: Requirement): boolean {
  if (isQualifiedName(r.key).length > 0) return false;
  if ((r.op === 'In' || r.op === 'NotIn') && r.values.length === 0) return false;
  if ((r.op === 'Exists' || r.op === 'DoesNotExist') && r.values.length > 0) return false;
  return r.values.every((v) => isLabelValue(v).length === 0);
}

/**
 * Whether `labels` satisfy `selector`, as metav1.LabelSelectorAsSelector(selector).Matches(labels):
 * a null/absent selector matches nothing, an empty one everything; undefined when the selector cannot
 * be converted (unknown operator, bad key or value, values where none are allowed or vice versa).
 */
export function selectorMatchesLabels(selector: unknown, labels: unknown): boolean | undefined {
  if (!isObject(selector)) return false;
  if (!Array.isArray(selector.matchExpressions) || selector.matchExpressions.length === 0) {
    return matchLabelsMatch(selector.matchLabels, obj(labels));
  }
  const reqs: Requirement[] = [];
  for (const [key, value] of stringEntries(selector.matchLabels)) reqs.push({ key, op: 'In', values: [value] });
  for (const e of arr(selector.matchExpressions)) {
    const expr = obj(e);
    const op = str(expr.operator);
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') return undefined;
    reqs.push({ key: str(expr.key), op, values: strings(expr.values) });
  }
  if (reqs.length === 0) return true;
  if (!reqs.every(requirementValid)) return undefined;
  const have = obj(labels);
  return reqs.every((r) => {
    const present = Object.hasOwn(have, r.key);
    const value = present ? str(have[r.key]) : '';
    switch (r.op) {
      case 'In':
        return present && r.values.includes(value);
      case 'NotIn':
        return !present || !r.values.includes(value);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
    }
  });
}
