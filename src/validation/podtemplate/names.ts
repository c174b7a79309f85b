// Field-error wrappers over the name checks, as core validation's ValidateDNS1123Label & co.
import { invalid, type ErrorList, type Path } from '../../field/index.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../names.ts';

export const validateDNS1123Label = (value: string, path: Path): ErrorList =>
  isDNS1123Label(value).map((msg) => invalid(path, value, msg));

export const validateDNS1123Subdomain = (value: string, path: Path): ErrorList =>
  isDNS1123Subdomain(value).map((msg) => invalid(path, value, msg));

export const validateQualifiedName = (value: string, path: Path): ErrorList =>
  isQualifiedName(value).map((msg) => invalid(path, value, msg));
