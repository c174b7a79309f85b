// spec.podFailurePolicy evaluation (pod_failure_policy.go matchPodFailurePolicy).
import type { ContainerStatus, Job, Pod, PodFailurePolicyRule } from './types.ts';

export interface PolicyMatch {
  /** The FailureTarget message when the action is FailJob. */
  failJobMessage: string | undefined;
  /** false only for Ignore: the failure is not counted. */
  countFailed: boolean;
  action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count' | undefined;
}

const NO_MATCH: PolicyMatch = { failJobMessage: undefined, countFailed: true, action: undefined };

export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch {
  const rules = job.spec.podFailurePolicy?.rules;
  if (!rules) return NO_MATCH;
  for (const [index, rule] of rules.entries()) {
    if (rule.onExitCodes) {
      const container = matchOnExitCodes(pod, rule.onExitCodes);
      if (!container) continue;
      const found = act(rule, () =>
        `Container ${container.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${container.state?.terminated?.exitCode} matching FailJob rule at index ${index}`);
      if (found) return found;
    } else if (rule.onPodConditions) {
      const condition = (pod.status?.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((p) => c.type === p.type && c.status === (p.status ?? 'True')));
      if (!condition) continue;
      const found = act(rule, () =>
        `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${condition.type} matching FailJob rule at index ${index}`);
      if (found) return found;
    }
  }
  return NO_MATCH;
}

// An unknown action falls through to the next rule, as in the Go switch without default.
function act(rule: PodFailurePolicyRule, message: () => string): PolicyMatch | undefined {
  switch (rule.action) {
    case 'Ignore':
      return { failJobMessage: undefined, countFailed: false, action: 'Ignore' };
    case 'FailIndex':
      return { failJobMessage: undefined, countFailed: true, action: 'FailIndex' };
    case 'Count':
      return { failJobMessage: undefined, countFailed: true, action: 'Count' };
    case 'FailJob':
      return { failJobMessage: message(), countFailed: true, action: 'FailJob' };
    default:
      return undefined;
  }
}

function matchOnExitCodes(pod: Pod, requirement: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  return matchingContainer(pod.status?.containerStatuses ?? [], requirement)
    ?? matchingContainer(pod.status?.initContainerStatuses ?? [], requirement);
}

function matchingContainer(statuses: ContainerStatus[], requirement: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  return statuses.find((s) => {
    const terminated = s.state?.terminated;
    if (!terminated) return false;
    if (requirement.containerName !== undefined && requirement.containerName !== null && requirement.containerName !== s.name) return false;
    if (terminated.exitCode === 0) return false;
    const listed = requirement.values.includes(terminated.exitCode);
    return requirement.operator === 'In' ? listed : requirement.operator === 'NotIn' ? !listed : false;
  });
}
