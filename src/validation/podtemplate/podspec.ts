// ValidatePodSpec (core validation), in upstream order, for a pod spec embedded in a template
// (ResourceIsPod false, no pod metadata).
import { duplicate, forbidden, invalid, notFound, notSupported, required, tooLong, type ErrorList, type Path } from '../../field/index.ts';
import { validateLabels } from '../meta/labels.ts';
import { arr, isObject, num, obj, str, type JsonObject } from '../meta/json.ts';
import { invalidEach, isDNS1123Subdomain } from '../names.ts';
import { requiredOneOf, validateContainers, validateEphemeralContainers, validateInitContainers, type PodContext } from './containers.ts';
import { validateDNS1123Label, validateDNS1123Subdomain } from './names.ts';
import { resolveOptions, type PodTemplateOptions } from './options.ts';
import { goPodResourceClaim } from './gostruct.ts';
import { validatePodResources } from './podresources.ts';
import { validateContainerResources } from './resources.ts';
import {
  validateAffinity,
  validateHostAliases,
  validatePodDNSConfig,
  validateReadinessGates,
  validateSchedulingGates,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './scheduling.ts';
import { validatePodSecurityContext } from './security.ts';
import { validateVolumes } from './volumes.ts';
import { validateWindowsHostProcessPod } from './windows.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const OS_NAMES = ['linux', 'windows'];
const MAX_INT32 = 2147483647;
const HOSTNAME_OVERRIDE_MAX = 64;
const NO_CLAIMS: ReadonlySet<string> = new Set<string>();

/** `path.field` is a DNS-1123 subdomain; the path is built only for an error. */
function subdomainName(value: string, path: Path, field: string, errs: ErrorList): void {
  invalidEach(isDNS1123Subdomain(value), path, value, errs, field);
}

export function validatePodSpec(specIn: unknown, path: Path, options: PodTemplateOptions): ErrorList {
  const opts = resolveOptions(options);
  const spec = obj(specIn);
  const errs: ErrorList = [];
  if (spec.terminationGracePeriodSeconds == null) errs.push(required(path.child('terminationGracePeriodSeconds')));
  const volumes = validateVolumes(spec.volumes, path.child('volumes'), opts.allowNonLocalProjectedTokenPath);
  errs.push(...volumes.errors);
  const claimNames = Array.isArray(spec.resourceClaims) ? new Set(spec.resourceClaims.map((c) => str(obj(c).name)).filter((n) => n !== '')) : NO_CLAIMS;
  if (Array.isArray(spec.resourceClaims)) errs.push(...validatePodResourceClaims(spec.resourceClaims, path.child('resourceClaims')));
  const os = isObject(spec.os) ? str(spec.os.name) : undefined;
  const ctx: PodContext = {
    volumes: volumes.info,
    podClaimNames: claimNames,
    gracePeriod: num(spec.terminationGracePeriodSeconds),
    osName: os,
    podRestartPolicy: str(spec.restartPolicy),
    hostUsers: spec.hostUsers !== false,
    allowPrivileged: opts.allowPrivileged,
    allowIndivisibleHugePages: opts.allowIndivisibleHugePagesValues,
    env: { fileKeyRef: false },
  };
  errs.push(...validateContainers(spec.containers, path.child('containers'), ctx));
  // Most templates leave most fields out: an absent list or struct is skipped before its path is built.
  if (Array.isArray(spec.initContainers)) {
    errs.push(...validateInitContainers(spec.initContainers, spec.containers, path.child('initContainers'), ctx));
  }
  if (Array.isArray(spec.ephemeralContainers)) {
    errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec.containers, spec.initContainers, path.child('ephemeralContainers'), ctx));
  }
  if (isObject(spec.resources)) errs.push(...validatePodResources(spec, claimNames, path, opts.allowIndivisibleHugePagesValues));
  if (spec.hostNetwork === true) errs.push(...validateHostNetworkPorts(spec, path));
  requiredOneOf(str(spec.restartPolicy), RESTART_POLICIES, path, 'restartPolicy', errs);
  requiredOneOf(str(spec.dnsPolicy), DNS_POLICIES, path, 'dnsPolicy', errs);
  if (isObject(spec.nodeSelector)) errs.push(...validateLabels(spec.nodeSelector, path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec, path.child('securityContext'), opts.onlyRecursiveSELinuxChangePolicy));
  // validateImagePullSecrets ("only name may be set") cannot fire from v1 JSON: name is the only field.
  if (isObject(spec.affinity)) errs.push(...validateAffinity(spec.affinity, path.child('affinity'), opts));
  if (isObject(spec.dnsConfig) || spec.dnsPolicy === 'None') {
    errs.push(...validatePodDNSConfig(spec.dnsConfig, str(spec.dnsPolicy), path.child('dnsConfig')));
  }
  if (Array.isArray(spec.readinessGates)) errs.push(...validateReadinessGates(spec.readinessGates, path.child('readinessGates')));
  if (Array.isArray(spec.schedulingGates)) errs.push(...validateSchedulingGates(spec.schedulingGates, path.child('schedulingGates')));
  if (Array.isArray(spec.topologySpreadConstraints)) {
    errs.push(
      ...validateTopologySpreadConstraints(
        spec.topologySpreadConstraints,
        path.child('topologySpreadConstraints'),
        opts.allowInvalidTopologySpreadConstraintLabelSelector,
        opts.oldViolatesMatchLabelKeysValidation,
      ),
    );
  }
  errs.push(...validateWindowsHostProcessPod(spec, path, opts.allowPrivileged));
  errs.push(...validateHostUsers(spec, path));
  errs.push(...validateHostnameOverride(spec, path));
  const sa = str(spec.serviceAccountName);
  if (sa.length > 0) subdomainName(sa, path, 'serviceAccountName', errs);
  const nodeName = str(spec.nodeName);
  if (nodeName.length > 0) subdomainName(nodeName, path, 'nodeName', errs);
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(path.child('activeDeadlineSeconds'), ads, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  const hostname = str(spec.hostname);
  if (hostname.length > 0) errs.push(...validateDNS1123Label(hostname, path.child('hostname')));
  const subdomain = str(spec.subdomain);
  if (subdomain.length > 0) errs.push(...validateDNS1123Label(subdomain, path.child('subdomain')));
  if (Array.isArray(spec.tolerations)) errs.push(...validateTolerations(spec.tolerations, path.child('tolerations'), opts));
  if (Array.isArray(spec.hostAliases)) errs.push(...validateHostAliases(spec.hostAliases, path.child('hostAliases')));
  const priorityClassName = str(spec.priorityClassName);
  if (priorityClassName.length > 0) subdomainName(priorityClassName, path, 'priorityClassName', errs);
  if (typeof spec.runtimeClassName === 'string') subdomainName(spec.runtimeClassName, path, 'runtimeClassName', errs);
  if (typeof spec.preemptionPolicy === 'string') requiredOneOf(spec.preemptionPolicy, PREEMPTION_POLICIES, path, 'preemptionPolicy', errs);
  if (isObject(spec.overhead)) errs.push(...validateContainerResources({ limits: spec.overhead }, claimNames, path.child('overhead'), opts.allowIndivisibleHugePagesValues));
  errs.push(...validateOS(spec, path));
  // Every container's env has been validated by now, noting any fileKeyRef.
  if (ctx.env.fileKeyRef) errs.push(...validateFileKeyRefVolumes(spec, path));
  return errs;
}

