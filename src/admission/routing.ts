// Routing at admission: a Job (or a CronJob's job template) that opts in to batchguard's controller
// gets spec.managedBy on CREATE, so the built-in Job controller skips it and batchguard's runs it.
// managedBy is immutable, so UPDATEs are never touched, and a managedBy already chosen is never replaced.
import type { JsonPatchOp } from './response.ts';

export const MANAGED_LABEL = 'batchguard.io/managed';
export const DEFAULT_CONTROLLER_NAME = 'batchguard.io/job-controller';

export interface RoutingInput {
  kind: string;
  operation: string;
  object: unknown;
  /** Labels of the object's Namespace, or undefined when batchguard does not watch Namespaces. */
  namespaceLabels: Record<string, string> | undefined;
  controllerName: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optedIn(labels: unknown): boolean {
  return isRecord(labels) && labels[MANAGED_LABEL] === 'true';
}

/** Where managedBy lives for this kind, as JSON Pointer segments of its parent object. */
function jobSpecPath(kind: string): string[] | undefined {
  if (kind === 'Job') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec'];
  return undefined;
}

/** The patch that routes the object to batchguard's controller; empty when it must not be routed. */
export function routingPatch(input: RoutingInput): JsonPatchOp[] {
  if (input.operation !== 'CREATE') return [];
  const specPath = jobSpecPath(input.kind);
  if (specPath === undefined || !isRecord(input.object)) return [];
  const meta = input.object.metadata;
  if (!optedIn(isRecord(meta) ? meta.labels : undefined) && !optedIn(input.namespaceLabels)) return [];
  let spec: unknown = input.object;
  for (const key of specPath) spec = isRecord(spec) ? spec[key] : undefined;
  // A missing or malformed spec is the validator's to reject; adding to it could only fail the patch.
  if (!isRecord(spec)) return [];
  if (spec.managedBy !== undefined && spec.managedBy !== null) return [];
  const pointer = '/' + [...specPath, 'managedBy'].join('/');
  return [{ op: 'add', path: pointer, value: input.controllerName }];
}
