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

interface Visited {
  ctr: JsonObject;
  kind: string;
  index: number;
}

const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function visitContainers(spec: JsonObject): Visited[] {
  const out: Visited[] = [];
  for (const kind of CONTAINER_KINDS) {
    const list = arr(spec[kind]);
    for (let i = 0; i < list.length; i++) out.push({ ctr: obj(list[i]), kind, index: i });
  }
  return out;
}

// Paths are only built for a warning that is actually given: most templates give none.
const containerPath = (specPath: Path, v: Visited): Path => specPath.child(v.kind).index(v.index);

/** The template's annotations as map[string]string: a key is there when the object has it. */
class Annotations {
  private readonly map: JsonObject | undefined;
  readonly any: boolean;

  constructor(annotations: unknown) {
    this.map = isObject(annotations) ? annotations : undefined;
    this.any = this.map !== undefined && Object.keys(this.map).length > 0;
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

/** The quantity as printed when `list[name]` is a byte quantity with a fraction, else undefined. */
function fractionalByteValue(list: unknown, name: string): string | undefined {
  if (!isObject(list)) return undefined;
  const value = list[name];
  if (value === undefined) return undefined;
  const parsed = parseQuantity(value);
  if (!parsed.ok || milliValue(parsed.quantity) % 1000n === 0n) return undefined;
  return quantityString(parsed.quantity);
}

function fractionalBytes(list: unknown, name: string, path: Path): string[] {
  const value = fractionalByteValue(list, name);
  return value === undefined ? [] : [fractionalWarning(path, name, value)];
}

const fractionalWarning = (path: Path, name: string, value: string): string =>
  `${path.key(name)}: fractional byte value ${q(value)} is invalid, must be an integer`;

/** Container resources: memory and ephemeral-storage of limits, then requests, in upstream order. */
function containerFractionalBytes(resources: unknown, path: () => Path, warnings: string[]): void {
  if (!isObject(resources)) return;
  for (const name of ['memory', 'ephemeral-storage']) {
    for (const list of ['limits', 'requests']) {
      const value = fractionalByteValue(resources[list], name);
      if (value !== undefined) warnings.push(fractionalWarning(path().child('resources', list), name, value));
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

function ipWarnings(value: string, path: Path): string[] {
  const standard = nonStandardIP(value);
  return standard === undefined ? [] : [`${path}: non-standard IP address ${q(value)} is invalid: use ${q(standard)}`];
}

export function podTemplateWarnings(template: unknown, path: Path, oldTemplate?: unknown): string[] {
  // The old template only matters upstream for gates this port fixes at their 1.36 defaults.
  void oldTemplate;
  const t = obj(template);
  const spec = obj(t.spec);
  const annotations = new Annotations(obj(t.metadata).annotations);
  const specPath = path.child('spec');
  const annotationsPath = path.child('metadata', 'annotations');
  const warnings: string[] = [];

  if (isObject(spec.nodeSelector)) {
    for (const k of Object.keys(spec.nodeSelector)) {
      const msg = DEPRECATED_NODE_LABELS.get(k);
      if (msg !== undefined) warnings.push(`${specPath.child('nodeSelector').key(k)}: ${msg}`);
    }
  }
  const nodeAffinity = obj(obj(spec.affinity).nodeAffinity);
  if (isObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)) {
    const termsPath = specPath.child('affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    arr(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).forEach((term, i) => {
      warnings.push(...nodeSelectorTermWarnings(obj(term), false, termsPath.index(i)));
    });
  }
  arr(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
    const preferredPath = specPath.child('affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution');
    warnings.push(...nodeSelectorTermWarnings(obj(obj(term).preference), true, preferredPath.index(i).child('preference')));
  });
  arr(spec.topologySpreadConstraints).forEach((c, i) => {
    const constraint = obj(c);
    const p = specPath.child('topologySpreadConstraints').index(i);
    const key = str(constraint.topologyKey);
    const msg = DEPRECATED_NODE_LABELS.get(key);
    if (msg !== undefined) warnings.push(`${p.child('topologyKey')}: ${key} is ${msg}`);
    if (!isObject(constraint.labelSelector)) warnings.push(`${p.child('labelSelector')}: ${NULL_SELECTOR}`);
  });
  if (annotations.any) {
    for (const [key, message] of DEPRECATED_ANNOTATIONS) {
      if (annotations.has(key)) warnings.push(`${annotationsPath.key(key)}: ${message}`);
    }
  }
  arr(spec.volumes).forEach((v, i) => {
    const vol = obj(v);
    const vp = specPath.child('volumes').index(i);
    // Upstream order: photon, gitRepo, scaleIO, flocker, storageOS, quobyte, glusterfs, ephemeral claim spec, cephfs, rbd.
    for (const [key, pathName, message] of DEPRECATED_VOLUMES) {
      if (key === 'cephfs') warnings.push(...claimTemplateWarnings(vol, vp));
      if (isObject(vol[key])) warnings.push(`${vp.child(pathName)}: ${message}`);
    }
  });
  if (Array.isArray(spec.volumes)) warnings.push(...overlappingPathWarnings(spec.volumes));
  const aliases = arr(spec.hostAliases);
  if (aliases.length > 1) {
    const seen = new Set<string>();
    aliases.forEach((a, i) => {
      const ip = str(obj(a).ip);
      if (seen.has(ip)) warnings.push(`${specPath.child('hostAliases').index(i).child('ip')}: duplicate ip ${q(ip)}`);
      else seen.add(ip);
    });
  }
  const pullSecrets = arr(spec.imagePullSecrets);
  if (pullSecrets.length > 1) {
    const seen = new Set<string>();
    pullSecrets.forEach((s, i) => {
      const name = str(obj(s).name);
      if (seen.has(name)) warnings.push(`${specPath.child('imagePullSecrets').index(i).child('name')}: duplicate name ${q(name)}`);
      else seen.add(name);
    });
  }
  pullSecrets.forEach((s, i) => {
    const name = str(obj(s).name);
    if (name.length === 0) warnings.push(`${specPath.child('imagePullSecrets').index(i).child('name')}: invalid empty name ${q(name)}`);
  });
  if (isObject(spec.overhead)) {
    warnings.push(...fractionalBytes(spec.overhead, 'memory', specPath.child('overhead')));
    warnings.push(...fractionalBytes(spec.overhead, 'ephemeral-storage', specPath.child('overhead')));
  }
  const podSC = obj(spec.securityContext);
  if (!isObject(podSC.seccompProfile) && annotations.has(SECCOMP_POD)) {
    warnings.push(`${annotationsPath.key(SECCOMP_POD)}: ${SECCOMP_FIELD_HINT}`);
  }
  const podAppArmor = isObject(podSC.appArmorProfile) ? apparmorProfileKey(podSC.appArmorProfile) : undefined;
  const containers = visitContainers(spec);
  for (const v of containers) {
    const ctr = v.ctr;
    if (annotations.any) {
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
    containerFractionalBytes(ctr.resources, () => containerPath(specPath, v), warnings);
    envHidingWarnings(ctr.env, () => containerPath(specPath, v).child('env'), warnings);
  }
  warnings.push(...portWarnings(containers, specPath));
  const tgps = num(spec.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps < 0) {
    warnings.push(`${specPath.child('terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`);
  }
  const affinity = obj(spec.affinity);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (!isObject(affinity[kind])) continue;
    const pa = affinity[kind];
    const p = specPath.child('affinity', kind);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (!isObject(obj(term).labelSelector)) {
        warnings.push(`${p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i).child('labelSelector')}: ${NULL_SELECTOR}`);
      }
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (!isObject(obj(obj(term).podAffinityTerm).labelSelector)) {
        const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i).child('podAffinityTerm', 'labelSelector');
        warnings.push(`${tp}: ${NULL_SELECTOR}`);
      }
    });
  }
  strings(obj(spec.dnsConfig).nameservers).forEach((ns, i) => {
    if (nonStandardIP(ns) !== undefined) warnings.push(...ipWarnings(ns, specPath.child('dnsConfig', 'nameservers').index(i)));
  });
  aliases.forEach((a, i) => {
    const ip = str(obj(a).ip);
    if (nonStandardIP(ip) !== undefined) warnings.push(...ipWarnings(ip, specPath.child('hostAliases').index(i).child('ip')));
  });
  return warnings;
}

