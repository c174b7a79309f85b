// Container lists: regular, init and ephemeral (validateContainers, validateInitContainers,
// validateContainerCommon in core validation).
import { duplicate, forbidden, notSupported, required, type ErrorList, type Path } from '../../field/index.ts';
import { arr, obj, str, type JsonObject } from '../meta/json.ts';
import { validateDNS1123Label } from './names.ts';
import type { PodTemplateOptions } from './options.ts';

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

export interface ContainerContext {
  opts: PodTemplateOptions;
}

export function validateContainers(containers: unknown, path: Path, ctx: ContainerContext): ErrorList {
  const list = arr(containers);
  if (list.length === 0) return [required(path)];
  const errs: ErrorList = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const ctr = obj(c);
    const p = path.index(i);
    errs.push(...validateContainerCommon(ctr, p, ctx));
    const name = str(ctr.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else names.add(name);
    if (ctr.restartPolicy != null) errs.push(forbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  return errs;
}

export function validateInitContainers(containers: unknown, regular: unknown, path: Path, ctx: ContainerContext): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>(arr(regular).map((c) => str(obj(c).name)));
  arr(containers).forEach((c, i) => {
    const ctr = obj(c);
    const p = path.index(i);
    errs.push(...validateContainerCommon(ctr, p, ctx));
    const name = str(ctr.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name.length > 0) names.add(name);
  });
  return errs;
}

function validateContainerCommon(ctr: JsonObject, path: Path, _ctx: ContainerContext): ErrorList {
  const errs: ErrorList = [];
  const name = str(ctr.name);
  if (name.length === 0) errs.push(required(path.child('name')));
  else errs.push(...validateDNS1123Label(name, path.child('name')));
  if (str(ctr.image).length === 0) errs.push(required(path.child('image')));
  const tmp = str(ctr.terminationMessagePolicy);
  if (tmp === '') errs.push(required(path.child('terminationMessagePolicy')));
  else if (!(TERMINATION_MESSAGE_POLICIES as readonly string[]).includes(tmp)) {
    errs.push(notSupported(path.child('terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  }
  const pull = str(ctr.imagePullPolicy);
  if (pull === '') errs.push(required(path.child('imagePullPolicy')));
  else if (!(PULL_POLICIES as readonly string[]).includes(pull)) errs.push(notSupported(path.child('imagePullPolicy'), pull, PULL_POLICIES));
  return errs;
}
