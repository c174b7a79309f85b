// Container env and envFrom (ValidateEnv, ValidateEnvFrom) with 1.36's default gates: relaxed
// environment variable names (GA) and fileKeyRef (EnvFiles, beta on).
import { invalid, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, obj, str } from '../meta/json.ts';
import { isDNS1123Subdomain } from '../names.ts';
import { nameIsDNSSubdomain } from '../meta/objectmeta.ts';
import { ENV_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './downward.ts';
import { validateDNS1123Label } from './names.ts';
import { validatePathNoBacksteps } from './paths.ts';

const RELAXED_ENV_MSG = "a valid environment variable name must consist only of printable ASCII characters other than '='";
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configKey = new RegExp(`^${CONFIG_KEY_FMT}$`);
// Printable ASCII (0x20-0x7E) other than '='.
const relaxedEnvName = /^[\x20-\x3c\x3e-\x7e]*$/;

/** relaxedEnvName.test(value), without the regex engine (env names are checked by the dozen). */
function isPrintableWithoutEquals(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x3d) return false;
  }
  return true;
}

/** IsRelaxedEnvVarName. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must be non-empty');
  if (!relaxedEnvName.test(value)) errs.push(RELAXED_ENV_MSG);
  return errs;
}

/** IsConfigMapKey. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 253) errs.push('must be no more than 253 characters');
  if (!configKey.test(value)) {
    errs.push(`${CONFIG_KEY_MSG} (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '${CONFIG_KEY_FMT}')`);
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** What the env lists of a pod's containers use, noted while they are validated. */
export interface EnvUsage {
  /** Some variable is read from a file (valueFrom.fileKeyRef): the pod then checks the volumes named. */
  fileKeyRef: boolean;
}

export function validateEnv(vars: unknown, path: Path, usage: EnvUsage): ErrorList {
  const errs: ErrorList = [];
  // Env lists are long and almost always valid: paths are only built for an entry that has something to report.
  const list = arr(vars);
  for (let i = 0; i < list.length; i++) {
    const ev = obj(list[i]);
    const name = str(ev.name);
    if (name.length === 0) errs.push(required(path.index(i).child('name')));
    else if (!isPrintableWithoutEquals(name)) for (const msg of isRelaxedEnvVarName(name)) errs.push(invalid(path.index(i).child('name'), name, msg));
    if (isObject(ev.valueFrom)) {
      if (isObject(ev.valueFrom.fileKeyRef)) usage.fileKeyRef = true;
      errs.push(...validateValueFrom(ev, path.index(i).child('valueFrom')));
    }
  }
  return errs;
}

function validateValueFrom(ev: Record<string, unknown>, path: Path): ErrorList {
  if (!isObject(ev.valueFrom)) return [];
  const from = ev.valueFrom;
  const errs: ErrorList = [];
  let sources = 0;
  if (isObject(from.fieldRef)) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, path.child('fieldRef')));
  }
  if (isObject(from.resourceFieldRef)) {
    sources++;
    errs.push(...validateResourceFieldSelector(from.resourceFieldRef, path.child('resourceFieldRef'), false));
  }
  if (isObject(from.configMapKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, path.child('configMapKeyRef')));
  }
  if (isObject(from.secretKeyRef)) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, path.child('secretKeyRef')));
  }
  if (isObject(from.fileKeyRef)) {
    sources++;
    errs.push(...validateFileKeySelector(from.fileKeyRef, path.child('fileKeyRef')));
  }
  if (sources === 0) {
    errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'));
  } else if (str(ev.value).length !== 0) {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** validateConfigMapKeySelector / validateSecretKeySelector (both check the name as a Secret name). */
function validateKeySelector(selector: unknown, path: Path): ErrorList {
  const s = obj(selector);
  const errs: ErrorList = [];
  const name = str(s.name);
  for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(path.child('name'), name, msg));
  const key = str(s.key);
  if (key.length === 0) errs.push(required(path.child('key')));
  else for (const msg of isConfigMapKey(key)) errs.push(invalid(path.child('key'), key, msg));
  return errs;
}

function validateFileKeySelector(selector: unknown, path: Path): ErrorList {
  const s = obj(selector);
  const errs: ErrorList = [];
  const key = str(s.key);
  if (key.length === 0) errs.push(required(path.child('key')));
  else for (const msg of isRelaxedEnvVarName(key)) errs.push(invalid(path.child('key'), key, msg));
  const volumeName = str(s.volumeName);
  if (volumeName.length === 0) errs.push(required(path.child('volumeName')));
  else errs.push(...validateDNS1123Label(volumeName, path.child('volumeName')));
  const filePath = str(s.path);
  if (filePath.length === 0) errs.push(required(path.child('path')));
  else errs.push(...validatePathNoBacksteps(filePath, path.child('path')));
  return errs;
}

export function validateEnvFrom(sources: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  arr(sources).forEach((s, i) => {
    const ev = obj(s);
    const p = path.index(i);
    const prefix = str(ev.prefix);
    if (prefix.length > 0) for (const msg of isRelaxedEnvVarName(prefix)) errs.push(invalid(p.child('prefix'), prefix, msg));
    let count = 0;
    if (isObject(ev.configMapRef)) {
      count++;
      errs.push(...validateEnvSourceName(ev.configMapRef, p.child('configMapRef')));
    }
    if (isObject(ev.secretRef)) {
      count++;
      errs.push(...validateEnvSourceName(ev.secretRef, p.child('secretRef')));
    }
    // Upstream reports these on the list's path, not the item's.
    if (count === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** ConfigMap and Secret names are validated with prefix=true here (trailing dash masked). */
function validateEnvSourceName(ref: unknown, path: Path): ErrorList {
  const name = str(obj(ref).name);
  if (name.length === 0) return [required(path.child('name'))];
  return nameIsDNSSubdomain(name, true).map((msg) => invalid(path.child('name'), name, msg));
}
