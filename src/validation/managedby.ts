// spec.managedBy: a domain-prefixed path of at most 63 bytes (validateJobSpec, JobManagedBy GA in 1.35).
import { invalid, required, tooLong, type ErrorList, type Path } from '../field/index.ts';
import { isDomainPrefixedPath } from './names.ts';

const MAX_MANAGED_BY_LENGTH = 63;

export function validateManagedBy(managedBy: string, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (managedBy.length === 0) {
    // IsDomainPrefixedPath answers an empty value with Required and nothing else.
    errs.push(required(path));
  } else {
    for (const e of isDomainPrefixedPath(managedBy)) errs.push(invalid(path, e.value, e.detail));
  }
  if (Buffer.byteLength(managedBy, 'utf8') > MAX_MANAGED_BY_LENGTH) errs.push(tooLong(path, '', MAX_MANAGED_BY_LENGTH));
  return errs;
}
