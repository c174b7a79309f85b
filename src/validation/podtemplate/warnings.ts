// Pod template warnings (pkg/api/pod/warnings.go GetWarningsForPodTemplate, 1.36), in upstream order.
import { isIPv4 } from 'node:net';
import type { Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, strings, type JsonObject } from '../meta/json.ts';
import { isLabelValue } from '../names.ts';
import { milliValue, parseQuantity, quantityString } from './quantity.ts';

// A Map, not an object literal: a label key such as `constructor` must not find Object.prototype members.
const DEPRECATED_NODE_LABELS = new Map<string, string>(Object.entries({
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
  'app.kubernetes.io/created-by': 'deprecated since v1.9',
  'scheduler.alpha.kubernetes.io/preferAvoidPods': 'deprecated since v1.22; use Taints and Tolerations instead',
  'node-role.kubernetes.io/master': 'use "node-role.kubernetes.io/control-plane" instead',
}));
const DEPRECATED_ANNOTATIONS: ReadonlyArray<[string, string]> = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];
// [field, warning] for deprecated volume sources; gitRepo's text follows the 1.36 gate (locked off).
const DEPRECATED_VOLUMES: ReadonlyArray<[string, string, string]> = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11, and disabled by default in v1.33+'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_FIELD_HINT = 'non-functional in v1.27+; use the "seccompProfile" field instead';
const NULL_SELECTOR = 'a null labelSelector results in matching no pod';

const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const BYTE_RESOURCES = ['memory', 'ephemeral-storage'] as const;
const RESOURCE_LISTS = ['limits', 'requests'] as const;
const POD_AFFINITY_KINDS = ['podAffinity', 'podAntiAffinity'] as const;

// Paths are only built for a warning that is actually given: most templates give none.
const containerPath = (path: Path, kind: string, index: number): Path => path.child('spec', kind).index(index);
const volumePath = (path: Path, index: number): Path => path.child('spec', 'volumes').index(index);
const constraintPath = (path: Path, index: number): Path => path.child('spec', 'topologySpreadConstraints').index(index);

function hasKeys(o: JsonObject): boolean {
  for (const _ in o) return true;
  return false;
}

/** The template's annotations as map[string]string: a key is there when the object has it. */
class Annotations {
  private readonly map: JsonObject | undefined;
  readonly any: boolean;

  constructor(annotations: unknown) {
    this.map = isObject(annotations) ? annotations : undefined;
    this.any = this.map !== undefined && hasKeys(this.map);
  }

  has(key: string): boolean {
    return this.map !== undefined && Object.hasOwn(this.map, key);
  }

  get(key: string): string {
    return this.has(key) ? str(this.map![key]) : '';
  }
}

/** %q of a Go string, close enough for warning text. */
const q = (s: string): string => JSON.stringify(s);

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Digits alone or with a suffix of 1000 or 1024 and up ("1024", "2G", "512Mi"): whole bytes, no parse needed. */
function isWholeQuantity(value: string): boolean {
  let i = 0;
  while (i < value.length && isDigit(value.charCodeAt(i))) i++;
  if (i === 0) return false;
  switch (value.length - i) {
    case 0:
      return true;
    case 1:
      return 'kMGTPE'.includes(value[i]);
    case 2:
      return value[i + 1] === 'i' && 'KMGTPE'.includes(value[i]);
    default:
      return false;
  }
}

/** The quantity as printed when `list[name]` is a byte quantity with a fraction, else undefined. */
function fractionalByteValue(list: unknown, name: string): string | undefined {
  if (!isObject(list)) return undefined;
  const value = list[name];
  if (value === undefined || (typeof value === 'string' && isWholeQuantity(value))) return undefined;
  const parsed = parseQuantity(value);
  if (!parsed.ok || milliValue(parsed.quantity) % 1000n === 0n) return undefined;
  return quantityString(parsed.quantity);
}

/** A warning for `list[name]` (at `path`) when it is a fractional byte quantity. */
function fractionalBytes(list: unknown, name: string, path: Path, warnings: string[]): void {
  const value = fractionalByteValue(list, name);
  if (value !== undefined) warnings.push(fractionalWarning(path, name, value));
}

const fractionalWarning = (path: Path, name: string, value: string): string =>
  `${path.key(name)}: fractional byte value ${q(value)} is invalid, must be an integer`;

