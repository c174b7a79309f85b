// Bad values that are whole structs are rendered by the API server from its internal (untagged) Go
// types, so the JSON uses Go field names in declaration order, with null for absent pointers and
// slices. These shapes rebuild that rendering from the v1 JSON for the structs pod validation reports.
import { isObject, type JsonObject } from '../meta/json.ts';

type Shape = ReadonlyArray<readonly [goName: string, jsonName: string, kind: Kind]>;
type Kind = 'ptr' | 'string' | Shape;

function render(value: unknown, shape: Shape): JsonObject {
  const src = isObject(value) ? value : {};
  const out: JsonObject = {};
  for (const [goName, jsonName, kind] of shape) {
    const v = src[jsonName];
    if (kind === 'string') out[goName] = typeof v === 'string' ? v : '';
    else if (kind === 'ptr') out[goName] = v ?? null;
    else out[goName] = isObject(v) ? render(v, kind) : null;
  }
  return out;
}

const PROFILE: Shape = [
  ['Type', 'type', 'string'],
  ['LocalhostProfile', 'localhostProfile', 'ptr'],
];
const SECURITY_CONTEXT: Shape = [
  ['Capabilities', 'capabilities', [['Add', 'add', 'ptr'], ['Drop', 'drop', 'ptr']]],
  ['Privileged', 'privileged', 'ptr'],
  ['SELinuxOptions', 'seLinuxOptions', [['User', 'user', 'string'], ['Role', 'role', 'string'], ['Type', 'type', 'string'], ['Level', 'level', 'string']]],
  [
    'WindowsOptions',
    'windowsOptions',
    [
      ['GMSACredentialSpecName', 'gmsaCredentialSpecName', 'ptr'],
      ['GMSACredentialSpec', 'gmsaCredentialSpec', 'ptr'],
      ['RunAsUserName', 'runAsUserName', 'ptr'],
      ['HostProcess', 'hostProcess', 'ptr'],
    ],
  ],
  ['RunAsUser', 'runAsUser', 'ptr'],
  ['RunAsGroup', 'runAsGroup', 'ptr'],
  ['RunAsNonRoot', 'runAsNonRoot', 'ptr'],
  ['ReadOnlyRootFilesystem', 'readOnlyRootFilesystem', 'ptr'],
  ['AllowPrivilegeEscalation', 'allowPrivilegeEscalation', 'ptr'],
  ['ProcMount', 'procMount', 'ptr'],
  ['SeccompProfile', 'seccompProfile', PROFILE],
  ['AppArmorProfile', 'appArmorProfile', PROFILE],
];
const POD_RESOURCE_CLAIM: Shape = [
  ['Name', 'name', 'string'],
  ['ResourceClaimName', 'resourceClaimName', 'ptr'],
  ['ResourceClaimTemplateName', 'resourceClaimTemplateName', 'ptr'],
];
// LabelSelector is a tagged metav1 type, so it keeps its JSON form.
const CLUSTER_TRUST_BUNDLE: Shape = [
  ['Name', 'name', 'ptr'],
  ['SignerName', 'signerName', 'ptr'],
  ['LabelSelector', 'labelSelector', 'ptr'],
  ['Optional', 'optional', 'ptr'],
  ['Path', 'path', 'string'],
];

export const goSecurityContext = (v: unknown): JsonObject => render(v, SECURITY_CONTEXT);
export const goSeccompProfile = (v: unknown): JsonObject => render(v, PROFILE);
export const goPodResourceClaim = (v: unknown): JsonObject => render(v, POD_RESOURCE_CLAIM);
export const goClusterTrustBundle = (v: unknown): JsonObject => render(v, CLUSTER_TRUST_BUNDLE);
