// The in-tree (mostly deprecated, many non-functional) volume sources: upstream keeps validating their
// required fields.
import { invalid, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, type JsonObject } from '../meta/json.ts';
import { validateDNS1123Label } from './names.ts';

const PARTITION_MSG = 'must be between 1 and 255, inclusive';
const LUN_MSG = 'must be between 0 and 255, inclusive';
const AZURE_CACHING = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_KINDS = ['Dedicated', 'Managed', 'Shared'];
const QUOBYTE_REGISTRY_MSG = 'must be a host:port pair or multiple pairs separated by commas';

const need = (source: JsonObject, key: string, path: Path): ErrorList => (str(source[key]).length === 0 ? [required(path.child(key))] : []);

function partition(source: JsonObject, path: Path): ErrorList {
  const p = num(source.partition) ?? 0;
  return p < 0 || p > 255 ? [invalid(path.child('partition'), p, PARTITION_MSG)] : [];
}

export const validateGCEPersistentDisk = (s: JsonObject, path: Path): ErrorList => [...need(s, 'pdName', path), ...partition(s, path)];
export const validateAWSElasticBlockStore = (s: JsonObject, path: Path): ErrorList => [...need(s, 'volumeID', path), ...partition(s, path)];
export const validateGlusterfs = (s: JsonObject, path: Path): ErrorList => [...need(s, 'endpoints', path), ...need(s, 'path', path)];
export const validateCephFS = (s: JsonObject, path: Path): ErrorList => (arr(s.monitors).length === 0 ? [required(path.child('monitors'))] : []);
export const validateVsphere = (s: JsonObject, path: Path): ErrorList => need(s, 'volumePath', path);
export const validatePhoton = (s: JsonObject, path: Path): ErrorList => need(s, 'pdID', path);
export const validatePortworx = (s: JsonObject, path: Path): ErrorList => need(s, 'volumeID', path);
export const validateAzureFile = (s: JsonObject, path: Path): ErrorList => [...need(s, 'secretName', path), ...need(s, 'shareName', path)];
export const validateScaleIO = (s: JsonObject, path: Path): ErrorList => [...need(s, 'gateway', path), ...need(s, 'system', path), ...need(s, 'volumeName', path)];

export function validateRBD(s: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = arr(s.monitors).length === 0 ? [required(path.child('monitors'))] : [];
  return [...errs, ...need(s, 'image', path)];
}

export function validateCinder(s: JsonObject, path: Path): ErrorList {
  const errs = need(s, 'volumeID', path);
  if (isObject(s.secretRef) && str(s.secretRef.name).length === 0) errs.push(required(path.child('secretRef', 'name')));
  return errs;
}

