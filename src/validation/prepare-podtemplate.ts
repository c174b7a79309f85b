// pod.DropDisabledTemplateFields for a 1.36 API server with default feature gates: the Job and CronJob
// strategies call it before validation, so template fields of gates that are off are silently removed
// (kept on update when the stored template already used them). In 1.36 the gates that are off by default
// and guard template fields are ClusterTrustBundleProjection, PodCertificateRequest (projected volume
// sources), ContainerStopSignals (lifecycle.stopSignal) and GenericWorkload (schedulingGroup).
// Copy-on-write: the input is returned as is when nothing is dropped.
import { arr, isObject, obj, type JsonObject } from './meta/json.ts';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

// Loops rather than nested some() callbacks: these run on every request, the callbacks would be new closures each time.
function projectedSourcesUse(podSpec: JsonObject, key: string): boolean {
  for (const v of arr(podSpec.volumes)) {
    for (const s of arr(obj(obj(v).projected).sources)) if (obj(s)[key] != null) return true;
  }
  return false;
}

function stopSignalsInUse(podSpec: JsonObject): boolean {
  return stopSignalIn(podSpec.initContainers) || stopSignalIn(podSpec.containers) || stopSignalIn(podSpec.ephemeralContainers);
}

function stopSignalIn(containers: unknown): boolean {
  for (const c of arr(containers)) if (obj(obj(c).lifecycle).stopSignal != null) return true;
  return false;
}

function withoutProjectedSource(podSpec: JsonObject, keys: readonly string[]): JsonObject {
  if (!Array.isArray(podSpec.volumes)) return podSpec;
  let changed = false;
  const volumes = podSpec.volumes.map((v) => {
    const volume = obj(v);
    const projected = obj(volume.projected);
    if (!Array.isArray(projected.sources)) return v;
    if (!projected.sources.some((s) => keys.some((k) => obj(s)[k] != null))) return v;
    changed = true;
    const sources = projected.sources.map((s) => {
      if (!isObject(s)) return s;
      const copy: JsonObject = { ...s };
      for (const k of keys) delete copy[k];
      return copy;
    });
    return { ...volume, projected: { ...projected, sources } };
  });
  return changed ? { ...podSpec, volumes } : podSpec;
}

function withoutStopSignals(podSpec: JsonObject): JsonObject {
  let out = podSpec;
  for (const list of CONTAINER_LISTS) {
    const containers = podSpec[list];
    if (!Array.isArray(containers) || !containers.some((c) => obj(obj(c).lifecycle).stopSignal != null)) continue;
    const wiped = containers.map((c) => {
      const container = obj(c);
      const lifecycle = obj(container.lifecycle);
      if (lifecycle.stopSignal == null) return c;
      const rest: JsonObject = { ...lifecycle };
      delete rest.stopSignal;
      const copy: JsonObject = { ...container };
      // An emptied Lifecycle becomes nil, as upstream's wipeLifecycle does.
      if (rest.postStart == null && rest.preStop == null) delete copy.lifecycle;
      else copy.lifecycle = rest;
      return copy;
    });
    out = { ...out, [list]: wiped };
  }
  return out;
}

/** Whether the spec sets a field of a disabled gate at all: when not, there is nothing to drop. */
function usesGatedFields(podSpec: JsonObject): boolean {
  return (
    podSpec.schedulingGroup !== undefined ||
    projectedSourcesUse(podSpec, 'clusterTrustBundle') ||
    projectedSourcesUse(podSpec, 'podCertificate') ||
    stopSignalsInUse(podSpec)
  );
}

/** The template with the fields of disabled gates removed; `oldTemplate` is the stored one on update. */
export function dropDisabledTemplateFields(template: unknown, oldTemplate?: unknown): unknown {
  if (!isObject(template) || !isObject(template.spec)) return template;
  if (!usesGatedFields(template.spec)) return template;
  const oldSpec = obj(obj(oldTemplate).spec);
  let spec: JsonObject = template.spec;
  const dropSources = ['clusterTrustBundle', 'podCertificate'].filter((k) => !projectedSourcesUse(oldSpec, k));
  if (dropSources.length > 0) spec = withoutProjectedSource(spec, dropSources);
  if (!stopSignalsInUse(oldSpec)) spec = withoutStopSignals(spec);
  if (spec.schedulingGroup !== undefined && oldSpec.schedulingGroup == null) {
    spec = { ...spec };
    delete spec.schedulingGroup;
  }
  return spec === template.spec ? template : { ...template, spec };
}
