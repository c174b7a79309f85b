// ValidatePodSpec (core validation), in upstream order, for a pod spec embedded in a template.
import { invalid, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { validateLabels } from '../meta/labels.ts';
import { num, obj, str } from '../meta/json.ts';
import { isDNS1123Subdomain } from '../names.ts';
import { validateContainers, validateInitContainers } from './containers.ts';
import { validateDNS1123Label } from './names.ts';
import type { PodTemplateOptions } from './options.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const MAX_INT32 = 2147483647;

function oneOf(value: string, allowed: readonly string[], path: Path): ErrorList {
  if (value === '') return [required(path)];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

export function validatePodSpec(specIn: unknown, path: Path, opts: PodTemplateOptions): ErrorList {
  const spec = obj(specIn);
  const errs: ErrorList = [];
  if (spec.terminationGracePeriodSeconds == null) errs.push(required(path.child('terminationGracePeriodSeconds')));
  const ctx = { opts };
  errs.push(...validateContainers(spec.containers, path.child('containers'), ctx));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, path.child('initContainers'), ctx));
  errs.push(...oneOf(str(spec.restartPolicy), RESTART_POLICIES, path.child('restartPolicy')));
  errs.push(...oneOf(str(spec.dnsPolicy), DNS_POLICIES, path.child('dnsPolicy')));
  errs.push(...validateLabels(spec.nodeSelector, path.child('nodeSelector')));
  const sa = str(spec.serviceAccountName);
  if (sa.length > 0) for (const msg of isDNS1123Subdomain(sa)) errs.push(invalid(path.child('serviceAccountName'), sa, msg));
  const nodeName = str(spec.nodeName);
  if (nodeName.length > 0) for (const msg of isDNS1123Subdomain(nodeName)) errs.push(invalid(path.child('nodeName'), nodeName, msg));
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(path.child('activeDeadlineSeconds'), ads, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  const hostname = str(spec.hostname);
  if (hostname.length > 0) errs.push(...validateDNS1123Label(hostname, path.child('hostname')));
  const subdomain = str(spec.subdomain);
  if (subdomain.length > 0) errs.push(...validateDNS1123Label(subdomain, path.child('subdomain')));
  return errs;
}
