// Core pod-spec defaults the API server applies to a Job's or CronJob's pod template
// (pkg/apis/core/v1/defaults.go via batch/v1 zz_generated.defaults.go, Kubernetes 1.36).
// Not ported: SetDefaults_ResourceList's rounding of quantities to milli precision, which the
// API server repeats itself when it re-encodes the object.
import schema from '../validation/schema/batch-v1.schema.json' with { type: 'json' };
import { defaultPullPolicy } from './image.ts';
import { isObject, isUnset, isZero, type Copy, type Draft } from './object.ts';

const DEFAULT_MODE = 0o644; // Secret, ConfigMap, DownwardAPI and Projected volume sources
const SERVICE_ACCOUNT_TOKEN_EXPIRATION = 3600;

// Every member of the Go VolumeSource struct, as promoted into Volume: a volume with none set
// gets an emptyDir.
const volumeProperties = (schema.$defs['io.k8s.api.core.v1.Volume'] as { properties: Record<string, { 'x-go-inline'?: string[] }> })
  .properties;
const VOLUME_SOURCES = new Set(Object.keys(volumeProperties).filter((k) => volumeProperties[k]['x-go-inline']?.includes('VolumeSource')));

/** SetDefaults_Volume's "all VolumeSource pointers nil"; a volume has few keys, so scan those. */
function hasVolumeSource(volume: Record<string, unknown>): boolean {
  for (const key in volume) if (VOLUME_SOURCES.has(key) && volume[key] !== null && volume[key] !== undefined) return true;
  return false;
}

// Spreads of their own for the hot kinds of object (see Copy in object.ts).
const copyVolume: Copy = (o) => ({ ...o });
const copyContainer: Copy = (o) => ({ ...o });

// defaultPodSpec and defaultContainer run for every pod template and container, so they read members
// from the object as given and write them to the Draft's copy by name: accesses V8 specialises to the
// few shapes seen here, unlike the Draft's keyed get and set, which see every kind of object. Each
// member is read before its default sets it.

export function defaultPodSpec(s: Draft): void {
  const given = s.base;
  if (isZero(given.dnsPolicy)) s.writable().dnsPolicy = 'ClusterFirst';
  if (isZero(given.restartPolicy)) s.writable().restartPolicy = 'Always';
  if (isUnset(given.securityContext)) s.writable().securityContext = {};
  if (isUnset(given.terminationGracePeriodSeconds)) s.writable().terminationGracePeriodSeconds = 30;
  if (isZero(given.schedulerName)) s.writable().schedulerName = 'default-scheduler';
  if (Array.isArray(given.volumes)) s.each('volumes', defaultVolume, copyVolume);
  if (Array.isArray(given.initContainers)) s.each('initContainers', defaultContainer, copyContainer);
  if (Array.isArray(given.containers)) s.each('containers', defaultContainer, copyContainer);
  if (Array.isArray(given.ephemeralContainers)) s.each('ephemeralContainers', defaultContainer, copyContainer);
}

const fieldRefApiVersion = (ref: Draft): void => ref.default('apiVersion', 'v1', isZero);
const defaultMode = (source: Draft): void => source.default('defaultMode', DEFAULT_MODE);
const downwardItem = (item: Draft): void => item.present('fieldRef', fieldRefApiVersion);
const downwardItems = (source: Draft): void => source.each('items', downwardItem);
const tokenExpiration = (t: Draft): void => t.default('expirationSeconds', SERVICE_ACCOUNT_TOKEN_EXPIRATION);
const projectedSource = (source: Draft): void => {
  source.present('downwardAPI', downwardItems);
  source.present('serviceAccountToken', tokenExpiration);
};
const claimSpec = (spec: Draft): void => spec.default('volumeMode', 'Filesystem');
const claimTemplate = (t: Draft): void => t.object('spec', claimSpec);

