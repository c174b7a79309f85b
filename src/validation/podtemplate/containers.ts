// Container lists: regular, init and ephemeral (validateContainers, validateInitContainers,
// validateEphemeralContainers, validateContainerCommon), with 1.36's default feature gates:
// ContainerRestartRules and RestartAllContainersOnContainerExits on, sidecar resize policy allowed.
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
  tooMany,
  type ErrorList,
  type Path,
} from '../../field/index.ts';
import { arr, isObject, obj, str, type JsonObject } from '../meta/json.ts';
import { validateEnv, validateEnvFrom, type EnvUsage } from './env.ts';
import { invalidEach, isDNS1123Label } from '../names.ts';
import { checkHostPortConflicts, validateContainerPorts } from './ports.ts';
import { validateLifecycle, validateProbe } from './probes.ts';
import { validateContainerResources } from './resources.ts';
import { validateContainerSecurityContext } from './security.ts';
import { validateVolumeDevices, validateVolumeMounts, type VolumeInfo } from './volumes.ts';

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const SORTED_PULL_POLICIES = [...PULL_POLICIES].sort();
const CONTAINER_RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const RESTART_RULE_ACTIONS = ['Restart', 'RestartAllContainers'];
const RESTART_RULE_OPERATORS = ['In', 'NotIn'];
const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];
const MAX_RESTART_RULES = 20;
const MAX_EXIT_CODES = 255;
const NOT_FOR_PLAIN_INIT = 'may not be set for init containers without restartPolicy=Always';
// EphemeralContainerCommon fields outside upstream's allow-list, in struct order.
const EPHEMERAL_FORBIDDEN = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'restartPolicyRules',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];

/** What every container check needs to know about the pod around it. */
export interface PodContext {
  volumes: VolumeInfo;
  podClaimNames: ReadonlySet<string>;
  gracePeriod: number | undefined;
  osName: string | undefined;
  podRestartPolicy: string;
  hostUsers: boolean;
  allowPrivileged: boolean;
  allowIndivisibleHugePages: boolean;
  /** Filled in as the containers' env lists are validated. */
  env: EnvUsage;
}

export function validateContainers(containers: unknown, path: Path, ctx: PodContext): ErrorList {
  const list = arr(containers);
  if (list.length === 0) return [required(path)];
  const errs: ErrorList = [];
  const names = new Set<string>();
  let hasPorts = false;
  for (let i = 0; i < list.length; i++) {
    const ctr = obj(list[i]);
    const p = path.index(i);
    errs.push(...validateContainerCommon(ctr, p, ctx));
    const name = str(ctr.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else names.add(name);
    if (isObject(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, ctx.osName, p.child('lifecycle')));
    if (hasProbes(ctr)) errs.push(...validateProbes(ctr, p, ctx));
    // Containers rarely set a restart policy of their own.
    if (typeof ctr.restartPolicy === 'string' || arr(ctr.restartPolicyRules).length > 0) errs.push(...validateContainerRestartPolicy(ctr, p));
    if (Array.isArray(ctr.ports)) hasPorts = true;
  }
  if (hasPorts) errs.push(...checkHostPortConflicts(list.map((ctr, index) => ({ ctr, index })), path));
  return errs;
}

const hasProbes = (ctr: JsonObject): boolean => ctr.livenessProbe != null || ctr.readinessProbe != null || ctr.startupProbe != null;

function validateProbes(ctr: JsonObject, path: Path, ctx: PodContext): ErrorList {
  if (!hasProbes(ctr)) return [];
  return [
    ...validateProbe(ctr.livenessProbe, 'liveness', ctx.gracePeriod, path.child('livenessProbe')),
    ...validateProbe(ctr.readinessProbe, 'readiness', ctx.gracePeriod, path.child('readinessProbe')),
    ...validateProbe(ctr.startupProbe, 'startup', ctx.gracePeriod, path.child('startupProbe')),
  ];
}

export function validateInitContainers(containers: unknown, regular: unknown, path: Path, ctx: PodContext): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>(arr(regular).map((c) => str(obj(c).name)));
  arr(containers).forEach((c, i) => {
    const ctr = obj(c);
    const p = path.index(i);
    errs.push(...validateContainerCommon(ctr, p, ctx));
    errs.push(...validateInitContainerRestartPolicy(ctr, p));
    const restartAlways = ctr.restartPolicy === 'Always';
    const name = str(ctr.name);
    if (names.has(name)) errs.push(duplicate(p.child('name'), name));
    else if (name.length > 0) names.add(name);
    // Init containers run one by one, so each is checked for host port conflicts on its own.
    errs.push(...checkHostPortConflicts([{ ctr, index: i }], path));
    if (restartAlways) {
      if (isObject(ctr.lifecycle)) errs.push(...validateLifecycle(ctr.lifecycle, ctx.gracePeriod, ctx.osName, p.child('lifecycle')));
      errs.push(...validateProbes(ctr, p, ctx));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isObject(ctr[f])) errs.push(forbidden(p.child(f), NOT_FOR_PLAIN_INIT));
      }
      arr(ctr.resizePolicy).forEach((rp, j) => {
        const policy = str(obj(rp).restartPolicy);
        if (policy === 'RestartContainer') {
          errs.push(
            invalid(
              p.child('resizePolicy').index(j).child('restartPolicy'),
              policy,
              "must not be set to 'RestartContainer' for non-sidecar initContainers",
            ),
          );
        }
      });
    }
  });
  return errs;
}

