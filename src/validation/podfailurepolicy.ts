// spec.podFailurePolicy (validatePodFailurePolicy and its rule checks in batch validation.go).
import { OMIT, duplicate, goQuote, invalid, notSupported, required, tooMany, type ErrorList, type Path } from '../field/index.ts';
import { arr, isObject, obj, str, type JsonObject } from './meta/json.ts';
import { isQualifiedName } from './names.ts';

const MAX_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_CONDITION_PATTERNS = 20;

// Sorted, as upstream builds them with sets.List.
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'] as const;
const OPERATORS = ['In', 'NotIn'] as const;
const CONDITION_STATUSES = ['False', 'True', 'Unknown'] as const;

// Go's %q of a []string: ["A" "B"], used inside some Required details.
const goStringList = (values: readonly string[]): string => `[${values.map(goQuote).join(' ')}]`;
const ACTIONS_REQUIRED = `valid values: ${goStringList(ACTIONS)}`;
const OPERATORS_REQUIRED = `valid values: ${goStringList(OPERATORS)}`;
const STATUSES_REQUIRED = `valid values: ${goStringList(CONDITION_STATUSES)}`;

const isAction = (a: string): boolean => (ACTIONS as readonly string[]).includes(a);

/** `spec` is the JobSpec holding the policy (rules look at backoffLimitPerIndex and container names). */
export function validatePodFailurePolicy(spec: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const rules = arr(obj(spec.podFailurePolicy).rules);
  const rulesPath = path.child('rules');
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_RULES));
  const containerNames = templateContainerNames(spec);
  for (let i = 0; i < rules.length; i++) {
    errs.push(...validateRule(spec, obj(rules[i]), rulesPath.index(i), containerNames));
  }
  return errs;
}

function templateContainerNames(spec: JsonObject): Set<string> {
  const podSpec = obj(obj(spec.template).spec);
  const names = new Set<string>();
  for (const c of arr(podSpec.containers)) names.add(str(obj(c).name));
  for (const c of arr(podSpec.initContainers)) names.add(str(obj(c).name));
  return names;
}

function validateRule(spec: JsonObject, rule: JsonObject, path: Path, containerNames: Set<string>): ErrorList {
  const errs: ErrorList = [];
  const actionPath = path.child('action');
  const action = str(rule.action);
  if (action === '') {
    errs.push(required(actionPath, ACTIONS_REQUIRED));
  } else if (action === 'FailIndex') {
    if (spec.backoffLimitPerIndex == null) errs.push(invalid(actionPath, action, 'requires the backoffLimitPerIndex to be set'));
  } else if (!isAction(action)) {
    errs.push(notSupported(actionPath, action, ACTIONS));
  }
  const hasExitCodes = isObject(rule.onExitCodes);
  const patterns = arr(rule.onPodConditions);
  if (hasExitCodes) errs.push(...validateOnExitCodes(rule.onExitCodes as JsonObject, path.child('onExitCodes'), containerNames));
  if (patterns.length > 0) errs.push(...validateOnPodConditions(patterns, path.child('onPodConditions')));
  if (hasExitCodes && patterns.length > 0) {
    errs.push(invalid(path, OMIT, 'specifying both OnExitCodes and OnPodConditions is not supported'));
  }
  if (!hasExitCodes && patterns.length === 0) {
    errs.push(invalid(path, OMIT, 'specifying one of OnExitCodes and OnPodConditions is required'));
  }
  return errs;
}

function validateOnPodConditions(patterns: readonly unknown[], path: Path): ErrorList {
  const errs: ErrorList = [];
  if (patterns.length > MAX_CONDITION_PATTERNS) errs.push(tooMany(path, patterns.length, MAX_CONDITION_PATTERNS));
  for (let j = 0; j < patterns.length; j++) {
    const pattern = obj(patterns[j]);
    const patternPath = path.index(j);
    const type = str(pattern.type);
    for (const msg of isQualifiedName(type)) errs.push(invalid(patternPath.child('type'), type, msg));
    const status = str(pattern.status);
    const statusPath = patternPath.child('status');
    if (status === '') errs.push(required(statusPath, STATUSES_REQUIRED));
    else if (!(CONDITION_STATUSES as readonly string[]).includes(status)) errs.push(notSupported(statusPath, status, CONDITION_STATUSES));
  }
  return errs;
}

function validateOnExitCodes(req: JsonObject, path: Path, containerNames: Set<string>): ErrorList {
  const errs: ErrorList = [];
  const operatorPath = path.child('operator');
  const operator = str(req.operator);
  if (operator === '') errs.push(required(operatorPath, OPERATORS_REQUIRED));
  else if (!(OPERATORS as readonly string[]).includes(operator)) errs.push(notSupported(operatorPath, operator, OPERATORS));
  if (typeof req.containerName === 'string' && !containerNames.has(req.containerName)) {
    errs.push(
      invalid(path.child('containerName'), req.containerName, 'must be one of the container or initContainer names in the pod template'),
    );
  }
  const valuesPath = path.child('values');
  const values = arr(req.values);
  // A nil list prints as null, an empty one as [] (Go's JSON of the slice).
  if (values.length === 0) errs.push(invalid(valuesPath, Array.isArray(req.values) ? req.values : null, 'at least one value is required'));
  else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(valuesPath, values.length, MAX_EXIT_CODE_VALUES));
  let ordered = true;
  const seen = new Set<unknown>();
  for (let j = 0; j < values.length; j++) {
    const value = values[j];
    const valuePath = valuesPath.index(j);
    if (operator === 'In' && value === 0) errs.push(invalid(valuePath, value, 'must not be 0 for the In operator'));
    if (seen.has(value)) errs.push(duplicate(valuePath, value));
    else seen.add(value);
    if (j > 0 && (values[j - 1] as number) > (value as number)) ordered = false;
  }
  if (!ordered) errs.push(invalid(valuesPath, values, 'must be ordered'));
  return errs;
}

/** The policy as the API server prints it inside errors: the internal struct, Go field names, no JSON tags. */
export function internalPodFailurePolicy(policy: unknown): unknown {
  if (!isObject(policy)) return null;
  return {
    Rules: Array.isArray(policy.rules)
      ? policy.rules.map((r) => {
          const rule = obj(r);
          const onExit = isObject(rule.onExitCodes)
            ? {
                ContainerName: typeof rule.onExitCodes.containerName === 'string' ? rule.onExitCodes.containerName : null,
                Operator: str(rule.onExitCodes.operator),
                Values: Array.isArray(rule.onExitCodes.values) ? rule.onExitCodes.values : null,
              }
            : null;
          return {
            Action: str(rule.action),
            OnExitCodes: onExit,
            OnPodConditions: Array.isArray(rule.onPodConditions)
              ? rule.onPodConditions.map((p) => ({ Type: str(obj(p).type), Status: str(obj(p).status) }))
              : null,
          };
        })
      : null,
  };
}
