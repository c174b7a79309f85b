// Field-error wrappers over the name checks, as core validation's ValidateDNS1123Label & co.
import { type ErrorList, type Path } from '../../field/index.ts';
import { invalidList, isDNS1123Label, isDNS1123Subdomain } from '../names.ts';

export const validateDNS1123Label = (value: string, path: Path): ErrorList => invalidList(isDNS1123Label(value), path, value);

export const validateDNS1123Subdomain = (value: string, path: Path): ErrorList => invalidList(isDNS1123Subdomain(value), path, value);

/** Core validation's ValidateQualifiedName is metav1's ValidateLabelName: the same check, one implementation. */
export { validateLabelName as validateQualifiedName } from '../meta/labels.ts';
