// The subset of core PodValidationOptions that changes outcomes for Job and CronJob templates.
// Everything else is fixed at what a 1.36 API server with default feature gates uses (relaxed env
// var names, relaxed DNS search, EnvFiles, ContainerRestartRules, RestartAllContainers, PodLevelResources,
// sidecar resize policy, zero sleep actions all on; TaintTolerationComparisonOperators off).
import { root } from '../../field/index.ts';
import { arr, isObject, obj, str, strings } from '../meta/json.ts';
import { validateLabelSelector } from '../meta/selector.ts';
import { validateLocalNonReservedPath } from './paths.ts';
import { hugePagesDivisible } from './resources.ts';
import { spreadMatchLabelKeysInvalid } from './scheduling.ts';
import { isLabelValue } from '../names.ts';

export interface PodTemplateOptions {
  /** Persisted selectors in pod (anti-)affinity terms may keep invalid label values (update only). */
  allowInvalidLabelValueInSelector?: boolean;
  /** Persisted required node affinity may keep invalid label values (update only). */
  allowInvalidLabelValueInRequiredNodeAffinity?: boolean;
  /** Tolerations may use Lt/Gt (the old object already did, or the alpha gate is on). */
  allowTaintTolerationComparisonOperators?: boolean;
  /** kube-apiserver --allow-privileged; every common distribution sets it. */
  allowPrivileged?: boolean;
  /** SELinuxMount (beta, off) restricts seLinuxChangePolicy to Recursive unless the old object used the field. */
  onlyRecursiveSELinuxChangePolicy?: boolean;
  /** The old template already had an invalid topology spread labelSelector (update only). */
  allowInvalidTopologySpreadConstraintLabelSelector?: boolean;
  /** The old template already had a non-local projected token path (update only). */
  allowNonLocalProjectedTokenPath?: boolean;
  /** The old template already used hugepages values that are not whole pages (update only). */
  allowIndivisibleHugePagesValues?: boolean;
  /** The old template's spread matchLabelKeys fail the current rule: keep the legacy one (update only). */
  oldViolatesMatchLabelKeysValidation?: boolean;
}

export type ResolvedOptions = Required<PodTemplateOptions>;

export function resolveOptions(opts: PodTemplateOptions): ResolvedOptions {
  return {
    allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector ?? false,
    allowInvalidLabelValueInRequiredNodeAffinity: opts.allowInvalidLabelValueInRequiredNodeAffinity ?? false,
    allowTaintTolerationComparisonOperators: opts.allowTaintTolerationComparisonOperators ?? false,
    allowPrivileged: opts.allowPrivileged ?? true,
    onlyRecursiveSELinuxChangePolicy: opts.onlyRecursiveSELinuxChangePolicy ?? true,
    allowInvalidTopologySpreadConstraintLabelSelector: opts.allowInvalidTopologySpreadConstraintLabelSelector ?? false,
    allowNonLocalProjectedTokenPath: opts.allowNonLocalProjectedTokenPath ?? false,
    allowIndivisibleHugePagesValues: opts.allowIndivisibleHugePagesValues ?? false,
    oldViolatesMatchLabelKeysValidation: opts.oldViolatesMatchLabelKeysValidation ?? false,
  };
}

/** usesIndivisibleHugePagesValues: any container (or overhead) hugepages quantity that is not whole pages. */
function usesIndivisibleHugePages(spec: Record<string, unknown>): boolean {
  const lists: unknown[] = [spec.overhead];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of arr(spec[kind])) {
      const r = obj(obj(c).resources);
      lists.push(r.limits, r.requests);
    }
  }
  return lists.some((l) => Object.entries(obj(l)).some(([name, q]) => name.startsWith('hugepages-') && !hugePagesDivisible(name, q)));
}

const hasInvalidValue = (values: unknown): boolean => strings(values).some((v) => isLabelValue(v).length > 0);

function affinityTerms(spec: Record<string, unknown>): unknown[] {
  const affinity = obj(spec.affinity);
  const terms: unknown[] = [];
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = obj(affinity[kind]);
    terms.push(...arr(pa.requiredDuringSchedulingIgnoredDuringExecution));
    for (const w of arr(pa.preferredDuringSchedulingIgnoredDuringExecution)) terms.push(obj(w).podAffinityTerm);
  }
  return terms;
}

const STRICT = { allowInvalidLabelValueInSelector: false };
const scratch = root('scratch');

/** hasInvalidLabelValueInAffinitySelector counts any selector error, not only values. */
const selectorInvalid = (selector: unknown): boolean => validateLabelSelector(selector, scratch, STRICT).length > 0;

/**
 * GetValidationOptionsFromPodTemplate for the options above: on update, what the old template already
 * relied on stays allowed. On create (no old template) every option is at its default.
 */
export function podTemplateOptionsFor(oldTemplate: unknown): PodTemplateOptions {
  if (!isObject(oldTemplate)) return {};
  const old = obj(oldTemplate.spec);
  const oldAffinitySelectors = affinityTerms(old).some((t) => {
    const term = obj(t);
    return selectorInvalid(term.labelSelector) || selectorInvalid(term.namespaceSelector);
  });
  const required = obj(obj(obj(old.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  const oldNodeAffinity = arr(required.nodeSelectorTerms).some((t) =>
    arr(obj(t).matchExpressions).some((e) => hasInvalidValue(obj(e).values)),
  );
  const oldComparison = arr(old.tolerations).some((t) => ['Lt', 'Gt'].includes(str(obj(t).operator)));
  const oldSELinuxPolicy = obj(old.securityContext).seLinuxChangePolicy != null;
  const oldSpreadSelector = arr(old.topologySpreadConstraints).some((c) => selectorInvalid(obj(c).labelSelector));
  const oldTokenPath = arr(old.volumes).some((v) =>
    arr(obj(obj(v).projected).sources).some((src) => {
      const token = obj(src).serviceAccountToken;
      return isObject(token) && validateLocalNonReservedPath(str(token.path), scratch).length > 0;
    }),
  );
  return {
    allowInvalidTopologySpreadConstraintLabelSelector: oldSpreadSelector,
    allowNonLocalProjectedTokenPath: oldTokenPath,
    allowIndivisibleHugePagesValues: usesIndivisibleHugePages(old),
    oldViolatesMatchLabelKeysValidation: spreadMatchLabelKeysInvalid(old.topologySpreadConstraints),
    onlyRecursiveSELinuxChangePolicy: !oldSELinuxPolicy,
    allowInvalidLabelValueInSelector: oldAffinitySelectors,
    allowInvalidLabelValueInRequiredNodeAffinity: oldNodeAffinity,
    allowTaintTolerationComparisonOperators: oldComparison,
  };
}
