// Pod and container securityContext basics (validatePodSpecSecurityContext, ValidateSecurityContext).
import { duplicate, forbidden, invalid, notSupported, required, tooLong, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, type JsonObject } from '../meta/json.ts';
import { validateLocalDescendingPath } from './paths.ts';
import { goSeccompProfile, goSecurityContext } from './gostruct.ts';
import { validateWindowsOptions } from './windows.ts';

const ID_RANGE = 'must be between 0 and 2147483647, inclusive';
const MAX_ID = 2147483647;
const SECCOMP_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const APPARMOR_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const PROC_MOUNTS = ['Default', 'Unmasked'];
const FS_GROUP_CHANGE_POLICIES = ['Always', 'OnRootMismatch'];
const SUPPLEMENTAL_GROUPS_POLICIES = ['Merge', 'Strict'];
const SELINUX_CHANGE_POLICIES = ['MountOption', 'Recursive'];
const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_FMT = `(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}`;
const sysctlName = new RegExp(`^${SYSCTL_FMT}$`);
const SYSCTL_MAX = 253;
const SYSCTL_MSG = `must have at most ${SYSCTL_MAX} characters and match regex ^${SYSCTL_FMT}$`;
const IPC_SYSCTLS = new Set([
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
  'kernel.shm',
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.msg',
]);

const validId = (id: number): boolean => id >= 0 && id <= MAX_ID;

function validateId(value: unknown, path: Path): ErrorList {
  const id = num(value);
  return id !== undefined && !validId(id) ? [invalid(path, id, ID_RANGE)] : [];
}

