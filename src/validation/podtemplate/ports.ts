// Container ports and the port-number-or-name checks used by probes and handlers.
import { duplicate, invalid, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, num, obj, str } from '../meta/json.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PORT_NAME_CHARSET = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;
export const PORT_RANGE_MSG = 'must be between 1 and 65535, inclusive';

/** IsValidPortName (IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(port, 'utf8') > 15) errs.push('must be no more than 15 characters');
  if (!PORT_NAME_CHARSET.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!HAS_LETTER.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export const isValidPortNum = (port: number): boolean => port >= 1 && port <= 65535;

/** ValidatePortNumOrName for an IntOrString. */
export function validatePortNumOrName(port: unknown, path: Path): ErrorList {
  if (typeof port === 'number') return isValidPortNum(port) ? [] : [invalid(path, port, PORT_RANGE_MSG)];
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  // An absent IntOrString is the integer 0.
  return [invalid(path, 0, PORT_RANGE_MSG)];
}

export function validateContainerPorts(ports: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  arr(ports).forEach((p, i) => {
    const port = obj(p);
    const ip = path.index(i);
    const name = str(port.name);
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const msg of msgs) errs.push(invalid(ip.child('name'), name, msg));
      else if (names.has(name)) errs.push(duplicate(ip.child('name'), name));
      else names.add(name);
    }
    const containerPort = num(port.containerPort) ?? 0;
    if (containerPort === 0) errs.push(required(ip.child('containerPort')));
    else if (!isValidPortNum(containerPort)) errs.push(invalid(ip.child('containerPort'), containerPort, PORT_RANGE_MSG));
    const hostPort = num(port.hostPort) ?? 0;
    if (hostPort !== 0 && !isValidPortNum(hostPort)) errs.push(invalid(ip.child('hostPort'), hostPort, PORT_RANGE_MSG));
    const protocol = str(port.protocol);
    if (protocol.length === 0) errs.push(required(ip.child('protocol')));
    else if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(ip.child('protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

/** AccumulateUniqueHostPorts over the given containers (paths index into `path`). */
export function checkHostPortConflicts(containers: ReadonlyArray<{ ctr: unknown; index: number }>, path: Path): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  for (const { ctr, index } of containers) {
    arr(obj(ctr).ports).forEach((p, pi) => {
      const port = obj(p);
      const hostPort = num(port.hostPort) ?? 0;
      if (hostPort === 0) return;
      const key = `${str(port.protocol)}/${str(port.hostIP)}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(path.index(index).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  }
  return errs;
}