/** GetWarningsForPersistentVolumeClaimSpec for a generic ephemeral volume's claim template. */
function claimTemplateWarnings(vol: JsonObject, volumePath: Path): string[] {
  const template = obj(vol.ephemeral).volumeClaimTemplate;
  if (!isObject(template)) return [];
  const p = volumePath.child('ephemeral', 'volumeClaimTemplate', 'spec', 'resources');
  const resources = obj(obj(template.spec).resources);
  return [
    ...fractionalBytes(resources.requests, 'storage', p.child('requests')),
    ...fractionalBytes(resources.limits, 'storage', p.child('limits')),
  ];
}

function nodeSelectorTermWarnings(term: JsonObject, checkLabelValue: boolean, path: Path): string[] {
  const warnings: string[] = [];
  arr(term.matchExpressions).forEach((e, i) => {
    const expr = obj(e);
    const key = str(expr.key);
    const msg = DEPRECATED_NODE_LABELS.get(key);
    const p = path.child('matchExpressions').index(i);
    if (msg !== undefined) warnings.push(`${p.child('key')}: ${key} is ${msg}`);
    if (checkLabelValue) {
      strings(expr.values).forEach((value, vi) => {
        for (const m of isLabelValue(value)) warnings.push(`${p.child('values').index(vi)}: ${value} is invalid, ${m}`);
      });
    }
  });
  return warnings;
}

