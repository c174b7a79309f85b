// The two webhooks as pure functions of a decoded request: what to allow, deny or patch.
// Transport (body, TLS, status codes) lives in src/server; the rules live in the engine.
import type { Policy } from '../defaulting/index.ts';
import type { ReviewInput, Verdict } from '../engine/index.ts';
import { invalidStatus } from '../field/index.ts';
import type { Defaulter } from './defaulting.ts';
import type { AdmissionRequest } from './review.ts';
import { allowed, denied, patched, type AdmissionResponse } from './response.ts';
import { routingPatch } from './routing.ts';

/** The rule engine's entry (reviewObject), injected like the defaulter so tests can make either fail. */
export type Reviewer = (input: ReviewInput) => Verdict;

export interface HandlerDeps {
  review: Reviewer;
  defaults: Defaulter;
  policy?: Policy;
  controllerName: string;
  /** Labels of a Namespace from the cache; undefined when not known or not watched. */
  namespaceLabels: (namespace: string) => Record<string, string> | undefined;
}

export const BATCH_KINDS = new Set(['Job', 'CronJob']);

/** Whether batchguard judges this request at all: batch/v1 Jobs and CronJobs, CREATE or UPDATE, no subresource. */
export function inScope(request: AdmissionRequest): boolean {
  return (
    request.kind.group === 'batch' &&
    request.kind.version === 'v1' &&
    BATCH_KINDS.has(request.kind.kind) &&
    (request.operation === 'CREATE' || request.operation === 'UPDATE') &&
    request.subResource === ''
  );
}

export function validateHandler(request: AdmissionRequest, deps: HandlerDeps): AdmissionResponse {
  if (!inScope(request)) return allowed();
  const verdict = deps.review({
    kind: request.kind.kind,
    operation: request.operation as 'CREATE' | 'UPDATE',
    object: request.object,
    oldObject: request.operation === 'UPDATE' ? request.oldObject : undefined,
    policy: deps.policy,
    namespace: request.namespace === '' ? undefined : request.namespace,
    patch: false,
  });
  if (!verdict.supported) return allowed();
  if (verdict.errors.length > 0) {
    return denied(invalidStatus('batch', verdict.kind, verdict.name, verdict.errors), verdict.warnings);
  }
  return allowed(verdict.warnings);
}

export function mutateHandler(request: AdmissionRequest, deps: HandlerDeps): AdmissionResponse {
  if (!inScope(request)) return allowed();
  const defaults = deps.defaults({ kind: request.kind.kind, object: request.object, policy: deps.policy });
  const routing = routingPatch({
    kind: request.kind.kind,
    operation: request.operation,
    object: request.object,
    namespaceLabels: request.namespace === '' ? undefined : deps.namespaceLabels(request.namespace),
    controllerName: deps.controllerName,
  });
  const patch = defaults.length === 0 ? routing : routing.length === 0 ? defaults : [...defaults, ...routing];
  // Warnings are the validating webhook's to give: the mutating one would print them twice.
  return patch.length > 0 ? patched(patch) : allowed();
}