/** Ephemeral containers are forbidden in templates, but upstream validates them first anyway. */
export function validateEphemeralContainers(ephemeral: unknown, containers: unknown, init: unknown, path: Path, ctx: PodContext): ErrorList {
  const list = arr(ephemeral);
  if (list.length === 0) return [];
  const errs: ErrorList = [];
  const others = new Set<string>([...arr(containers), ...arr(init)].map((c) => str(obj(c).name)));
  const all = new Set(others);
  list.forEach((c, i) => {
    const ec = obj(c);
    const p = path.index(i);
    errs.push(...validateContainerCommon(ec, p, ctx));
    const image = str(ec.image);
    if (image.trim() !== image) errs.push(invalid(p.child('image'), image, 'must not have leading or trailing whitespace'));
    const name = str(ec.name);
    if (all.has(name)) errs.push(duplicate(p.child('name'), name));
    else all.add(name);
    const target = str(ec.targetContainerName);
    if (target !== '' && !others.has(target)) errs.push(notFound(p.child('targetContainerName'), target));
    for (const f of EPHEMERAL_FORBIDDEN) {
      if (isSet(f, ec[f])) errs.push(forbidden(p.child(f), 'cannot be set for an Ephemeral Container'));
    }
    arr(ec.volumeMounts).forEach((m, j) => {
      const mount = obj(m);
      for (const f of ['subPath', 'subPathExpr']) {
        if (str(mount[f]) !== '') errs.push(forbidden(p.child('volumeMounts').index(j).child(f), 'cannot be set for an Ephemeral Container'));
      }
    });
  });
  return errs;
}

/**
 * Whether an EphemeralContainerCommon field differs from its Go zero value: slices and pointers count
 * as set once present (even empty); resources is a struct, set once any of its members is present.
 */
function isSet(field: string, v: unknown): boolean {
  if (v == null) return false;
  if (field === 'resources') return isObject(v) && Object.values(v).some((m) => m != null);
  return true;
}

function validateContainerCommon(ctr: JsonObject, path: Path, ctx: PodContext): ErrorList {
  const errs: ErrorList = [];
  // Paths are built only for what has something to report, and absent lists and structs are skipped.
  const name = str(ctr.name);
  if (name.length === 0) errs.push(required(path.child('name')));
  else invalidEach(isDNS1123Label(name), path, name, errs, 'name');
  // Whitespace-only images are a long-standing special token in templates, so only emptiness is checked.
  if (str(ctr.image).length === 0) errs.push(required(path.child('image')));
  requiredOneOf(str(ctr.terminationMessagePolicy), TERMINATION_MESSAGE_POLICIES, path, 'terminationMessagePolicy', errs);
  if (Array.isArray(ctr.ports)) errs.push(...validateContainerPorts(ctr.ports, path.child('ports')));
  if (Array.isArray(ctr.env)) errs.push(...validateEnv(ctr.env, path.child('env'), ctx.env));
  if (Array.isArray(ctr.envFrom)) errs.push(...validateEnvFrom(ctr.envFrom, path.child('envFrom')));
  const privileged = obj(ctr.securityContext).privileged === true;
  if (Array.isArray(ctr.volumeMounts)) {
    errs.push(...validateVolumeMounts(ctr.volumeMounts, ctr.volumeDevices, ctx.volumes, privileged, path.child('volumeMounts')));
  }
  if (Array.isArray(ctr.volumeDevices)) {
    errs.push(...validateVolumeDevices(ctr.volumeDevices, ctr.volumeMounts, ctx.volumes, path.child('volumeDevices')));
  }
  requiredOneOf(str(ctr.imagePullPolicy), PULL_POLICIES, path, 'imagePullPolicy', errs, SORTED_PULL_POLICIES);
  if (isObject(ctr.resources)) {
    errs.push(...validateContainerResources(ctr.resources, ctx.podClaimNames, path.child('resources'), ctx.allowIndivisibleHugePages));
  }
  if (Array.isArray(ctr.resizePolicy)) errs.push(...validateResizePolicy(ctr.resizePolicy, path.child('resizePolicy'), ctx.podRestartPolicy));
  if (isObject(ctr.securityContext)) {
    errs.push(
      ...validateContainerSecurityContext(ctr.securityContext, path.child('securityContext'), {
        hostUsers: ctx.hostUsers,
        allowPrivileged: ctx.allowPrivileged,
      }),
    );
  }
  return errs;
}