/** Whether two entries share a name; for the usual short list a pairwise scan is cheaper than a set. */
function hasRepeatedName(list: readonly unknown[]): boolean {
  if (list.length > 32) return true;
  for (let i = 1; i < list.length; i++) {
    const name = str(obj(list[i]).name);
    for (let j = 0; j < i; j++) if (str(obj(list[j]).name) === name) return true;
  }
  return false;
}

function envHidingWarnings(env: unknown, envPath: () => Path, warnings: string[]): void {
  const list = arr(env);
  if (list.length <= 1 || !hasRepeatedName(list)) return;
  const path = envPath();
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
      warnings.push(`${path.index(i)}: hides previous definition of ${q(name)}, which may be dropped when using apply`);
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

function portWarnings(containers: readonly Visited[], specPath: Path): string[] {
  const warnings: string[] = [];
  if (!containers.some((v) => Array.isArray(v.ctr.ports) && v.ctr.ports.length > 0)) return warnings;
  const byPort = new Map<string, PortBlock[]>();
  for (const v of containers) {
    const { ctr } = v;
    const path = containerPath(specPath, v);
    arr(ctr.ports).forEach((pt, i) => {
      const port = obj(pt);
      const p = path.child('ports').index(i);
      const hostIP = str(port.hostIP);
      const hostPort = num(port.hostPort) ?? 0;
      if (hostIP !== '' && hostPort === 0) warnings.push(`${p}: hostIP set without hostPort: ${portString(port)}`);
      const key = `${num(port.containerPort) ?? 0}/${str(port.protocol)}`;
      const others = byPort.get(key);
      const block = { path: p, hostIP, hostPort };
      if (!others) {
        byPort.set(key, [block]);
        return;
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
    });
  }
  const names = new Map<string, Path>();
  for (const v of containers) {
    const { ctr } = v;
    const path = containerPath(specPath, v);
    arr(ctr.ports).forEach((pt, i) => {
      const name = str(obj(pt).name);
      if (name === '') return;
      const p = path.child('ports').index(i);
      const other = names.get(name);
      if (other) {
        warnings.push(`${p}: duplicate port name ${q(name)} with ${other}, services and probes that select ports by name will use ${other}`);
      } else {
        names.set(name, p);
      }
    });
  }
  return warnings;
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

function overlappingPathWarnings(volumes: unknown): string[] {
  const warnings: string[] = [];
  for (const v of arr(volumes)) {
    const vol = obj(v);
    const name = str(vol.name);
    const warn = (desc: string, body: string): string => `volume ${q(name)} (${desc}): overlapping paths: ${body}`;
    if (isObject(vol.configMap) && Array.isArray(vol.configMap.items)) {
      for (const o of mappingOverlaps(itemPaths(vol.configMap.items, ''))) warnings.push(warn(`ConfigMap ${q(str(vol.configMap.name))}`, o));
    }
    if (isObject(vol.secret) && Array.isArray(vol.secret.items)) {
      for (const o of mappingOverlaps(itemPaths(vol.secret.items, ''))) warnings.push(warn(`Secret ${q(str(vol.secret.secretName))}`, o));
    }
    if (isObject(vol.downwardAPI) && Array.isArray(vol.downwardAPI.items)) {
      for (const o of mappingOverlaps(itemPaths(vol.downwardAPI.items, ''))) warnings.push(warn('DownwardAPI', o));
    }
    if (isObject(vol.projected)) warnings.push(...projectedOverlaps(name, vol.projected, warn));
  }
  return warnings;
}

function projectedOverlaps(name: string, projected: JsonObject, warn: (desc: string, body: string) => string): string[] {
  const warnings: string[] = [];
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
      for (const c of checkForOverlap(all, ps)) warnings.push(warn('Projected', `${psString(ps)} with ${psString(c)}`));
      all.push(ps);
    }
  }
  return warnings;
}