function validateSeccompProfile(profile: unknown, path: Path): ErrorList {
  if (!isObject(profile)) return [];
  const errs: ErrorList = [];
  const type = str(profile.type);
  if (type === '') errs.push(required(path.child('type'), 'type is required when seccompProfile is set'));
  else if (!SECCOMP_TYPES.includes(type)) errs.push(notSupported(path.child('type'), type, SECCOMP_TYPES));
  if (type === 'Localhost') {
    if (typeof profile.localhostProfile !== 'string') {
      errs.push(required(path.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else {
      errs.push(...validateLocalDescendingPath(profile.localhostProfile, path.child('localhostProfile')));
    }
  } else if (typeof profile.localhostProfile === 'string') {
    errs.push(invalid(path.child('localhostProfile'), goSeccompProfile(profile), 'can only be set when seccomp type is Localhost'));
  }
  return errs;
}

function validateAppArmorProfile(profile: unknown, path: Path): ErrorList {
  if (!isObject(profile)) return [];
  const errs: ErrorList = [];
  const type = str(profile.type);
  const local = profile.localhostProfile;
  switch (type) {
    case 'Localhost':
      if (typeof local !== 'string') {
        errs.push(required(path.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
      } else {
        if (local.trim() !== local) errs.push(invalid(path.child('localhostProfile'), local, 'must not be padded with whitespace'));
        else if (local === '') errs.push(required(path.child('localhostProfile'), 'must be set when AppArmor type is Localhost'));
        if (Buffer.byteLength(local, 'utf8') > 4095) errs.push(tooLong(path.child('localhostProfile'), '', 4095));
      }
      break;
    case 'RuntimeDefault':
    case 'Unconfined':
      if (typeof local === 'string') errs.push(invalid(path.child('localhostProfile'), local, 'can only be set when AppArmor type is Localhost'));
      break;
    case '':
      errs.push(required(path.child('type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(path.child('type'), type, APPARMOR_TYPES));
  }
  return errs;
}

function isEmptyObject(o: JsonObject): boolean {
  for (const key in o) if (o[key] !== undefined) return false;
  return true;
}

/**
 * validatePodSpecSecurityContext. The internal PodSecurityContext also holds v1's spec-level hostPID
 * and shareProcessNamespace, so those are read from the spec but reported under securityContext.
 */
export function validatePodSecurityContext(spec: JsonObject, path: Path, onlyRecursiveSELinuxChangePolicy: boolean): ErrorList {
  const sc = obj(spec.securityContext);
  // The defaulted `securityContext: {}` is the usual case: only the spec-level rule can apply.
  if (isEmptyObject(sc)) {
    return spec.shareProcessNamespace === true && spec.hostPID === true
      ? [invalid(path.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled')]
      : [];
  }
  const errs: ErrorList = [];
  errs.push(...validateId(sc.fsGroup, path.child('fsGroup')));
  errs.push(...validateId(sc.runAsUser, path.child('runAsUser')));
  errs.push(...validateId(sc.runAsGroup, path.child('runAsGroup')));
  arr(sc.supplementalGroups).forEach((g, i) => errs.push(...validateId(g, path.child('supplementalGroups').index(i))));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(invalid(path.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  errs.push(...validateSysctls(spec, path.child('sysctls')));
  if (typeof sc.fsGroupChangePolicy === 'string' && !FS_GROUP_CHANGE_POLICIES.includes(sc.fsGroupChangePolicy)) {
    errs.push(notSupported(path.child('fsGroupChangePolicy'), sc.fsGroupChangePolicy, FS_GROUP_CHANGE_POLICIES));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child('seccompProfile')));
  errs.push(...validateWindowsOptions(sc.windowsOptions, path.child('windowsOptions')));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child('appArmorProfile')));
  if (typeof sc.supplementalGroupsPolicy === 'string' && !SUPPLEMENTAL_GROUPS_POLICIES.includes(sc.supplementalGroupsPolicy)) {
    errs.push(notSupported(path.child('supplementalGroupsPolicy'), sc.supplementalGroupsPolicy, SUPPLEMENTAL_GROUPS_POLICIES));
  }
  if (typeof sc.seLinuxChangePolicy === 'string') {
    const allowed = onlyRecursiveSELinuxChangePolicy ? ['Recursive'] : SELINUX_CHANGE_POLICIES;
    if (!allowed.includes(sc.seLinuxChangePolicy)) errs.push(notSupported(path.child('seLinuxChangePolicy'), sc.seLinuxChangePolicy, allowed));
  }
  return errs;
}

/** Which kernel namespace a sysctl belongs to (component-helpers sysctl.GetNamespace). */
function sysctlNamespace(name: string): 'Net' | 'IPC' | '' {
  let n = name;
  const sep = n.search(/[./]/);
  if (sep !== -1 && n[sep] === '/') n = n.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
  const star = n.indexOf('*');
  if (star !== -1) n = n.slice(0, star);
  if (IPC_SYSCTLS.has(n)) return 'IPC';
  if (n.startsWith('net.')) return 'Net';
  if (n.startsWith('fs.mqueue.')) return 'IPC';
  return '';
}

function validateSysctls(spec: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  arr(obj(spec.securityContext).sysctls).forEach((s, i) => {
    const name = str(obj(s).name);
    const p = path.index(i).child('name');
    if (name.length === 0) errs.push(required(p));
    else if (Buffer.byteLength(name, 'utf8') > SYSCTL_MAX || !sysctlName.test(name)) errs.push(invalid(p, name, SYSCTL_MSG));
    else if (names.has(name)) errs.push(duplicate(p, name));
    const ns = sysctlNamespace(name);
    if (spec.hostNetwork === true && ns === 'Net') errs.push(invalid(p, name, "may not be specified when 'hostNetwork' is true"));
    else if (spec.hostIPC === true && ns === 'IPC') errs.push(invalid(p, name, "may not be specified when 'hostIPC' is true"));
    names.add(name);
  });
  return errs;
}

export interface SecurityContextOptions {
  hostUsers: boolean;
  allowPrivileged: boolean;
}

export function validateContainerSecurityContext(scIn: unknown, path: Path, opts: SecurityContextOptions): ErrorList {
  if (!isObject(scIn)) return [];
  const sc: JsonObject = scIn;
  const errs: ErrorList = [];
  if (sc.privileged === true && !opts.allowPrivileged) {
    errs.push(forbidden(path.child('privileged'), 'disallowed by cluster policy'));
  }
  errs.push(...validateId(sc.runAsUser, path.child('runAsUser')));
  errs.push(...validateId(sc.runAsGroup, path.child('runAsGroup')));
  if (typeof sc.procMount === 'string') {
    if (!PROC_MOUNTS.includes(sc.procMount)) errs.push(notSupported(path.child('procMount'), sc.procMount, PROC_MOUNTS));
    if (opts.hostUsers && sc.procMount === 'Unmasked') {
      errs.push(invalid(path.child('procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
    }
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, path.child('seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(path, goSecurityContext(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of arr(obj(sc.capabilities).add)) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(invalid(path, goSecurityContext(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
      }
    }
  }
  errs.push(...validateWindowsOptions(sc.windowsOptions, path.child('windowsOptions')));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, path.child('appArmorProfile')));
  return errs;
}