/** `path.field` is required and one of `allowed` (listed as `listed` in the message); the path is built only for an error. */
export function requiredOneOf(value: string, allowed: readonly string[], path: Path, field: string, errs: ErrorList, listed: readonly string[] = allowed): void {
  if (value === '') errs.push(required(path.child(field)));
  else if (!allowed.includes(value)) errs.push(notSupported(path.child(field), value, listed));
}

function validateResizePolicy(policies: unknown, path: Path, podRestartPolicy: string): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  arr(policies).forEach((rp, i) => {
    const p = obj(rp);
    const resourceName = str(p.resourceName);
    const restartPolicy = str(p.restartPolicy);
    if (seen.has(resourceName)) errs.push(duplicate(path.index(i), resourceName));
    seen.add(resourceName);
    if (resourceName === '') errs.push(required(path));
    else if (!RESIZE_RESOURCES.includes(resourceName)) errs.push(notSupported(path, resourceName, RESIZE_RESOURCES));
    if (restartPolicy === '') errs.push(required(path));
    else if (!RESIZE_POLICIES.includes(restartPolicy)) errs.push(notSupported(path, restartPolicy, RESIZE_POLICIES));
    if (podRestartPolicy === 'Never' && restartPolicy !== 'NotRequired') {
      errs.push(invalid(path, restartPolicy, "must be 'NotRequired' when pod `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

function validateInitContainerRestartPolicy(ctr: JsonObject, path: Path): ErrorList {
  if (typeof ctr.restartPolicy !== 'string') {
    return arr(ctr.restartPolicyRules).length > 0
      ? [required(path.child('restartPolicy'), 'must specify restartPolicy when restart rules are used')]
      : [];
  }
  return validateContainerRestartPolicy(ctr, path);
}

/** validateContainerRestartPolicy: the container-level policy and its rules. */
function validateContainerRestartPolicy(ctr: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const rules = arr(ctr.restartPolicyRules);
  const policyPath = path.child('restartPolicy');
  if (typeof ctr.restartPolicy !== 'string') {
    if (rules.length === 0) return errs;
    errs.push(required(policyPath, 'must specify restartPolicy when restart rules are used'));
  } else if (!CONTAINER_RESTART_POLICIES.includes(ctr.restartPolicy)) {
    errs.push(notSupported(policyPath, ctr.restartPolicy, CONTAINER_RESTART_POLICIES));
  }
  if (rules.length > MAX_RESTART_RULES) errs.push(tooMany(path.child('restartPolicyRules'), rules.length, MAX_RESTART_RULES));
  rules.forEach((r, i) => {
    const rule = obj(r);
    const p = path.child('restartPolicyRules').index(i);
    const action = str(rule.action);
    if (!RESTART_RULE_ACTIONS.includes(action)) errs.push(notSupported(p.child('action'), action, RESTART_RULE_ACTIONS));
    if (isObject(rule.exitCodes)) {
      const operator = str(rule.exitCodes.operator);
      if (!RESTART_RULE_OPERATORS.includes(operator)) {
        errs.push(notSupported(p.child('exitCodes', 'operator'), operator, RESTART_RULE_OPERATORS));
      }
      const values = arr(rule.exitCodes.values);
      if (values.length > MAX_EXIT_CODES) errs.push(tooMany(p.child('exitCodes', 'values'), values.length, MAX_EXIT_CODES));
    } else {
      errs.push(required(p.child('exitCodes'), 'must be specified'));
    }
  });
  return errs;
}
