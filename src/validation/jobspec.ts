// JobSpec validation (batch validation.go): `validateJobSpec` is upstream's lowercase validateJobSpec, shared
// with CronJob's jobTemplate; `validateJobSpecAndSelector` is upstream's ValidateJobSpec, which adds the
// selector checks a Job (never a jobTemplate) gets.
import { invalid, notSupported, required, type ErrorList, type Path } from '../field/index.ts';
import { selectorMatchesLabels, validateLabelSelector } from './meta/index.ts';
import { isObject, obj, str, type JsonObject } from './meta/json.ts';
import { validateManagedBy } from './managedby.ts';
import { validatePodFailurePolicy } from './podfailurepolicy.ts';
import { validatePodTemplateSpec, type PodTemplateOptions } from './podtemplate/index.ts';
import { internalSuccessPolicy, validateSuccessPolicy } from './successpolicy.ts';
import { goMap } from './jobrender.ts';

export interface JobSpecOptions {
  /** Core pod validation options for spec.template (pod.GetValidationOptionsFromPodTemplate). */
  podTemplate: PodTemplateOptions;
  /** Tolerate invalid label values in spec.selector (an update of a Job whose stored selector had them). */
  allowInvalidLabelValueInSelector: boolean;
}

const MAX_PARALLELISM_FOR_INDEXED = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS = 10_000;

const COMPLETION_MODES = ['NonIndexed', 'Indexed'] as const;
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'] as const; // sorted (sets.List)
const JOB_RESTART_POLICIES = ['OnFailure', 'Never'] as const;
const NON_NEGATIVE = 'must be greater than or equal to 0';
const NON_NEGATIVE_FIELDS = ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex'];

const optNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Upstream validateJobSpec: everything but the selector (J5–J50 of rules.md). */
export function validateJobSpec(specIn: unknown, path: Path, opts: JobSpecOptions): ErrorList {
  const spec = obj(specIn);
  const errs: ErrorList = [];
  const parallelism = optNumber(spec.parallelism);
  const completions = optNumber(spec.completions);
  const backoffLimitPerIndex = optNumber(spec.backoffLimitPerIndex);
  const maxFailedIndexes = optNumber(spec.maxFailedIndexes);

  for (const name of NON_NEGATIVE_FIELDS) {
    const v = optNumber(spec[name]);
    if (v !== undefined && v < 0) errs.push(invalid(path.child(name), v, NON_NEGATIVE));
  }
  if (maxFailedIndexes !== undefined) {
    if (maxFailedIndexes < 0) errs.push(invalid(path.child('maxFailedIndexes'), maxFailedIndexes, NON_NEGATIVE));
    if (backoffLimitPerIndex === undefined) errs.push(required(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (typeof spec.managedBy === 'string') errs.push(...validateManagedBy(spec.managedBy, path.child('managedBy')));

  const mode = typeof spec.completionMode === 'string' ? spec.completionMode : undefined;
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(path.child('completionMode'), mode, COMPLETION_MODES));
    if (mode === 'Indexed') {
      if (completions === undefined) errs.push(required(path.child('completions'), 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_FOR_INDEXED) {
        errs.push(
          invalid(path.child('parallelism'), parallelism, `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED} when completion mode is Indexed`),
        );
      }
      if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions) {
        errs.push(invalid(path.child('maxFailedIndexes'), maxFailedIndexes, 'must be less than or equal to completions'));
      }
      if (maxFailedIndexes !== undefined && maxFailedIndexes > MAX_FAILED_INDEXES_FOR_INDEXED) {
        errs.push(invalid(path.child('maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES_FOR_INDEXED}`));
      }
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && backoffLimitPerIndex !== undefined) {
        const why = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (maxFailedIndexes === undefined) {
          errs.push(required(path.child('maxFailedIndexes'), `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}`));
        }
        if (parallelism !== undefined && parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
          errs.push(invalid(path.child('parallelism'), parallelism, `must be less than or equal to ${PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} ${why}`));
        }
        if (maxFailedIndexes !== undefined && maxFailedIndexes > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS) {
          errs.push(
            invalid(path.child('maxFailedIndexes'), maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} ${why}`),
          );
        }
      }
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (backoffLimitPerIndex !== undefined) {
      errs.push(invalid(path.child('backoffLimitPerIndex'), backoffLimitPerIndex, 'requires indexed completion mode'));
    }
    if (maxFailedIndexes !== undefined) errs.push(invalid(path.child('maxFailedIndexes'), maxFailedIndexes, 'requires indexed completion mode'));
  }

  const hasPodFailurePolicy = isObject(spec.podFailurePolicy);
  if (hasPodFailurePolicy) errs.push(...validatePodFailurePolicy(spec, path.child('podFailurePolicy')));
  if (isObject(spec.successPolicy)) {
    if (mode !== 'Indexed') {
      errs.push(invalid(path.child('successPolicy'), internalSuccessPolicy(spec.successPolicy), 'requires indexed completion mode'));
    } else {
      errs.push(...validateSuccessPolicy(spec, path.child('successPolicy')));
    }
  }
  errs.push(...validatePodReplacementPolicy(spec, hasPodFailurePolicy, path.child('podReplacementPolicy')));

  errs.push(...validatePodTemplateSpec(spec.template, path.child('template'), opts.podTemplate));
  errs.push(...validateJobRestartPolicy(spec, hasPodFailurePolicy, path));
  return errs;
}

function validatePodReplacementPolicy(spec: JsonObject, hasPodFailurePolicy: boolean, path: Path): ErrorList {
  if (typeof spec.podReplacementPolicy !== 'string') return [];
  const policy = spec.podReplacementPolicy;
  if (hasPodFailurePolicy) return policy === 'Failed' ? [] : [notSupported(path, policy, ['Failed'])];
  return (REPLACEMENT_POLICIES as readonly string[]).includes(policy) ? [] : [notSupported(path, policy, REPLACEMENT_POLICIES)];
}

function validateJobRestartPolicy(spec: JsonObject, hasPodFailurePolicy: boolean, path: Path): ErrorList {
  const restartPolicy = str(obj(obj(spec.template).spec).restartPolicy);
  const restartPath = path.child('template', 'spec', 'restartPolicy');
  // Pod defaulting turns an omitted restartPolicy into Always, so both mean "not chosen for a Job".
  if (restartPolicy === 'Always' || restartPolicy === '') return [required(restartPath, 'valid values: "OnFailure", "Never"')];
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') return [notSupported(restartPath, restartPolicy, JOB_RESTART_POLICIES)];
  if (hasPodFailurePolicy && restartPolicy !== 'Never') {
    return [invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified')];
  }
  return [];
}

/** Upstream ValidateJobSpec: validateJobSpec plus selector presence, syntax, and selector-versus-template labels. */
export function validateJobSpecAndSelector(specIn: unknown, path: Path, opts: JobSpecOptions): ErrorList {
  const spec = obj(specIn);
  const errs = validateJobSpec(spec, path, opts);
  const selectorPath = path.child('selector');
  if (!isObject(spec.selector)) errs.push(required(selectorPath));
  else {
    errs.push(...validateLabelSelector(spec.selector, selectorPath, { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector }));
  }
  const labels = obj(obj(spec.template).metadata).labels;
  if (selectorMatchesLabels(spec.selector, labels) === false) {
    errs.push(invalid(path.child('template', 'metadata', 'labels'), goMap(labels), '`selector` does not match template `labels`'));
  }
  return errs;
}