const isWholeOrAbsent = (value: unknown): boolean => value === undefined || (typeof value === 'string' && isWholeQuantity(value));

/** Whether a resource list certainly gives no fractional byte warning (the usual case, checked by name first). */
const wholeBytes = (list: unknown): boolean =>
  !isObject(list) || (isWholeOrAbsent(list.memory) && isWholeOrAbsent(list['ephemeral-storage']));

/** Container resources: memory and ephemeral-storage of limits, then requests, in upstream order. */
function containerFractionalBytes(resources: unknown, path: Path, kind: string, index: number, warnings: string[]): void {
  if (!isObject(resources)) return;
  const { limits, requests } = resources;
  if (wholeBytes(limits) && wholeBytes(requests)) return;
  for (const name of BYTE_RESOURCES) {
    for (const list of RESOURCE_LISTS) {
      const value = fractionalByteValue(list === 'limits' ? limits : requests, name);
      if (value !== undefined) warnings.push(fractionalWarning(containerPath(path, kind, index).child('resources', list), name, value));
    }
  }
}

/** The AppArmorProfile a legacy annotation value stands for, as JSON for comparison, or undefined. */
function apparmorFieldForAnnotation(annotation: string): string | undefined {
  if (annotation === 'unconfined') return JSON.stringify({ type: 'Unconfined' });
  if (annotation === 'runtime/default') return JSON.stringify({ type: 'RuntimeDefault' });
  if (annotation.startsWith('localhost/') && annotation.length > 'localhost/'.length) {
    return JSON.stringify({ type: 'Localhost', localhostProfile: annotation.slice('localhost/'.length) });
  }
  return undefined;
}

function apparmorProfileKey(profile: JsonObject): string {
  const key: JsonObject = { type: str(profile.type) };
  if (typeof profile.localhostProfile === 'string') key.localhostProfile = profile.localhostProfile;
  return JSON.stringify(key);
}

/** netutils.ParseIPSloppy(...).String() for the non-standard forms GetWarningsForIP reports. */
function nonStandardIP(value: string): string | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4 && v4.slice(1).every((o) => Number(o) <= 255) && !isIPv4(value)) return v4.slice(1).map(Number).join('.');
  const mapped = /^::ffff:((\d{1,3}\.){3}\d{1,3})$/i.exec(value);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  return undefined;
}

const ipWarning = (value: string, standard: string, path: Path): string =>
  `${path}: non-standard IP address ${q(value)} is invalid: use ${q(standard)}`;