// The defaults of each volume source that has some, by member name. A volume has one source, so
// defaultVolume looks up its own few keys here instead of probing every source.
const VOLUME_SOURCE_DEFAULTS = new Map<string, (source: Draft) => void>([
  ['hostPath', (h) => h.default('type', '')],
  ['secret', defaultMode],
  ['iscsi', (i) => i.default('iscsiInterface', 'default', isZero)],
  [
    'rbd',
    (r) => {
      r.default('pool', 'rbd', isZero);
      r.default('user', 'admin', isZero);
      r.default('keyring', '/etc/ceph/keyring', isZero);
    },
  ],
  [
    'downwardAPI',
    (d) => {
      defaultMode(d);
      downwardItems(d);
    },
  ],
  ['configMap', defaultMode],
  [
    'azureDisk',
    (a) => {
      a.default('cachingMode', 'ReadWrite');
      a.default('fsType', 'ext4');
      a.default('readOnly', false);
      a.default('kind', 'Shared');
    },
  ],
  [
    'projected',
    (p) => {
      defaultMode(p);
      p.each('sources', projectedSource);
    },
  ],
  [
    'scaleIO',
    (s) => {
      s.default('storageMode', 'ThinProvisioned', isZero);
      s.default('fsType', 'xfs', isZero);
    },
  ],
  ['ephemeral', (e) => e.present('volumeClaimTemplate', claimTemplate)],
  // ImageVolume is GA (locked on) in 1.36.
  ['image', (img) => img.default('pullPolicy', defaultPullPolicy(img.get('reference')), isZero)],
]);

/** Each source edits only its own member, so the order the sources are visited in does not matter. */
function defaultVolume(v: Draft): void {
  const volume = v.base;
  if (!hasVolumeSource(volume)) v.set('emptyDir', {});
  for (const key in volume) {
    const edit = VOLUME_SOURCE_DEFAULTS.get(key);
    if (edit !== undefined) v.present(key, edit);
  }
}

// The edits are module-level functions rather than inline arrows: defaulting runs on every request,
// and an inline arrow is a new closure each time it is reached.
const defaultPortProtocol = (p: Draft): void => p.default('protocol', 'TCP', isZero);
const defaultFileKeyRef = (k: Draft): void => k.default('optional', false);
const defaultEnvSource = (from: Draft): void => {
  from.present('fieldRef', fieldRefApiVersion);
  from.present('fileKeyRef', defaultFileKeyRef);
};
const defaultEnvVar = (e: Draft): void => e.present('valueFrom', defaultEnvSource);
/** Whether defaultEnvVar could change an entry: one with a valueFrom, or a null one (becomes `{}`). */
function hasEditableEnvVar(env: unknown): boolean {
  if (!Array.isArray(env)) return false;
  for (const e of env) if (e === null || (isObject(e) && isObject(e.valueFrom))) return true;
  return false;
}
const defaultHandler = (h: Draft): void => h.present('httpGet', defaultHttpGet);
const defaultLifecycle = (l: Draft): void => {
  l.present('postStart', defaultHandler);
  l.present('preStop', defaultHandler);
};

function defaultContainer(c: Draft): void {
  const given = c.base;
  if (isZero(given.imagePullPolicy)) c.writable().imagePullPolicy = defaultPullPolicy(given.image);
  if (isZero(given.terminationMessagePath)) c.writable().terminationMessagePath = '/dev/termination-log';
  if (isZero(given.terminationMessagePolicy)) c.writable().terminationMessagePolicy = 'File';
  if (Array.isArray(given.ports)) c.each('ports', defaultPortProtocol);
  // Long env lists rarely use valueFrom: a draft per entry only when some entry can change.
  if (hasEditableEnvVar(given.env)) c.each('env', defaultEnvVar);
  if (isObject(given.livenessProbe)) c.present('livenessProbe', defaultProbe);
  if (isObject(given.readinessProbe)) c.present('readinessProbe', defaultProbe);
  if (isObject(given.startupProbe)) c.present('startupProbe', defaultProbe);
  if (isObject(given.lifecycle)) c.present('lifecycle', defaultLifecycle);
}

function defaultProbe(p: Draft): void {
  p.default('timeoutSeconds', 1, isZero);
  p.default('periodSeconds', 10, isZero);
  p.default('successThreshold', 1, isZero);
  p.default('failureThreshold', 3, isZero);
  p.present('httpGet', defaultHttpGet);
  p.present('grpc', defaultGrpcService);
}

const defaultGrpcService = (g: Draft): void => g.default('service', '');

function defaultHttpGet(action: Draft): void {
  action.default('path', '/', isZero);
  action.default('scheme', 'HTTP', isZero);
}
