// Probes and lifecycle handlers (validateProbe, validateHandler, validateLifecycle).
import { forbidden, invalid, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, type JsonObject } from '../meta/json.ts';
import { validatePortNumOrName } from './ports.ts';

const IS_NEGATIVE = 'must be greater than or equal to 0';
const HTTP_SCHEMES = ['HTTP', 'HTTPS'];
const HEADER_NAME_FMT = '[-A-Za-z0-9]+';
const headerName = new RegExp(`^${HEADER_NAME_FMT}$`);
const HEADER_NAME_MSG = `a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '${HEADER_NAME_FMT}')`;
const LINUX_SIGNALS = [
  'SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT', 'SIGIO', 'SIGIOT',
  'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR', 'SIGQUIT', 'SIGSEGV', 'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM',
  'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU', 'SIGXFSZ',
  'SIGRTMIN', 'SIGRTMIN+1', 'SIGRTMIN+2', 'SIGRTMIN+3', 'SIGRTMIN+4', 'SIGRTMIN+5', 'SIGRTMIN+6', 'SIGRTMIN+7', 'SIGRTMIN+8',
  'SIGRTMIN+9', 'SIGRTMIN+10', 'SIGRTMIN+11', 'SIGRTMIN+12', 'SIGRTMIN+13', 'SIGRTMIN+14', 'SIGRTMIN+15', 'SIGRTMAX-14',
  'SIGRTMAX-13', 'SIGRTMAX-12', 'SIGRTMAX-11', 'SIGRTMAX-10', 'SIGRTMAX-9', 'SIGRTMAX-8', 'SIGRTMAX-7', 'SIGRTMAX-6',
  'SIGRTMAX-5', 'SIGRTMAX-4', 'SIGRTMAX-3', 'SIGRTMAX-2', 'SIGRTMAX-1', 'SIGRTMAX',
].sort();
const WINDOWS_SIGNALS = ['SIGKILL', 'SIGTERM'];

// v1 defaults for probe fields, used when a field is absent (the input is normally defaulted already).
const PROBE_DEFAULTS = { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export function validateProbe(probeIn: unknown, kind: ProbeKind, gracePeriod: number | undefined, path: Path): ErrorList {
  if (!isObject(probeIn)) return [];
  const probe = probeIn;
  const errs = validateHandler(probe, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, path);
  const field = (k: keyof typeof PROBE_DEFAULTS): number => num(probe[k]) ?? PROBE_DEFAULTS[k];
  for (const k of Object.keys(PROBE_DEFAULTS) as Array<keyof typeof PROBE_DEFAULTS>) {
    if (field(k) < 0) errs.push(invalid(path.child(k), field(k), IS_NEGATIVE));
  }
  const tgps = num(probe.terminationGracePeriodSeconds);
  if (tgps !== undefined && tgps <= 0) errs.push(invalid(path.child('terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  if ((kind === 'liveness' || kind === 'startup') && field('successThreshold') !== 1) {
    errs.push(invalid(path.child('successThreshold'), field('successThreshold'), 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds != null) {
    errs.push(invalid(path.child('terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

/** validateHandler: exactly one handler among `kinds`; the first one set wins, later ones are forbidden. */
function validateHandler(handler: JsonObject, kinds: readonly string[], gracePeriod: number | undefined, path: Path): ErrorList {
  const errs: ErrorList = [];
  let count = 0;
  for (const kind of kinds) {
    const h = handler[kind];
    if (!isObject(h)) continue;
    if (count > 0) {
      errs.push(forbidden(path.child(kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = path.child(kind);
    switch (kind) {
      case 'exec':
        if (arr(h.command).length === 0) errs.push(required(p.child('command')));
        break;
      case 'httpGet':
        errs.push(...validateHTTPGet(h, p));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(h.port, p.child('port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(num(h.port) ?? 0, p.child('port')));
        break;
      case 'sleep': {
        const seconds = num(h.seconds) ?? 0;
        if (gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)) {
          errs.push(invalid(p, seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
        }
        break;
      }
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateHTTPGet(h: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  // v1 defaulting sets path "/" and scheme HTTP; absent values are read as those defaults.
  if (typeof h.path === 'string' && h.path.length === 0) errs.push(required(path.child('path')));
  errs.push(...validatePortNumOrName(h.port, path.child('port')));
  const scheme = typeof h.scheme === 'string' ? h.scheme : 'HTTP';
  if (!HTTP_SCHEMES.includes(scheme)) errs.push(notSupported(path.child('scheme'), scheme, HTTP_SCHEMES));
  for (const header of arr(h.httpHeaders)) {
    const name = str(obj(header).name);
    if (!headerName.test(name)) errs.push(invalid(path.child('httpHeaders'), name, HEADER_NAME_MSG));
  }
  return errs;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, osName: string | undefined, path: Path): ErrorList {
  const lc = obj(lifecycle);
  const errs: ErrorList = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isObject(lc[hook])) errs.push(...validateHandler(lc[hook], ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, path.child(hook)));
  }
  if (typeof lc.stopSignal === 'string') {
    const p = path.child('stopSignal');
    if (osName === undefined) errs.push(forbidden(p, 'may not be set for containers with empty `spec.os.name`'));
    else if (osName === 'windows' && !WINDOWS_SIGNALS.includes(lc.stopSignal)) errs.push(notSupported(p, lc.stopSignal, WINDOWS_SIGNALS));
    else if (osName === 'linux' && !LINUX_SIGNALS.includes(lc.stopSignal)) errs.push(notSupported(p, lc.stopSignal, LINUX_SIGNALS));
  }
  return errs;
}
