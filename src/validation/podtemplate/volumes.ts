// Pod volumes and container volumeMounts/volumeDevices (ValidateVolumes, validateVolumeSource,
// ValidateVolumeMounts, ValidateVolumeDevices). In-tree driver sources live in legacyvolumes.ts.
import { duplicate, forbidden, invalid, notFound, notSupported, required, tooLong, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, type JsonObject } from '../meta/json.ts';
import { invalidEach, isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../names.ts';
import { nameIsDNSSubdomain } from '../meta/objectmeta.ts';
import { validateObjectFieldSelector, validateResourceFieldSelector, VOLUME_FIELD_PATHS } from './downward.ts';
import { goClusterTrustBundle } from './gostruct.ts';
import * as legacy from './legacyvolumes.ts';
import { validateLocalDescendingPath, validateLocalNonReservedPath, validatePathNoBacksteps } from './paths.ts';
import { parseQuantity, quantityString } from './quantity.ts';
import { TOTAL_ANNOTATION_SIZE_LIMIT_BYTES, validateAnnotations, validateLabels } from '../meta/labels.ts';
import { validateLabelSelector } from '../meta/selector.ts';

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MOUNT_PROPAGATIONS = ['Bidirectional', 'HostToContainer', 'None'];
const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

type SourceCheck = (source: JsonObject, path: Path, allowNonLocalTokenPath: boolean) => ErrorList;

// Upstream order. `path` is the child name used for the "more than 1" error, `validatePath` the one the
// source's own errors use (they differ for gcePersistentDisk and cephfs upstream).
const SOURCES: ReadonlyArray<{ key: string; path: string; validatePath?: string; check?: SourceCheck }> = [
  { key: 'emptyDir', path: 'emptyDir', check: validateEmptyDir },
  { key: 'hostPath', path: 'hostPath', check: validateHostPath },
  { key: 'gitRepo', path: 'gitRepo', check: validateGitRepo },
  { key: 'gcePersistentDisk', path: 'gcePersistentDisk', validatePath: 'persistentDisk', check: legacy.validateGCEPersistentDisk },
  { key: 'awsElasticBlockStore', path: 'awsElasticBlockStore', check: legacy.validateAWSElasticBlockStore },
  { key: 'secret', path: 'secret', check: validateSecret },
  { key: 'nfs', path: 'nfs', check: validateNFS },
  { key: 'iscsi', path: 'iscsi', check: legacy.validateISCSI },
  { key: 'glusterfs', path: 'glusterfs', check: legacy.validateGlusterfs },
  { key: 'flocker', path: 'flocker', check: legacy.validateFlocker },
  { key: 'persistentVolumeClaim', path: 'persistentVolumeClaim', check: validatePVC },
  { key: 'rbd', path: 'rbd', check: legacy.validateRBD },
  { key: 'cinder', path: 'cinder', check: legacy.validateCinder },
  { key: 'cephfs', path: 'cephFS', validatePath: 'cephfs', check: legacy.validateCephFS },
  { key: 'quobyte', path: 'quobyte', check: legacy.validateQuobyte },
  { key: 'downwardAPI', path: 'downwarAPI', validatePath: 'downwardAPI', check: validateDownwardAPI },
  { key: 'fc', path: 'fc', check: legacy.validateFC },
  { key: 'flexVolume', path: 'flexVolume', check: legacy.validateFlex },
  { key: 'configMap', path: 'configMap', check: validateConfigMap },
  { key: 'azureFile', path: 'azureFile', check: legacy.validateAzureFile },
  { key: 'vsphereVolume', path: 'vsphereVolume', check: legacy.validateVsphere },
  { key: 'photonPersistentDisk', path: 'photonPersistentDisk', check: legacy.validatePhoton },
  { key: 'portworxVolume', path: 'portworxVolume', check: legacy.validatePortworx },
  { key: 'azureDisk', path: 'azureDisk', check: legacy.validateAzureDisk },
  { key: 'storageos', path: 'storageos', check: legacy.validateStorageOS },
  { key: 'projected', path: 'projected', check: validateProjected },
  { key: 'scaleIO', path: 'scaleIO', check: legacy.validateScaleIO },
  { key: 'csi', path: 'csi', check: validateCSI },
  { key: 'ephemeral', path: 'ephemeral', check: validateEphemeral },
  { key: 'image', path: 'image', check: validateImage },
];

export interface VolumeInfo {
  /** The source kind of each valid volume, by name. */
  readonly byName: ReadonlyMap<string, string>;
}

export function validateVolumes(volumes: unknown, path: Path, allowNonLocalTokenPath = false): { info: VolumeInfo; errors: ErrorList } {
  const errors: ErrorList = [];
  const byName = new Map<string, string>();
  const list = arr(volumes);
  for (let i = 0; i < list.length; i++) {
    const vol = obj(list[i]);
    const p = path.index(i);
    const name = str(vol.name);
    const before = errors.length;
    const kind = validateVolumeSource(vol, p, allowNonLocalTokenPath, errors);
    if (name.length === 0) errors.push(required(p.child('name')));
    else invalidEach(isDNS1123Label(name), p, name, errors, 'name');
    if (byName.has(name)) errors.push(duplicate(p.child('name'), name));
    // Only volumes without any error can be referenced by mounts.
    if (errors.length === before) byName.set(name, kind);
  }
  return { info: { byName }, errors };
}

const SOURCE_INDEX: ReadonlyMap<string, number> = new Map(SOURCES.map((s, i) => [s.key, i]));

/** The SOURCES indexes of the sources a volume sets, in upstream order (a volume has a few keys, SOURCES 31). */
function presentSources(vol: JsonObject): number[] {
  const found: number[] = [];
  for (const key of Object.keys(vol)) {
    const i = SOURCE_INDEX.get(key);
    if (i !== undefined && isObject(vol[key])) found.push(i);
  }
  return found.length > 1 ? found.sort((x, y) => x - y) : found;
}

/** Pushes the source's errors onto `errors` and returns its kind ('' when it has none). */
function validateVolumeSource(vol: JsonObject, path: Path, allowNonLocalTokenPath: boolean, errors: ErrorList): string {
  let kind = '';
  for (const i of presentSources(vol)) {
    const s = SOURCES[i];
    if (kind !== '') {
      errors.push(forbidden(path.child(s.path), 'may not specify more than 1 volume type'));
    } else {
      kind = s.key;
      if (s.check) errors.push(...s.check(vol[s.key] as JsonObject, path.child(s.validatePath ?? s.path), allowNonLocalTokenPath));
    }
    // Upstream checks the iSCSI name length right after the iscsi source, counted or not (it needs one).
    if (s.key === 'iscsi') errors.push(...legacy.validateISCSIName(vol, path));
  }
  if (kind === '') errors.push(required(path, 'must specify a volume type'));
  return kind;
}

function validateFileMode(mode: unknown, path: Path): ErrorList {
  const m = num(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [invalid(path, m, FILE_MODE_MSG)] : [];
}

function validateEmptyDir(source: JsonObject, path: Path): ErrorList {
  if (source.sizeLimit == null) return [];
  const q = parseQuantity(source.sizeLimit);
  if (!q.ok) return [invalid(path.child('sizeLimit'), source.sizeLimit, q.message)];
  return q.quantity.nanos < 0n ? [forbidden(path.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
}

function validateHostPath(source: JsonObject, path: Path): ErrorList {
  const hostPath = str(source.path);
  if (hostPath.length === 0) return [required(path.child('path'))];
  const errs = validatePathNoBacksteps(hostPath, path.child('path'));
  if (typeof source.type === 'string' && !HOST_PATH_TYPES.includes(source.type)) {
    errs.push(notSupported(path.child('type'), source.type, HOST_PATH_TYPES));
  }
  return errs;
}

function validateGitRepo(source: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (str(source.repository).length === 0) errs.push(required(path.child('repository')));
  errs.push(...validateLocalDescendingPath(str(source.directory), path.child('directory')));
  return errs;
}

function validateKeyToPaths(items: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  arr(items).forEach((it, i) => {
    const kp = obj(it);
    const p = path.index(i);
    if (str(kp.key).length === 0) errs.push(required(p.child('key')));
    const itemPath = str(kp.path);
    if (itemPath.length === 0) errs.push(required(p.child('path')));
    errs.push(...validateLocalNonReservedPath(itemPath, p.child('path')));
    errs.push(...validateFileMode(kp.mode, p.child('mode')));
  });
  return errs;
}

function validateSecret(source: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (str(source.secretName).length === 0) errs.push(required(path.child('secretName')));
  errs.push(...validateFileMode(source.defaultMode, path.child('defaultMode')));
  errs.push(...validateKeyToPaths(source.items, path.child('items')));
  return errs;
}

function validateConfigMap(source: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (str(source.name).length === 0) errs.push(required(path.child('name')));
  errs.push(...validateFileMode(source.defaultMode, path.child('defaultMode')));
  errs.push(...validateKeyToPaths(source.items, path.child('items')));
  return errs;
}

function validateNFS(source: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (str(source.server).length === 0) errs.push(required(path.child('server')));
  const nfsPath = str(source.path);
  if (nfsPath.length === 0) errs.push(required(path.child('path')));
  if (!nfsPath.startsWith('/')) errs.push(invalid(path.child('path'), nfsPath, 'must be an absolute path'));
  return errs;
}

function validatePVC(source: JsonObject, path: Path): ErrorList {
  return str(source.claimName).length === 0 ? [required(path.child('claimName'))] : [];
}

function validateDownwardAPI(source: JsonObject, path: Path): ErrorList {
  const errs = validateFileMode(source.defaultMode, path.child('defaultMode'));
  for (const file of arr(source.items)) errs.push(...validateDownwardAPIFile(obj(file), path));
  return errs;
}

/** validateDownwardAPIVolumeFile: upstream checks every item against the source's own path, without an index. */
function validateDownwardAPIFile(file: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const filePath = str(file.path);
  if (filePath.length === 0) errs.push(required(path.child('path')));
  errs.push(...validateLocalNonReservedPath(filePath, path.child('path')));
  if (isObject(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, path.child('fieldRef')));
    if (isObject(file.resourceFieldRef)) {
      errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    }
  } else if (isObject(file.resourceFieldRef)) {
    errs.push(...validateResourceFieldSelector(file.resourceFieldRef, path.child('resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateFileMode(file.mode, path.child('mode')));
  return errs;
}

const SIGNER_DOMAIN_MAX = 253;
const SIGNER_NAME_MAX = 253 + (253 + 63 + 1) + 1;

/** ValidateSignerName: `example.com/signer-name`, domain labels and path subdomains. */
function validateSignerName(signerName: string, path: Path): ErrorList {
  if (signerName.length === 0) return [required(path)];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const [domain, rest] = segments;
  const errs: ErrorList = [];
  if (Buffer.byteLength(domain, 'utf8') > SIGNER_DOMAIN_MAX) errs.push(tooLong(path, '', SIGNER_DOMAIN_MAX));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    if (msgs.length === 0) continue;
    for (const msg of msgs) errs.push(invalid(path, domain, `validating label ${JSON.stringify(label)}: ${msg}`));
    break;
  }
  if (domainLabels.length < 2) errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const label of rest.split('.')) {
    const msgs = isDNS1123Subdomain(label);
    if (msgs.length === 0) continue;
    for (const msg of msgs) errs.push(invalid(path, rest, `validating label ${JSON.stringify(label)}: ${msg}`));
    break;
  }
  if (Buffer.byteLength(signerName, 'utf8') > SIGNER_NAME_MAX) errs.push(tooLong(path, '', SIGNER_NAME_MAX));
  return errs;
}

const MAX_EXPIRATION = 91 * 24 * 60 * 60;
const KUBERNETES_MAX_EXPIRATION = 24 * 60 * 60;

/** ValidateClusterTrustBundleName, with the signer name recovered from a `signer:...:name` form. */
function clusterTrustBundleNameErrors(name: string): readonly string[] {
  const split = name.lastIndexOf(':');
  if (split === -1) return nameIsDNSSubdomain(name, false);
  const signer = name.slice(0, split).replaceAll(':', '/');
  const prefix = signer.replaceAll('/', ':') + ':';
  if (!name.startsWith(prefix)) return [`ClusterTrustBundle for signerName ${signer} must be named with prefix ${prefix}`];
  return nameIsDNSSubdomain(name.slice(prefix.length), false);
}

/** ValidateUserAnnotations: domain-prefixed keys (case-insensitive) and the 256 KiB total. */
function validateUserAnnotations(annotations: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  let total = 0;
  for (const [key, value] of Object.entries(obj(annotations))) {
    const k = key.toLowerCase();
    total += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(str(value), 'utf8');
    if (k.length === 0) {
      errs.push(required(path));
      continue;
    }
    const msgs = isQualifiedName(k);
    for (const msg of msgs) errs.push(invalid(path, k, msg));
    if (msgs.length === 0 && k.split('/').length !== 2) errs.push(invalid(path, k, 'must be a domain-prefixed key (such as "acme.io/foo")'));
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

const POD_CERTIFICATE_KEY_TYPES = ['RSA3072', 'RSA4096', 'ECDSAP256', 'ECDSAP384', 'ECDSAP521', 'ED25519'];
const MIN_TOKEN_SECONDS = 10 * 60;
const MAX_TOKEN_SECONDS = 2 ** 32;

/**
 * validateProjectedVolumeSource / validateProjectionSources. Not ported: ClusterTrustBundle name and
 * signer-name syntax, and the podCertificate signer name, user annotations and expiration bounds.
 */
function validateProjected(source: JsonObject, path: Path, allowNonLocalTokenPath: boolean): ErrorList {
  const errs = validateFileMode(source.defaultMode, path.child('defaultMode'));
  const seen = new Set<string>();
  // A repeated path is reported on the projected source's path with a per-kind bad value.
  const claim = (p: string, badValue: unknown): void => {
    if (seen.has(p)) errs.push(invalid(path, badValue, 'conflicting duplicate paths'));
    else seen.add(p);
  };
  arr(source.sources).forEach((s, i) => {
    const src = obj(s);
    const srcPath = path.child('sources').index(i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isObject(src[kind])) continue;
      count++;
      const ref = src[kind];
      const p = srcPath.child(kind);
      if (str(ref.name).length === 0) errs.push(required(p.child('name')));
      errs.push(...validateKeyToPaths(ref.items, p.child('items')));
      for (const it of arr(ref.items)) {
        const itemPath = str(obj(it).path);
        if (itemPath.length > 0) claim(itemPath, str(ref.name));
      }
    }
    if (isObject(src.downwardAPI)) {
      count++;
      for (const f of arr(src.downwardAPI.items)) {
        const file = obj(f);
        errs.push(...validateDownwardAPIFile(file, srcPath.child('downwardAPI')));
        if (str(file.path).length > 0) claim(str(file.path), str(file.path));
      }
    }
    if (isObject(src.serviceAccountToken)) {
      count++;
      const token = src.serviceAccountToken;
      const p = srcPath.child('serviceAccountToken');
      const seconds = num(token.expirationSeconds) ?? 0;
      if (seconds < MIN_TOKEN_SECONDS) errs.push(invalid(p.child('expirationSeconds'), seconds, 'may not specify a duration less than 10 minutes'));
      if (seconds > MAX_TOKEN_SECONDS) errs.push(invalid(p.child('expirationSeconds'), seconds, 'may not specify a duration larger than 2^32 seconds'));
      // Upstream reports the token path on the projected source's path.
      const tokenPath = str(token.path);
      if (tokenPath === '') errs.push(required(path.child('path')));
      else if (!allowNonLocalTokenPath) errs.push(...validateLocalNonReservedPath(tokenPath, path.child('path')));
    }
    if (isObject(src.clusterTrustBundle)) {
      count++;
      const ctb = src.clusterTrustBundle;
      const p = srcPath.child('clusterTrustBundle');
      const usingName = typeof ctb.name === 'string';
      const usingSigner = typeof ctb.signerName === 'string';
      if (usingName && usingSigner) errs.push(invalid(p, goClusterTrustBundle(ctb), 'only one of name and signerName may be used'));
      else if (usingName) {
        const ctbName = ctb.name as string;
        if (ctbName === '') errs.push(required(p.child('name'), 'must be a valid object name'));
        for (const msg of clusterTrustBundleNameErrors(ctbName)) {
          errs.push(invalid(p.child('name'), ctbName, `not a valid clustertrustbundlename: ${msg}`));
        }
        if (ctb.labelSelector != null) errs.push(invalid(p.child('labelSelector'), ctb.labelSelector, 'labelSelector must be unset if name is specified'));
      } else if (usingSigner) {
        if (ctb.signerName === '') errs.push(required(p.child('signerName'), 'must be a valid signer name'));
        errs.push(...validateSignerName(str(ctb.signerName), p.child('signerName')));
        errs.push(...validateLabelSelector(ctb.labelSelector, p.child('labelSelector'), { allowInvalidLabelValueInSelector: false }));
      } else {
        errs.push(required(p, 'either name or signerName must be specified'));
      }
      const ctbPath = str(ctb.path);
      if (ctbPath === '') errs.push(required(p.child('path')));
      errs.push(...validateLocalNonReservedPath(ctbPath, p.child('path')));
      claim(ctbPath, ctbPath);
    }
    if (isObject(src.podCertificate)) {
      count++;
      const pc = src.podCertificate;
      const p = srcPath.child('podCertificate');
      const signerName = str(pc.signerName);
      errs.push(...validateSignerName(signerName, p.child('signerName')));
      if (pc.userAnnotations != null) errs.push(...validateUserAnnotations(pc.userAnnotations, p.child('userAnnotations')));
      const keyType = str(pc.keyType);
      if (!POD_CERTIFICATE_KEY_TYPES.includes(keyType)) errs.push(notSupported(p.child('keyType'), keyType, POD_CERTIFICATE_KEY_TYPES));
      const maxExpiration = num(pc.maxExpirationSeconds);
      if (maxExpiration !== undefined) {
        const p2 = p.child('maxExpirationSeconds');
        if (maxExpiration < 3600) errs.push(invalid(p2, maxExpiration, 'if provided, maxExpirationSeconds must be >= 3600'));
        const host = signerName.split('/')[0];
        const limit = host === 'kubernetes.io' || host.endsWith('.kubernetes.io') ? KUBERNETES_MAX_EXPIRATION : MAX_EXPIRATION;
        if (maxExpiration > limit) errs.push(invalid(p2, maxExpiration, `if provided, maxExpirationSeconds must be <= ${limit}`));
      }
      let paths = 0;
      for (const f of ['credentialBundlePath', 'keyPath', 'certificateChainPath']) {
        const value = str(pc[f]);
        if (value.length === 0) continue;
        paths++;
        errs.push(...validateLocalNonReservedPath(value, p.child(f)));
        claim(value, value);
      }
      if (paths === 0) errs.push(required(p, 'specify at least one of credentialBundlePath, keyPath, and certificateChainPath'));
    }
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateCSI(source: JsonObject, path: Path): ErrorList {
  const errs = validateCSIDriverName(str(source.driver), path.child('driver'));
  if (isObject(source.nodePublishSecretRef)) {
    const name = str(source.nodePublishSecretRef.name);
    if (name.length === 0) errs.push(required(path.child('nodePublishSecretRef', 'name')));
    else for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(path.child('name'), name, msg));
  }
  return errs;
}

/** ValidateCSIDriverName. */
function validateCSIDriverName(driver: string, path: Path): ErrorList {
  if (driver.length === 0) return [required(path)];
  const errs: ErrorList = [];
  if (Buffer.byteLength(driver, 'utf8') > 63) errs.push(tooLong(path, '', 63));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(path, driver, msg));
  return errs;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
// ObjectMeta fields in Go struct order; a claim template may only set labels and annotations.
const TEMPLATE_META_FIELDS = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Whether an ObjectMeta field differs from its Go zero value: "" and 0 are zero, present lists and pointers are not. */
function isSet(v: unknown): boolean {
  if (v == null) return false;
  return v !== '' && v !== 0;
}

/**
 * validateEphemeralVolumeSource: ValidateTemplateObjectMeta and ValidatePersistentVolumeClaimSpec
 * (VolumeAttributesClass GA, so volumeAttributesClassName is checked).
 */
function validateEphemeral(source: JsonObject, path: Path): ErrorList {
  if (!isObject(source.volumeClaimTemplate)) return [required(path.child('volumeClaimTemplate'))];
  const tpl = source.volumeClaimTemplate;
  const tplPath = path.child('volumeClaimTemplate');
  const metaPath = tplPath.child('metadata');
  const meta = obj(tpl.metadata);
  const errs = validateAnnotations(meta.annotations, metaPath.child('annotations'));
  errs.push(...validateLabels(meta.labels, metaPath.child('labels')));
  for (const f of TEMPLATE_META_FIELDS) {
    if (f !== 'labels' && f !== 'annotations' && isSet(meta[f])) errs.push(forbidden(metaPath.child(f), 'cannot be set'));
  }
  const spec = obj(tpl.spec);
  const specPath = tplPath.child('spec');
  const modes = arr(spec.accessModes).map(str);
  if (modes.length === 0) errs.push(required(specPath.child('accessModes'), 'at least 1 access mode is required'));
  if (isObject(spec.selector)) {
    errs.push(...validateLabelSelector(spec.selector, specPath.child('selector'), { allowInvalidLabelValueInSelector: false }));
  }
  let rwop = false;
  let other = false;
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) errs.push(notSupported(specPath.child('accessModes'), mode, ACCESS_MODES));
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(forbidden(specPath.child('accessModes'), 'may not use ReadWriteOncePod with other access modes'));
  const storagePath = specPath.child('resources').key('storage');
  const requests = obj(obj(spec.resources).requests);
  if (!Object.hasOwn(requests, 'storage')) errs.push(required(storagePath));
  else {
    const q = parseQuantity(requests.storage);
    if (!q.ok) errs.push(invalid(storagePath, requests.storage, q.message));
    else if (q.quantity.nanos <= 0n) errs.push(invalid(storagePath, quantityString(q.quantity), 'must be greater than zero'));
  }
  const storageClassName = str(spec.storageClassName);
  if (storageClassName.length > 0) {
    for (const msg of isDNS1123Subdomain(storageClassName)) errs.push(invalid(specPath.child('storageClassName'), storageClassName, msg));
  }
  if (typeof spec.volumeMode === 'string' && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported(specPath.child('volumeMode'), spec.volumeMode, VOLUME_MODES));
  }
  if (isObject(spec.dataSource)) errs.push(...validateDataSource(spec.dataSource, specPath.child('dataSource'), false));
  if (isObject(spec.dataSourceRef)) errs.push(...validateDataSource(spec.dataSourceRef, specPath.child('dataSourceRef'), true));
  // Upstream passes a *field.Path as the bad value here; it has no exported fields, so it prints as {}.
  if (isObject(spec.dataSourceRef) && str(spec.dataSourceRef.namespace).length > 0) {
    if (isObject(spec.dataSource)) errs.push(invalid(specPath, {}, 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (isObject(spec.dataSource) && isObject(spec.dataSourceRef)) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if ((a.apiGroup ?? null) !== (b.apiGroup ?? null) || str(a.kind) !== str(b.kind) || str(a.name) !== str(b.name)) {
      errs.push(invalid(specPath, {}, 'must match dataSourceRef'));
    }
  }
  const vac = str(spec.volumeAttributesClassName);
  if (vac.length > 0) {
    for (const msg of isDNS1123Subdomain(vac)) errs.push(invalid(specPath.child('volumeAttributesClassName'), vac, msg));
  }
  return errs;
}

/** validateDataSource / validateDataSourceRef (the latter also checks the namespace). */
function validateDataSource(ref: JsonObject, path: Path, isRef: boolean): ErrorList {
  const errs: ErrorList = [];
  if (str(ref.name).length === 0) errs.push(required(path.child('name')));
  const kind = str(ref.kind);
  if (kind.length === 0) errs.push(required(path.child('kind')));
  const apiGroup = str(ref.apiGroup);
  if (apiGroup.length === 0 && kind !== 'PersistentVolumeClaim') {
    errs.push(invalid(path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup.length > 0) for (const msg of isDNS1123Subdomain(apiGroup)) errs.push(invalid(path.child('apiGroup'), apiGroup, msg));
  const ns = str(ref.namespace);
  if (isRef && ns.length > 0) for (const msg of isDNS1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, msg));
  return errs;
}

function validateImage(source: JsonObject, path: Path): ErrorList {
  // Templates are not pods, so an empty reference is allowed (ResourceIsPod is false).
  const policy = str(source.pullPolicy);
  if (policy === '') return [required(path.child('pullPolicy'))];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(path.child('pullPolicy'), policy, PULL_POLICIES)];
}

export function validateVolumeMounts(
  mounts: unknown,
  devices: unknown,
  volumes: VolumeInfo,
  privileged: boolean,
  path: Path,
): ErrorList {
  const errs: ErrorList = [];
  const list = arr(mounts);
  if (list.length === 0) return errs;
  const deviceByName: ReadonlyMap<string, string> =
    arr(devices).length === 0 ? NO_DEVICES : new Map(arr(devices).map((d) => [str(obj(d).name), str(obj(d).devicePath)]));
  const devicePaths: ReadonlySet<string> = deviceByName.size === 0 ? NO_PATHS : new Set(deviceByName.values());
  const mountPoints = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const mnt = obj(list[i]);
    const name = str(mnt.name);
    const mountPath = str(mnt.mountPath);
    // Mounts are many and nearly always valid: the item's path is built only when one of them has an error.
    if (name.length === 0) errs.push(required(path.index(i).child('name')));
    if (!volumes.byName.has(name)) errs.push(notFound(path.index(i).child('name'), name));
    if (mountPath.length === 0) errs.push(required(path.index(i).child('mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalid(path.index(i).child('mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (deviceByName.has(name)) errs.push(invalid(path.index(i).child('name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) errs.push(invalid(path.index(i).child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    // Upstream reports subPath problems on the list's path (no index).
    const subPath = str(mnt.subPath);
    if (subPath.length > 0) errs.push(...validateLocalDescendingPath(subPath, path.child('subPath')));
    const subPathExpr = str(mnt.subPathExpr);
    if (subPathExpr.length > 0) {
      if (subPath.length > 0) errs.push(invalid(path.index(i).child('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(subPathExpr, path.child('subPathExpr')));
    }
    if (typeof mnt.mountPropagation === 'string') {
      const mp = mnt.mountPropagation;
      const mpPath = path.child('mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(mp)) errs.push(notSupported(mpPath, mp, MOUNT_PROPAGATIONS));
      if (mp === 'Bidirectional' && !privileged) {
        errs.push(forbidden(mpPath, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
    if (typeof mnt.recursiveReadOnly === 'string') errs.push(...validateRecursiveReadOnly(mnt, path.child('recursiveReadOnly')));
  }
  return errs;
}

const NO_PATHS: ReadonlySet<string> = new Set();
const NO_DEVICES: ReadonlyMap<string, string> = new Map();

function validateRecursiveReadOnly(mnt: JsonObject, path: Path): ErrorList {
  if (typeof mnt.recursiveReadOnly !== 'string') return [];
  const rro = mnt.recursiveReadOnly;
  if (rro === 'Disabled') return [];
  if (rro === 'Enabled' || rro === 'IfPossible') {
    const errs: ErrorList = [];
    if (mnt.readOnly !== true) errs.push(forbidden(path, 'may only be specified when readOnly is true'));
    if (typeof mnt.mountPropagation === 'string' && mnt.mountPropagation !== 'None') {
      errs.push(forbidden(path, 'may only be specified when mountPropagation is None or not specified'));
    }
    return errs;
  }
  return [notSupported(path, rro, RECURSIVE_READ_ONLY)];
}

export function validateVolumeDevices(devices: unknown, mounts: unknown, volumes: VolumeInfo, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (arr(devices).length === 0) return errs;
  const mountByName = new Map(arr(mounts).map((m) => [str(obj(m).name), str(obj(m).mountPath)]));
  const mountPaths = new Set(mountByName.values());
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  arr(devices).forEach((d, i) => {
    const dev = obj(d);
    const p = path.index(i);
    const name = str(dev.name);
    const devicePath = str(dev.devicePath);
    const kind = volumes.byName.get(name);
    if (name.length === 0) errs.push(required(p.child('name')));
    if (deviceNames.has(name)) errs.push(invalid(p.child('name'), name, 'must be unique'));
    if (kind !== undefined && kind !== 'persistentVolumeClaim' && kind !== 'ephemeral') {
      errs.push(invalid(p.child('name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (kind === undefined) errs.push(notFound(p.child('name'), name));
    if (devicePath.length === 0) errs.push(required(p.child('devicePath')));
    if (devicePaths.has(devicePath)) errs.push(invalid(p.child('devicePath'), devicePath, 'must be unique'));
    if (devicePath.length > 0 && devicePath.split('/').includes('..')) {
      errs.push(invalid(p.child('devicePath'), devicePath, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(devicePath);
    }
    if (mountByName.has(name)) errs.push(invalid(p.child('name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devicePath)) errs.push(invalid(p.child('devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    if (name.length > 0) deviceNames.add(name);
  });
  return errs;
}
