// Windows-specific checks: securityContext.windowsOptions (validateWindowsSecurityContextOptions) and
// HostProcess pods (validateWindowsHostProcessPod).
import { forbidden, invalid, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, obj, type JsonObject } from '../meta/json.ts';
import { isDNS1123Subdomain } from '../names.ts';

const GMSA_MAX_KIB = 64;
const DOMAIN_MAX = 256;
const USER_MAX = 104;
const CONTROL = /[\x00-\x1f\x7f]/;
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DOMAIN_DNS = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const USER_BAD_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const USER_DOTS_SPACES = /^[. ]+$/;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export function validateWindowsOptions(options: unknown, path: Path): ErrorList {
  if (!isObject(options)) return [];
  const errs: ErrorList = [];
  if (typeof options.gmsaCredentialSpecName === 'string') {
    const name = options.gmsaCredentialSpecName;
    for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(path.child('gmsaCredentialSpecName'), name, msg));
  }
  if (typeof options.gmsaCredentialSpec === 'string') {
    const spec = options.gmsaCredentialSpec;
    if (spec.length === 0) errs.push(invalid(path.child('gmsaCredentialSpec'), spec, 'gmsaCredentialSpec cannot be an empty string'));
    else if (bytes(spec) > GMSA_MAX_KIB * 1024) {
      errs.push(invalid(path.child('gmsaCredentialSpec'), spec, `gmsaCredentialSpec size must be under ${GMSA_MAX_KIB} KiB`));
    }
  }
  if (typeof options.runAsUserName === 'string') errs.push(...validateRunAsUserName(options.runAsUserName, path.child('runAsUserName')));
  return errs;
}

function validateRunAsUserName(value: string, path: Path): ErrorList {
  if (value.length === 0) return [invalid(path, value, 'runAsUserName cannot be an empty string')];
  if (CONTROL.test(value)) return [invalid(path, value, 'runAsUserName cannot contain control characters')];
  const parts = value.split('\\');
  if (parts.length > 2) return [invalid(path, value, 'runAsUserName cannot contain more than one backslash')];
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0] : '';
  const user = hasDomain ? parts[1] : parts[0];
  const errs: ErrorList = [];
  if (bytes(domain) >= DOMAIN_MAX) errs.push(invalid(path, value, `runAsUserName's Domain length must be under ${DOMAIN_MAX} characters`));
  if (hasDomain && !(NETBIOS.test(domain) || DOMAIN_DNS.test(domain))) {
    errs.push(invalid(path, value, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
  }
  if (user.length === 0) errs.push(invalid(path, value, "runAsUserName's User cannot be empty"));
  else if (bytes(user) > USER_MAX) errs.push(invalid(path, value, `runAsUserName's User length must not be longer than ${USER_MAX} characters`));
  if (USER_DOTS_SPACES.test(user)) errs.push(invalid(path, value, "runAsUserName's User cannot contain only periods or spaces"));
  if (USER_BAD_CHARS.test(user)) {
    errs.push(invalid(path, value, `runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`));
  }
  return errs;
}

const hostProcessOf = (sc: unknown): boolean | undefined => {
  const hp = obj(obj(sc).windowsOptions).hostProcess;
  return typeof hp === 'boolean' ? hp : undefined;
};

export function validateWindowsHostProcessPod(spec: JsonObject, path: Path, allowPrivileged: boolean): ErrorList {
  const errs: ErrorList = [];
  const podHostProcess = hostProcessOf(spec.securityContext);
  let containers = 0;
  let hostProcessContainers = 0;
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = arr(spec[kind]);
    for (let i = 0; i < list.length; i++) {
      containers++;
      const own = hostProcessOf(obj(list[i]).securityContext);
      if (podHostProcess !== undefined && own !== undefined && podHostProcess !== own) {
        errs.push(
          invalid(
            path.child(kind).index(i).child('securityContext', 'windowsOptions', 'hostProcess'),
            own,
            `pod hostProcess value must be identical if both are specified, was ${podHostProcess}`,
          ),
        );
      }
      if (own === true || (own === undefined && podHostProcess === true)) hostProcessContainers++;
    }
  }
  if (hostProcessContainers > 0) {
    if (hostProcessContainers !== containers) {
      errs.push(invalid(path, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    }
    if (spec.hostNetwork !== true) errs.push(invalid(path.child('hostNetwork'), false, 'hostNetwork must be true if pod contains any hostProcess containers'));
    if (!allowPrivileged) errs.push(forbidden(path, 'hostProcess containers are disallowed by cluster policy'));
  }
  return errs;
}