function validatePodResourceClaims(claims: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  arr(claims).forEach((c, i) => {
    const claim = obj(c);
    const p = path.index(i);
    const name = str(claim.name);
    if (name === '') errs.push(required(p.child('name')));
    else if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else {
      errs.push(...validateDNS1123Label(name, p.child('name')));
      names.add(name);
    }
    const hasClaim = typeof claim.resourceClaimName === 'string';
    const hasTemplate = typeof claim.resourceClaimTemplateName === 'string';
    if (hasClaim && hasTemplate) {
      errs.push(invalid(p, goPodResourceClaim(claim), 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    }
    if (!hasClaim && !hasTemplate) errs.push(invalid(p, goPodResourceClaim(claim), 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    if (hasClaim) subdomainName(claim.resourceClaimName as string, p, 'resourceClaimName', errs);
    if (hasTemplate) subdomainName(claim.resourceClaimTemplateName as string, p, 'resourceClaimTemplateName', errs);
  });
  return errs;
}

/** validatePodHostNetworkDeps: in a template, hostPort may be 0 (defaulted later) or equal containerPort. */
function validateHostNetworkPorts(spec: JsonObject, path: Path): ErrorList {
  if (spec.hostNetwork !== true) return [];
  const errs: ErrorList = [];
  arr(spec.containers).forEach((c, i) => {
    arr(obj(c).ports).forEach((pt, j) => {
      const port = obj(pt);
      const hostPort = num(port.hostPort) ?? 0;
      const containerPort = num(port.containerPort) ?? 0;
      if (hostPort !== 0 && hostPort !== containerPort) {
        errs.push(
          invalid(path.child('containers').index(i).child('ports').index(j).child('hostPort'), hostPort, 'must match `containerPort` when `hostNetwork` is true'),
        );
      }
    });
  });
  return errs;
}

const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function allContainers(spec: JsonObject, path: Path): Array<{ ctr: JsonObject; path: Path }> {
  const out: Array<{ ctr: JsonObject; path: Path }> = [];
  for (const kind of CONTAINER_KINDS) {
    arr(spec[kind]).forEach((c, i) => out.push({ ctr: obj(c), path: path.child(kind).index(i) }));
  }
  return out;
}

function validateHostUsers(spec: JsonObject, path: Path): ErrorList {
  if (spec.hostUsers !== false) return [];
  const errs: ErrorList = [];
  // The internal type keeps these in securityContext; upstream's paths name them after the Go fields.
  if (spec.hostNetwork === true) errs.push(forbidden(path.child('hostNetwork'), 'when `hostUsers` is false'));
  if (spec.hostPID === true) errs.push(forbidden(path.child('HostPID'), 'when `hostUsers` is false'));
  if (spec.hostIPC === true) errs.push(forbidden(path.child('HostIPC'), 'when `hostUsers` is false'));
  for (const { ctr, path: p } of allContainers(spec, path)) {
    if (arr(ctr.volumeDevices).length > 0) errs.push(forbidden(p.child('volumeDevices'), 'when `hostUsers` is false'));
  }
  return errs;
}

function validateHostnameOverride(spec: JsonObject, path: Path): ErrorList {
  if (typeof spec.hostnameOverride !== 'string') return [];
  const value = spec.hostnameOverride;
  const p = path.child('hostnameOverride');
  const errs: ErrorList = [];
  if (spec.setHostnameAsFQDN === true) errs.push(forbidden(p, 'may not be specified when setHostnameAsFQDN is true'));
  if (spec.hostNetwork === true) errs.push(forbidden(p, 'may not be specified when hostNetwork is true'));
  if (Buffer.byteLength(value, 'utf8') > HOSTNAME_OVERRIDE_MAX) errs.push(tooLong(p, '', HOSTNAME_OVERRIDE_MAX));
  errs.push(...validateDNS1123Subdomain(value, p));
  return errs;
}

function validateOS(spec: JsonObject, path: Path): ErrorList {
  if (!isObject(spec.os)) return [];
  const name = str(spec.os.name);
  if (name.length === 0) return [required(path.child('os', 'name'))];
  if (!OS_NAMES.includes(name)) return [notSupported(path.child('os'), name, OS_NAMES)];
  const errs: ErrorList = [];
  if (name === 'windows') return validateWindows(spec, path);
  if (name === 'linux') {
    if (isObject(spec.securityContext) && isObject(spec.securityContext.windowsOptions)) {
      errs.push(forbidden(path.child('securityContext', 'windowsOptions'), 'windows options cannot be set for a linux pod'));
    }
    for (const { ctr, path: p } of allContainers(spec, path)) {
      if (isObject(obj(ctr.securityContext).windowsOptions)) {
        errs.push(forbidden(p.child('securityContext', 'windowsOptions'), 'windows options cannot be set for a linux pod'));
      }
    }
  }
  return errs;
}

const NOT_FOR_WINDOWS = 'cannot be set for a windows pod';
// validateWindows, in upstream order: [field, where it lives in v1, reported path].
const WINDOWS_POD_FIELDS: ReadonlyArray<[string, 'sc' | 'spec', [string, ...string[]]]> = [
  ['appArmorProfile', 'sc', ['securityContext', 'appArmorProfile']],
  ['seLinuxOptions', 'sc', ['securityContext', 'seLinuxOptions']],
  ['hostUsers', 'spec', ['hostUsers']],
  ['hostPID', 'spec', ['hostPID']],
  ['hostIPC', 'spec', ['hostIPC']],
  ['seccompProfile', 'sc', ['securityContext', 'seccompProfile']],
  ['fsGroup', 'sc', ['securityContext', 'fsGroup']],
  ['fsGroupChangePolicy', 'sc', ['securityContext', 'fsGroupChangePolicy']],
  ['sysctls', 'sc', ['securityContext', 'sysctls']],
  ['shareProcessNamespace', 'spec', ['shareProcessNamespace']],
  ['runAsUser', 'sc', ['securityContext', 'runAsUser']],
  ['runAsGroup', 'sc', ['securityContext', 'runAsGroup']],
  ['supplementalGroups', 'sc', ['securityContext', 'supplementalGroups']],
  ['supplementalGroupsPolicy', 'sc', ['securityContext', 'supplementalGroupsPolicy']],
  ['seLinuxChangePolicy', 'sc', ['securityContext', 'seLinuxChangePolicy']],
];
const WINDOWS_CONTAINER_FIELDS = [
  'appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup',
];

/** Whether a pod-level field counts as set for validateWindows (booleans hostPID/hostIPC only when true, sysctls when non-empty). */
function windowsFieldSet(field: string, v: unknown): boolean {
  if (v == null) return false;
  if (field === 'hostPID' || field === 'hostIPC') return v === true;
  if (field === 'sysctls') return arr(v).length > 0;
  return true;
}

function validateWindows(spec: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const sc = obj(spec.securityContext);
  for (const [field, where, p] of WINDOWS_POD_FIELDS) {
    if (windowsFieldSet(field, (where === 'sc' ? sc : spec)[field])) errs.push(forbidden(path.child(...p), NOT_FOR_WINDOWS));
  }
  for (const { ctr, path: p } of allContainers(spec, path)) {
    if (!isObject(ctr.securityContext)) continue;
    const csc = ctr.securityContext;
    for (const field of WINDOWS_CONTAINER_FIELDS) {
      if (csc[field] != null) errs.push(forbidden(p.child('securityContext', field), NOT_FOR_WINDOWS));
    }
  }
  return errs;
}

/** fileKeyRef env vars must point at an emptyDir volume of the pod. */
function validateFileKeyRefVolumes(spec: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const sources = new Map(arr(spec.volumes).map((v) => [str(obj(v).name), obj(v)]));
  for (const { ctr, path: p } of allContainers(spec, path)) {
    arr(ctr.env).forEach((e, j) => {
      const ref = obj(obj(obj(e).valueFrom).fileKeyRef);
      if (!isObject(obj(obj(e).valueFrom).fileKeyRef)) return;
      const volumeName = str(ref.volumeName);
      const vp = p.child('env').index(j).child('valueFrom', 'fileKeyRef', 'volumeName');
      const source = sources.get(volumeName);
      if (!source) errs.push(notFound(vp, volumeName));
      else if (!isObject(source.emptyDir)) errs.push(invalid(vp, volumeName, 'referenced volume must be of type emptyDir'));
    });
  }
  return errs;
}
