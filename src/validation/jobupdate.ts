// Upstream ValidateJobUpdate / ValidateJobSpecUpdate / validatePodTemplateUpdate (batch validation.go, 1.36):
// what an update may not change. Runs after ValidateJob on the new object; the spec is validated again here.
import { invalid, root, type ErrorList, type Path } from '../field/index.ts';
import { validateObjectMetaUpdate } from './meta/index.ts';
import { isObject, obj, type JsonObject } from './meta/json.ts';
import { semanticEqual } from './jobequality.ts';
import { validateJobSpecAndSelector } from './jobspec.ts';
import type { JobValidationOptions } from './joboptions.ts';
import { internalPodFailurePolicy } from './podfailurepolicy.ts';
import { internalSuccessPolicy } from './successpolicy.ts';
import { goLabelSelector } from './jobrender.ts';

const FIELD_IMMUTABLE = 'field is immutable';
const METADATA = root('metadata');
const SPEC = root('spec');

/** Upstream ValidateJobUpdate (without the ValidateJob half; see validateJobUpdate in job.ts). */
export function validateJobUpdateOnly(jobIn: unknown, oldJobIn: unknown, opts: JobValidationOptions): ErrorList {
  const job = obj(jobIn);
  const oldJob = obj(oldJobIn);
  const errs = validateObjectMetaUpdate(job.metadata, oldJob.metadata, METADATA);
  errs.push(...validateJobSpecUpdate(obj(job.spec), obj(oldJob.spec), SPEC, opts));
  return errs;
}

function immutable(value: unknown, oldValue: unknown, key: string, path: Path, render: (v: unknown) => unknown = nullable): ErrorList {
  return semanticEqual(value, oldValue, key) ? [] : [invalid(path, render(value), FIELD_IMMUTABLE)];
}

const nullable = (v: unknown): unknown => v ?? null;

function validateJobSpecUpdate(spec: JsonObject, oldSpec: JsonObject, path: Path, opts: JobValidationOptions): ErrorList {
  const errs = validateJobSpecAndSelector(spec, path, opts.spec);
  errs.push(...validateCompletions(spec, oldSpec, path.child('completions')));
  errs.push(...immutable(spec.selector, oldSpec.selector, 'selector', path.child('selector'), goLabelSelector));
  errs.push(...validatePodTemplateUpdate(spec, oldSpec, path, opts));
  errs.push(...immutable(spec.completionMode, oldSpec.completionMode, 'completionMode', path.child('completionMode')));
  errs.push(
    ...immutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, 'podFailurePolicy', path.child('podFailurePolicy'), internalPodFailurePolicy),
  );
  errs.push(...immutable(spec.backoffLimitPerIndex, oldSpec.backoffLimitPerIndex, 'backoffLimitPerIndex', path.child('backoffLimitPerIndex')));
  errs.push(...immutable(spec.managedBy, oldSpec.managedBy, 'managedBy', path.child('managedBy')));
  errs.push(...immutable(spec.successPolicy, oldSpec.successPolicy, 'successPolicy', path.child('successPolicy'), internalSuccessPolicy));
  return errs;
}

/** Completions are immutable for NonIndexed Jobs; Indexed Jobs may scale them together with parallelism. */
function validateCompletions(spec: JsonObject, oldSpec: JsonObject, path: Path): ErrorList {
  if (spec.completionMode !== 'Indexed') return immutable(spec.completions, oldSpec.completions, 'completions', path);
  if (semanticEqual(spec.completions, oldSpec.completions, 'completions')) return [];
  // Null completions on an Indexed Job is already reported by validateJobSpec.
  if (typeof spec.completions !== 'number') return [];
  if (spec.completions !== spec.parallelism) {
    return [invalid(path, spec.completions, 'can only be modified in tandem with spec.parallelism')];
  }
  return [];
}

function validatePodTemplateUpdate(spec: JsonObject, oldSpec: JsonObject, path: Path, opts: JobValidationOptions): ErrorList {
  const template = obj(spec.template);
  const oldTemplate = opts.allowMutableSchedulingDirectives
    ? withNewSchedulingDirectives(obj(oldSpec.template), template)
    : obj(oldSpec.template);
  const suspended = oldSpec.suspend === true;
  if (suspended && opts.allowMutablePodResources) {
    return validatePodResourceUpdatesOnly(obj(template.spec), obj(oldTemplate.spec), path.child('template.spec'));
  }
  return immutable(template, oldTemplate, 'template', path.child('template'));
}

/**
 * The old template with the new scheduling directives copied in, so that comparing it with the new template
 * ignores them: nodeSelector, tolerations, schedulingGates, template labels and annotations, and
 * affinity.nodeAffinity (affinity may go away entirely if it held nothing else).
 */
function withNewSchedulingDirectives(oldTemplate: JsonObject, template: JsonObject): JsonObject {
  const spec = obj(template.spec);
  const oldSpec: JsonObject = { ...obj(oldTemplate.spec) };
  const affinity = isObject(spec.affinity) ? spec.affinity : undefined;
  const oldAffinity = isObject(oldSpec.affinity) ? oldSpec.affinity : undefined;
  if (affinity === undefined && oldAffinity !== undefined) {
    const rest: JsonObject = { ...oldAffinity, nodeAffinity: undefined };
    oldSpec.affinity = rest.podAffinity == null && rest.podAntiAffinity == null ? undefined : rest;
  } else if (affinity !== undefined && oldAffinity === undefined) {
    oldSpec.affinity = { nodeAffinity: affinity.nodeAffinity };
  } else if (affinity !== undefined && oldAffinity !== undefined) {
    oldSpec.affinity = { ...oldAffinity, nodeAffinity: affinity.nodeAffinity };
  }
  oldSpec.nodeSelector = spec.nodeSelector;
  oldSpec.tolerations = spec.tolerations;
  oldSpec.schedulingGates = spec.schedulingGates;
  const meta = obj(template.metadata);
  return {
    ...oldTemplate,
    metadata: { ...obj(oldTemplate.metadata), annotations: meta.annotations, labels: meta.labels },
    spec: oldSpec,
  };
}

/** validatePodResourceUpdatesOnly: with the new container resources copied into the old spec, nothing else may differ. */
function validatePodResourceUpdatesOnly(podSpec: JsonObject, oldPodSpec: JsonObject, path: Path): ErrorList {
  const old: JsonObject = { ...oldPodSpec };
  for (const key of ['containers', 'initContainers']) {
    const now = Array.isArray(podSpec[key]) ? (podSpec[key] as unknown[]) : [];
    const before = Array.isArray(old[key]) ? (old[key] as unknown[]) : [];
    if (now.length !== before.length) continue;
    old[key] = before.map((c, i) => {
      const oldContainer = obj(c);
      const newContainer = obj(now[i]);
      return oldContainer.name === newContainer.name ? { ...oldContainer, resources: newContainer.resources } : c;
    });
  }
  return immutable(podSpec, old, 'spec', path);
}
