// Path checks for volume items, subPaths and host paths (core validation).
import { invalid, type ErrorList, type Path } from '../../field/index.ts';

export function validatePathNoBacksteps(target: string, path: Path): ErrorList {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : [];
}

/** validateLocalDescendingPath: relative and without `..` elements. */
export function validateLocalDescendingPath(target: string, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(target, path));
  return errs;
}

/** ValidateLocalNonReservedPath: also must not start with `..` (when not already caught as an element). */
export function validateLocalNonReservedPath(target: string, path: Path): ErrorList {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../')) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}
