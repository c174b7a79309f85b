// Field-error wrappers over the name checks, as core validation's ValidateDNS1123Label & co.
import { type ErrorList, type Path } from '../../field/index.ts';
import { invalidEach, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../names.ts';

function invalidFor(messages: readonly string[], value: string, path: Path): ErrorList {
  const errs: ErrorList = [];
  invalidEach(messages, path, value, errs);
  return errs;
}

export const validateDNS1123Label = (value: string, path: Path): ErrorList => invalidFor(isDNS1123Label(value), value, path);

export const validateDNS1123Subdomain = (value: string, path: Path): ErrorList => invalidFor(isDNS1123Subdomain(value), value, path);

export const validateQualifiedName = (value: string, path: Path): ErrorList => invalidFor(isQualifiedName(value), value, path);