export function validateFlocker(s: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const name = str(s.datasetName);
  const uuid = str(s.datasetUUID);
  if (name.length === 0 && uuid.length === 0) errs.push(required(path, 'one of datasetName and datasetUUID is required'));
  if (name.length !== 0 && uuid.length !== 0) errs.push(invalid(path, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if (name.includes('/')) errs.push(invalid(path.child('datasetName'), name, "must not contain '/'"));
  return errs;
}

/** net.SplitHostPort succeeds: `host:port` or `[v6]:port`. */
function splitsHostPort(pair: string): boolean {
  if (pair.startsWith('[')) return /^\[[^\]]*\]:[^:]*$/.test(pair);
  return (pair.match(/:/g) ?? []).length === 1;
}

export function validateQuobyte(s: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const registry = str(s.registry);
  if (registry.length === 0) errs.push(required(path.child('registry'), QUOBYTE_REGISTRY_MSG));
  else if (Buffer.byteLength(str(s.tenant), 'utf8') >= 65) {
    errs.push(required(path.child('tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
  } else {
    for (const pair of registry.split(',')) if (!splitsHostPort(pair)) errs.push(invalid(path.child('registry'), registry, QUOBYTE_REGISTRY_MSG));
  }
  errs.push(...need(s, 'volume', path));
  return errs;
}

export function validateFC(s: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const wwns = arr(s.targetWWNs);
  const wwids = arr(s.wwids);
  if (wwns.length < 1 && wwids.length < 1) errs.push(required(path.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (wwns.length !== 0 && wwids.length !== 0) errs.push(invalid(path.child('targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'));
  if (wwns.length !== 0) {
    const lun = num(s.lun);
    if (lun === undefined) errs.push(required(path.child('lun'), 'lun is required if targetWWNs is specified'));
    else if (lun < 0 || lun > 255) errs.push(invalid(path.child('lun'), lun, LUN_MSG));
  }
  return errs;
}

export function validateFlex(s: JsonObject, path: Path): ErrorList {
  const errs = need(s, 'driver', path);
  for (const k of Object.keys(obj(s.options))) {
    const slash = k.indexOf('/');
    const namespace = slash >= 0 ? k.slice(0, slash) : k;
    const normalized = '.' + namespace.toLowerCase();
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
      errs.push(invalid(path.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  return errs;
}

export function validateAzureDisk(s: JsonObject, path: Path): ErrorList {
  const errs = [...need(s, 'diskName', path), ...need(s, 'diskURI', path)];
  if (typeof s.cachingMode === 'string' && !AZURE_CACHING.includes(s.cachingMode)) errs.push(notSupported(path.child('cachingMode'), s.cachingMode, AZURE_CACHING));
  if (typeof s.kind === 'string') {
    if (!AZURE_KINDS.includes(s.kind)) errs.push(notSupported(path.child('kind'), s.kind, AZURE_KINDS));
    const uri = str(s.diskURI);
    if (s.kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
      errs.push(notSupported(path.child('diskURI'), uri, ['/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}']));
    }
    if (s.kind !== 'Managed' && !uri.startsWith('https://')) {
      errs.push(notSupported(path.child('diskURI'), uri, ['https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd']));
    }
  }
  return errs;
}

export function validateStorageOS(s: JsonObject, path: Path): ErrorList {
  const name = str(s.volumeName);
  const errs = name.length === 0 ? [required(path.child('volumeName'))] : validateDNS1123Label(name, path.child('volumeName'));
  const ns = str(s.volumeNamespace);
  if (ns.length > 0) errs.push(...validateDNS1123Label(ns, path.child('volumeNamespace')));
  if (isObject(s.secretRef) && str(s.secretRef.name).length === 0) errs.push(required(path.child('secretRef', 'name')));
  return errs;
}

const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\t\n\f\r ]+)$/;
const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;
const ISCSI_PREFIXES = ['iqn', 'eui', 'naa'];

/** The IQN/EUI/NAA format, given a recognised prefix. */
function iscsiNameFormatOk(name: string): boolean {
  if (name.startsWith('iqn')) return IQN.test(name);
  if (name.startsWith('eui')) return EUI.test(name);
  if (name.startsWith('naa')) return NAA.test(name);
  return true;
}

export function validateISCSI(s: JsonObject, path: Path): ErrorList {
  const errs = need(s, 'targetPortal', path);
  const iqn = str(s.iqn);
  if (iqn.length === 0) errs.push(required(path.child('iqn')));
  else if (!ISCSI_PREFIXES.some((p) => iqn.startsWith(p))) {
    errs.push(invalid(path.child('iqn'), iqn, 'must be valid format starting with iqn, eui, or naa'));
  } else if (!iscsiNameFormatOk(iqn)) {
    errs.push(invalid(path.child('iqn'), iqn, 'must be valid format'));
  }
  const lun = num(s.lun) ?? 0;
  if (lun < 0 || lun > 255) errs.push(invalid(path.child('lun'), lun, LUN_MSG));
  if ((s.chapAuthDiscovery === true || s.chapAuthSession === true) && !isObject(s.secretRef)) errs.push(required(path.child('secretRef')));
  if (typeof s.initiatorName === 'string') {
    const initiator = s.initiatorName;
    if (!ISCSI_PREFIXES.some((p) => initiator.startsWith(p))) {
      errs.push(invalid(path.child('initiatorname'), initiator, 'must be valid format starting with iqn, eui, or naa'));
    }
    if (!iscsiNameFormatOk(initiator)) errs.push(invalid(path.child('initiatorname'), initiator, 'must be valid format'));
  }
  return errs;
}

/** With an initiatorName, `<volume name>:<targetPortal>` must fit in 64 bytes (reported on the volume name). */
export function validateISCSIName(volume: JsonObject, volumePath: Path): ErrorList {
  const iscsi = obj(volume.iscsi);
  if (typeof iscsi.initiatorName !== 'string') return [];
  const name = str(volume.name);
  if (Buffer.byteLength(`${name}:${str(iscsi.targetPortal)}`, 'utf8') <= 64) return [];
  const detail = 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.';
  return [invalid(volumePath.child('name'), name, detail)];
}