export function podTemplateWarnings(template: unknown, path: Path, oldTemplate?: unknown): string[] {
  // The old template only matters upstream for gates this port fixes at their 1.36 defaults.
  void oldTemplate;
  const t = obj(template);
  const spec = obj(t.spec);
  const annotations = new Annotations(obj(t.metadata).annotations);
  const warnings: string[] = [];

  if (isObject(spec.nodeSelector)) {
    for (const k of Object.keys(spec.nodeSelector)) {
      const msg = DEPRECATED_NODE_LABELS.get(k);
      if (msg !== undefined) warnings.push(`${path.child('spec', 'nodeSelector').key(k)}: ${msg}`);
    }
  }
  const affinity = obj(spec.affinity);
  if (isObject(affinity.nodeAffinity)) nodeAffinityWarnings(affinity.nodeAffinity, path, warnings);
  const constraints = arr(spec.topologySpreadConstraints);
  for (let i = 0; i < constraints.length; i++) {
    const constraint = obj(constraints[i]);
    const key = str(constraint.topologyKey);
    const msg = DEPRECATED_NODE_LABELS.get(key);
    if (msg !== undefined) warnings.push(`${constraintPath(path, i).child('topologyKey')}: ${key} is ${msg}`);
    if (!isObject(constraint.labelSelector)) warnings.push(`${constraintPath(path, i).child('labelSelector')}: ${NULL_SELECTOR}`);
  }
  if (annotations.any) {
    for (const [key, message] of DEPRECATED_ANNOTATIONS) {
      if (annotations.has(key)) warnings.push(`${path.child('metadata', 'annotations').key(key)}: ${message}`);
    }
  }
  if (Array.isArray(spec.volumes)) {
    for (let i = 0; i < spec.volumes.length; i++) volumeWarnings(obj(spec.volumes[i]), path, i, warnings);
    overlappingPathWarnings(spec.volumes, warnings);
  }
  const aliases = arr(spec.hostAliases);
  if (aliases.length > 1) {
    const seen = new Set<string>();
    for (let i = 0; i < aliases.length; i++) {
      const ip = str(obj(aliases[i]).ip);
      if (seen.has(ip)) warnings.push(`${path.child('spec', 'hostAliases').index(i).child('ip')}: duplicate ip ${q(ip)}`);
      else seen.add(ip);
    }
  }
  const pullSecrets = arr(spec.imagePullSecrets);
  if (pullSecrets.length > 0) pullSecretWarnings(pullSecrets, path, warnings);
  if (isObject(spec.overhead)) {
    fractionalBytes(spec.overhead, 'memory', path.child('spec', 'overhead'), warnings);
    fractionalBytes(spec.overhead, 'ephemeral-storage', path.child('spec', 'overhead'), warnings);
  }
  const podSC = obj(spec.securityContext);
  if (!isObject(podSC.seccompProfile) && annotations.has(SECCOMP_POD)) {
    warnings.push(`${path.child('metadata', 'annotations').key(SECCOMP_POD)}: ${SECCOMP_FIELD_HINT}`);
  }
  const podAppArmor = isObject(podSC.appArmorProfile) ? apparmorProfileKey(podSC.appArmorProfile) : undefined;
  let anyPorts = false;
  for (const kind of CONTAINER_KINDS) {
    const list = arr(spec[kind]);
    for (let i = 0; i < list.length; i++) {
      const ctr = obj(list[i]);
      if (annotations.any) containerAnnotationWarnings(ctr, annotations, podAppArmor, path, warnings);
      containerFractionalBytes(ctr.resources, path, kind, i, warnings);
      envHidingWarnings(ctr.env, path, kind, i, warnings);
      if (Array.isArray(ctr.ports) && ctr.ports.length > 0) anyPorts = true;
    }
  }
  if (anyPorts) portWarnings(spec, path, warnings);
  const tgps = num(spec.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps < 0) {
    warnings.push(`${path.child('spec', 'terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  for (const kind of POD_AFFINITY_KINDS) {
    if (isObject(affinity[kind])) podAffinityWarnings(affinity[kind], path.child('spec', 'affinity', kind), warnings);
  }
  const nameservers = obj(spec.dnsConfig).nameservers;
  if (Array.isArray(nameservers)) {
    for (let i = 0; i < nameservers.length; i++) {
      const ns = str(nameservers[i]);
      const standard = nonStandardIP(ns);
      if (standard !== undefined) warnings.push(ipWarning(ns, standard, path.child('spec', 'dnsConfig', 'nameservers').index(i)));
    }
  }
  for (let i = 0; i < aliases.length; i++) {
    const ip = str(obj(aliases[i]).ip);
    const standard = nonStandardIP(ip);
    if (standard !== undefined) warnings.push(ipWarning(ip, standard, path.child('spec', 'hostAliases').index(i).child('ip')));
  }
  return warnings;
}

function nodeAffinityWarnings(nodeAffinity: JsonObject, path: Path, warnings: string[]): void {
  const affinityPath = path.child('spec', 'affinity', 'nodeAffinity');
  if (isObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)) {
    const termsPath = affinityPath.child('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    const terms = arr(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms);
    for (let i = 0; i < terms.length; i++) nodeSelectorTermWarnings(obj(terms[i]), false, termsPath.index(i), warnings);
  }
  const preferred = arr(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < preferred.length; i++) {
    const termPath = affinityPath.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('preference');
    nodeSelectorTermWarnings(obj(obj(preferred[i]).preference), true, termPath, warnings);
  }
}

const DEPRECATED_VOLUME_KEYS = new Set(DEPRECATED_VOLUMES.map(([key]) => key));

/** Whether a volume can warn at all, from its own few keys: probing all nine sources costs more. */
function volumeMayWarn(vol: JsonObject): boolean {
  for (const key in vol) if (key === 'ephemeral' || DEPRECATED_VOLUME_KEYS.has(key)) return true;
  return false;
}

function volumeWarnings(vol: JsonObject, path: Path, index: number, warnings: string[]): void {
  if (!volumeMayWarn(vol)) return;
  // Upstream order: photon, gitRepo, scaleIO, flocker, storageOS, quobyte, glusterfs, ephemeral claim spec, cephfs, rbd.
  for (const [key, pathName, message] of DEPRECATED_VOLUMES) {
    if (key === 'cephfs') claimTemplateWarnings(vol, path, index, warnings);
    if (isObject(vol[key])) warnings.push(`${volumePath(path, index).child(pathName)}: ${message}`);
  }
}

function pullSecretWarnings(pullSecrets: readonly unknown[], path: Path, warnings: string[]): void {
  const namePath = (i: number): Path => path.child('spec', 'imagePullSecrets').index(i).child('name');
  if (pullSecrets.length > 1) {
    const seen = new Set<string>();
    for (let i = 0; i < pullSecrets.length; i++) {
      const name = str(obj(pullSecrets[i]).name);
      if (seen.has(name)) warnings.push(`${namePath(i)}: duplicate name ${q(name)}`);
      else seen.add(name);
    }
  }
  for (let i = 0; i < pullSecrets.length; i++) {
    const name = str(obj(pullSecrets[i]).name);
    if (name.length === 0) warnings.push(`${namePath(i)}: invalid empty name ${q(name)}`);
  }
}

/** The legacy seccomp and AppArmor annotations for one container. */
function containerAnnotationWarnings(ctr: JsonObject, annotations: Annotations, podAppArmor: string | undefined, path: Path, warnings: string[]): void {
  const annotationsPath = path.child('metadata', 'annotations');
  const sc = obj(ctr.securityContext);
  const name = str(ctr.name);
  if (!isObject(sc.seccompProfile) && annotations.has(SECCOMP_CONTAINER_PREFIX + name)) {
    warnings.push(`${annotationsPath.key(SECCOMP_CONTAINER_PREFIX + name)}: ${SECCOMP_FIELD_HINT}`);
  }
  const apparmorKey = APPARMOR_CONTAINER_PREFIX + name;
  if (!isObject(sc.appArmorProfile) && annotations.has(apparmorKey)) {
    const fromAnnotation = apparmorFieldForAnnotation(annotations.get(apparmorKey));
    if (podAppArmor === undefined || podAppArmor !== fromAnnotation) {
      warnings.push(`${annotationsPath.key(apparmorKey)}: deprecated since v1.30; use the "appArmorProfile" field instead`);
    }
  }
}

function podAffinityWarnings(pa: JsonObject, p: Path, warnings: string[]): void {
  const required = arr(pa.requiredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < required.length; i++) {
    if (!isObject(obj(required[i]).labelSelector)) {
      warnings.push(`${p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i).child('labelSelector')}: ${NULL_SELECTOR}`);
    }
  }
  const preferred = arr(pa.preferredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < preferred.length; i++) {
    if (!isObject(obj(obj(preferred[i]).podAffinityTerm).labelSelector)) {
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('podAffinityTerm', 'labelSelector');
      warnings.push(`${tp}: ${NULL_SELECTOR}`);
    }
  }
}

/** GetWarningsForPersistentVolumeClaimSpec for a generic ephemeral volume's claim template. */
function claimTemplateWarnings(vol: JsonObject, path: Path, index: number, warnings: string[]): void {
  const template = obj(vol.ephemeral).volumeClaimTemplate;
  if (!isObject(template)) return;
  const p = volumePath(path, index).child('ephemeral', 'volumeClaimTemplate', 'spec', 'resources');
  const resources = obj(obj(template.spec).resources);
  fractionalBytes(resources.requests, 'storage', p.child('requests'), warnings);
  fractionalBytes(resources.limits, 'storage', p.child('limits'), warnings);
}

function nodeSelectorTermWarnings(term: JsonObject, checkLabelValue: boolean, path: Path, warnings: string[]): void {
  const expressions = arr(term.matchExpressions);
  for (let i = 0; i < expressions.length; i++) {
    const expr = obj(expressions[i]);
    const key = str(expr.key);
    const msg = DEPRECATED_NODE_LABELS.get(key);
    const p = path.child('matchExpressions').index(i);
    if (msg !== undefined) warnings.push(`${p.child('key')}: ${key} is ${msg}`);
    if (checkLabelValue) {
      strings(expr.values).forEach((value, vi) => {
        for (const m of isLabelValue(value)) warnings.push(`${p.child('values').index(vi)}: ${value} is invalid, ${m}`);
      });
    }
  }
}

/**
 * Whether two entries share a name. The usual list is short, its names distinct, and their last
 * characters mostly too: a 32-bit set of last characters seen rules out most pairs without comparing.
 */
function hasRepeatedName(list: readonly unknown[]): boolean {
  if (list.length > 32) return true;
  let lastChars = 0;
  for (let i = 0; i < list.length; i++) {
    const name = str(obj(list[i]).name);
    const bit = 1 << (name.length === 0 ? 0 : name.charCodeAt(name.length - 1) & 31);
    if ((lastChars & bit) !== 0) {
      for (let j = 0; j < i; j++) if (str(obj(list[j]).name) === name) return true;
    }
    lastChars |= bit;
  }
  return false;
}

function envHidingWarnings(env: unknown, path: Path, kind: string, index: number, warnings: string[]): void {
  const list = arr(env);
  if (list.length <= 1 || !hasRepeatedName(list)) return;
  const envPath = containerPath(path, kind, index).child('env');
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const item = obj(list[i]);
    const name = str(item.name);
    const before = seen.size;
    seen.add(name);
    if (seen.size !== before) continue;
    const ref = `$(${name})`;
    const value = str(item.value);
    if (isObject(item.valueFrom) || value === ref || !value.includes(ref)) {
      warnings.push(`${envPath.index(i)}: hides previous definition of ${q(name)}, which may be dropped when using apply`);
    }
  }
}

interface PortBlock {
  path: Path;
  hostIP: string;
  hostPort: number;
}

/** Go's %+v of the internal ContainerPort. */
const portString = (p: JsonObject): string =>
  `{Name:${str(p.name)} HostPort:${num(p.hostPort) ?? 0} ContainerPort:${num(p.containerPort) ?? 0} Protocol:${str(p.protocol)} HostIP:${str(p.hostIP)}}`;

/** Port warnings for a spec where some container has ports. */
function portWarnings(spec: JsonObject, path: Path, warnings: string[]): void {
  const byPort = new Map<string, PortBlock[]>();
  // The name warnings come after all the others, in the same order: the named ports are kept for them.
  const named: { name: string; path: Path }[] = [];
  for (const kind of CONTAINER_KINDS) {
    const containers = arr(spec[kind]);
    for (let ci = 0; ci < containers.length; ci++) {
      const ports = arr(obj(containers[ci]).ports);
      for (let i = 0; i < ports.length; i++) {
        const port = obj(ports[i]);
        const p = containerPath(path, kind, ci).child('ports').index(i);
        const name = str(port.name);
        if (name !== '') named.push({ name, path: p });
        const hostIP = str(port.hostIP);
        const hostPort = num(port.hostPort) ?? 0;
        if (hostIP !== '' && hostPort === 0) warnings.push(`${p}: hostIP set without hostPort: ${portString(port)}`);
        const key = `${num(port.containerPort) ?? 0}/${str(port.protocol)}`;
        const others = byPort.get(key);
        const block = { path: p, hostIP, hostPort };
        if (!others) {
          byPort.set(key, [block]);
          continue;
        }
        for (const other of others) {
          if (hostIP === other.hostIP && hostPort === other.hostPort) {
            warnings.push(`${p}: duplicate port definition with ${other.path}`);
          } else if (hostPort === 0 || other.hostPort === 0) {
            warnings.push(`${p}: overlapping port definition with ${other.path}`);
          } else if (hostPort === other.hostPort && (hostIP === '') !== (other.hostIP === '')) {
            warnings.push(`${p}: dangerously ambiguous port definition with ${other.path}`);
          }
        }
        others.push(block);
      }
    }
  }
  const names = new Map<string, Path>();
  for (const { name, path: p } of named) {
    const other = names.get(name);
    if (other) {
      warnings.push(`${p}: duplicate port name ${q(name)} with ${other}, services and probes that select ports by name will use ${other}`);
    } else {
      names.set(name, p);
    }
  }
}

interface PathAndSource {
  path: string;
  source: string;
}

const psString = (ps: PathAndSource): string => (ps.source !== '' ? `${q(ps.path)} (${ps.source})` : q(ps.path));

function checkForOverlap(haystack: readonly PathAndSource[], needle: PathAndSource): PathAndSource[] {
  if (needle.path === '') return [];
  return haystack.filter(
    (item) =>
      item.path !== '' &&
      ((item.path === needle.path && item.source === needle.source) ||
        (item.path + '/').startsWith(needle.path + '/') ||
        (needle.path + '/').startsWith(item.path + '/')),
  );
}

const trimSlashes = (p: string): string => p.replace(/\/+$/, '');

function mappingOverlaps(paths: PathAndSource[]): string[] {
  const warnings: string[] = [];
  const all: PathAndSource[] = [];
  for (const raw of paths) {
    const ps = { ...raw, path: trimSlashes(raw.path) };
    for (const c of checkForOverlap(all, ps)) warnings.push(`${psString(ps)} with ${psString(c)}`);
    all.push(ps);
  }
  return warnings;
}

const itemPaths = (items: unknown, source: string): PathAndSource[] => arr(items).map((it) => ({ path: str(obj(it).path), source }));

const overlapWarning = (name: string, desc: string, body: string): string => `volume ${q(name)} (${desc}): overlapping paths: ${body}`;

function overlappingPathWarnings(volumes: readonly unknown[], warnings: string[]): void {
  for (const v of volumes) {
    const vol = obj(v);
    const name = str(vol.name);
    if (isObject(vol.configMap) && Array.isArray(vol.configMap.items)) {
      const desc = `ConfigMap ${q(str(vol.configMap.name))}`;
      for (const o of mappingOverlaps(itemPaths(vol.configMap.items, ''))) warnings.push(overlapWarning(name, desc, o));
    }
    if (isObject(vol.secret) && Array.isArray(vol.secret.items)) {
      const desc = `Secret ${q(str(vol.secret.secretName))}`;
      for (const o of mappingOverlaps(itemPaths(vol.secret.items, ''))) warnings.push(overlapWarning(name, desc, o));
    }
    if (isObject(vol.downwardAPI) && Array.isArray(vol.downwardAPI.items)) {
      for (const o of mappingOverlaps(itemPaths(vol.downwardAPI.items, ''))) warnings.push(overlapWarning(name, 'DownwardAPI', o));
    }
    if (isObject(vol.projected)) projectedOverlaps(name, vol.projected, warnings);
  }
}

function projectedOverlaps(name: string, projected: JsonObject, warnings: string[]): void {
  const all: PathAndSource[] = [];
  for (const s of arr(projected.sources)) {
    const source = obj(s);
    if (!Object.values(source).some((x) => x != null)) {
      warnings.push(`volume ${q(name)} (Projected) has no sources provided`);
      continue;
    }
    let paths: PathAndSource[] = [];
    const cm = obj(source.configMap);
    const secret = obj(source.secret);
    const dapi = obj(source.downwardAPI);
    if (isObject(source.configMap) && Array.isArray(cm.items)) paths = itemPaths(cm.items, `ConfigMap ${q(str(cm.name))}`);
    else if (isObject(source.secret) && Array.isArray(secret.items)) paths = itemPaths(secret.items, `Secret ${q(str(secret.name))}`);
    else if (isObject(source.downwardAPI) && Array.isArray(dapi.items)) paths = itemPaths(dapi.items, 'DownwardAPI');
    else if (isObject(source.serviceAccountToken)) paths = [{ path: str(source.serviceAccountToken.path), source: 'ServiceAccountToken' }];
    else if (isObject(source.clusterTrustBundle)) {
      const ctb = source.clusterTrustBundle;
      const bundle = typeof ctb.name === 'string' ? ctb.name : str(ctb.signerName);
      paths = [{ path: str(ctb.path), source: `ClusterTrustBundle ${q(bundle)}` }];
    } else if (isObject(source.podCertificate)) {
      const pc = source.podCertificate;
      if (str(pc.certificateChainPath) !== '') paths.push({ path: str(pc.certificateChainPath), source: 'PodCertificate chain' });
      if (str(pc.keyPath) !== '') paths.push({ path: str(pc.keyPath), source: 'PodCertificate key' });
      if (str(pc.credentialBundlePath) !== '') paths.push({ path: str(pc.credentialBundlePath), source: 'PodCertificate credential bundle' });
    }
    for (const raw of paths) {
      const ps = { ...raw, path: trimSlashes(raw.path) };
      for (const c of checkForOverlap(all, ps)) warnings.push(overlapWarning(name, 'Projected', `${psString(ps)} with ${psString(c)}`));
      all.push(ps);
    }
  }
}
