// apimachinery's Semantic.DeepEqual over the v1 JSON of a Job's fields, as ValidateImmutableField uses it.
// Go compares decoded structs, so JSON that decodes to the same struct must compare equal:
// - null, an absent key and a non-pointer zero value ("", 0, false, [], a struct of zeros) are the same;
//   a pointer field that is set (even to 0, false or {}) differs from an absent one;
// - maps compare by their entries (an empty map equals an absent one; {"a": ""} does not);
// - resource quantities compare by value ("1000m" equals "1", "1Gi" equals "1073741824"), with the
//   core quantity parser (values finer than 1n round up, as upstream).
import { isObject, type JsonObject } from './meta/json.ts';
import { compareQuantities, parseQuantity, type Quantity } from './podtemplate/index.ts';

// JSON names of pointer fields in the core/v1 pod template types (types.go, `*T` with that json tag). The
// names that are a pointer in one struct and a value in another (resources, restartPolicy, type, name, ...)
// are left out: for them a zero value compares equal to absent, which is what the common case needs.
const POINTER_FIELDS = new Set([
  'activeDeadlineSeconds', 'affinity', 'allowPrivilegeEscalation', 'appArmorProfile', 'appProtocol', 'automountServiceAccountToken',
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'capabilities', 'cephfs', 'cinder', 'clusterTrustBundle', 'configMap',
  'configMapKeyRef', 'configMapRef', 'csi', 'dataSource', 'dataSourceRef', 'defaultMode', 'dnsConfig', 'downwardAPI', 'emptyDir',
  'enableServiceLinks', 'ephemeral', 'exec', 'expirationSeconds', 'fc', 'fieldRef', 'fileKeyRef', 'flexVolume', 'flocker',
  'fsGroup', 'fsGroupChangePolicy', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'gmsaCredentialSpec', 'gmsaCredentialSpecName',
  'grpc', 'hostPath', 'hostProcess', 'hostUsers', 'hostnameOverride', 'httpGet', 'iscsi', 'lifecycle', 'livenessProbe',
  'localhostProfile', 'mode', 'mountPropagation', 'nfs', 'nodeAffinity', 'nodeAffinityPolicy', 'nodeExpandSecretRef',
  'nodePublishSecretRef', 'nodeStageSecretRef', 'nodeTaintsPolicy', 'optional', 'os', 'persistentVolumeClaim',
  'photonPersistentDisk', 'podAffinity', 'podAntiAffinity', 'podCertificate', 'portworxVolume', 'postStart', 'preStop',
  'preemptionPolicy', 'priority', 'privileged', 'procMount', 'projected', 'quobyte', 'rbd', 'readinessProbe', 'readOnlyRootFilesystem',
  'recursiveReadOnly', 'resourceClaimName', 'resourceClaimTemplateName', 'resourceFieldRef', 'runAsGroup', 'runAsNonRoot',
  'runAsUser', 'runAsUserName', 'runtimeClassName', 'scaleIO', 'seLinuxChangePolicy', 'seLinuxOptions', 'seccompProfile', 'secret',
  'secretKeyRef', 'secretRef', 'securityContext', 'serviceAccountToken', 'setHostnameAsFQDN', 'shareProcessNamespace', 'sleep',
  'startupProbe', 'stopSignal', 'storageClassName', 'storageos', 'supplementalGroupsPolicy', 'tcpSocket',
  'terminationGracePeriodSeconds', 'tolerationSeconds', 'valueFrom', 'volumeAttributesClassName', 'volumeClaimTemplate',
  'volumeMode', 'vsphereVolume', 'windowsOptions', 'podFailurePolicy', 'successPolicy', 'selector', 'managedBy',
  'completions', 'parallelism', 'completionMode', 'backoffLimitPerIndex', 'maxFailedIndexes', 'suspend',
]);

// JSON names of map fields (map[string]string or ResourceList).
const MAP_FIELDS = new Set(['labels', 'annotations', 'nodeSelector', 'limits', 'requests', 'overhead', 'volumeAttributes', 'options', 'matchLabels']);
const QUANTITY_MAPS = new Set(['limits', 'requests', 'overhead']);
const QUANTITY_FIELDS = new Set(['sizeLimit']);

function isZero(v: unknown, key: string | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (key !== undefined && POINTER_FIELDS.has(key)) return false;
  if (v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) {
    if (key !== undefined && MAP_FIELDS.has(key)) return Object.keys(v).length === 0;
    for (const k in v) if (!isZero(v[k], k)) return false;
    return true;
  }
  return false;
}

/** Semantic.DeepEqual(a, b) for values found under the JSON key `key` (undefined for list items and roots). */
export function semanticEqual(a: unknown, b: unknown, key?: string): boolean {
  if (a === b) return true;
  // Zero values only matter against an absent side; two present values compare by structure.
  if (a === undefined || a === null) return isZero(b, key);
  if (b === undefined || b === null) return isZero(a, key);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i], undefined)) return false;
    return true;
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    return key !== undefined && MAP_FIELDS.has(key) ? mapsEqual(a, b, QUANTITY_MAPS.has(key)) : structsEqual(a, b);
  }
  if (key !== undefined && QUANTITY_FIELDS.has(key)) return quantitiesEqual(a, b);
  return false;
}

function structsEqual(a: JsonObject, b: JsonObject): boolean {
  for (const k in a) if (!semanticEqual(a[k], b[k], k)) return false;
  for (const k in b) if (!(k in a) && !semanticEqual(undefined, b[k], k)) return false;
  return true;
}

function mapsEqual(a: JsonObject, b: JsonObject, quantities: boolean): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    const va = a[k];
    const vb = b[k];
    if (va === vb) continue;
    if (!(quantities && quantitiesEqual(va, vb))) return false;
  }
  return true;
}

// Quantity texts repeat across a cluster ("500m", "128Mi"): parse each once. Cleared when full.
const parsedQuantities = new Map<string, Quantity | undefined>();
const MAX_CACHED_QUANTITIES = 4096;

function quantityOf(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const key = typeof v === 'number' ? `#${v}` : v;
  if (parsedQuantities.has(key)) return parsedQuantities.get(key);
  if (parsedQuantities.size >= MAX_CACHED_QUANTITIES) parsedQuantities.clear();
  const r = parseQuantity(v);
  const q = r.ok ? r.quantity : undefined;
  parsedQuantities.set(key, q);
  return q;
}

/** resource.Quantity Cmp == 0; a quantity may be written as a JSON string or number. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const qa = quantityOf(a);
  const qb = quantityOf(b);
  return qa !== undefined && qb !== undefined && compareQuantities(qa, qb) === 0;
}
