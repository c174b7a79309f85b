// `validate --old` accepts either a stored object (`kubectl get -o yaml`, with a uid) or the
// manifest it was created from. A manifest is turned into what the API server would have stored,
// and the new manifest gets the server-set fields it does not mention, as `kubectl apply` keeps
// them: uid and resourceVersion, and for a Job the generated selector and template labels.
import { defaultCronJob, defaultJob } from '../defaulting/index.ts';
import { PLACEHOLDER_UID, prepareJobForCreate } from '../validation/prepare.ts';

type JsonObject = Record<string, unknown>;
const asObject = (v: unknown): JsonObject => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {});

const GENERATED_LABELS = ['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid'];

export function asStored(kind: string, old: unknown): unknown {
  const meta = asObject(asObject(old).metadata);
  if (typeof meta.uid === 'string' && meta.uid !== '') {
    // A dry-run answer carries no resourceVersion; any value lets the update through.
    return meta.resourceVersion === undefined ? { ...asObject(old), metadata: { ...meta, resourceVersion: '1' } } : old;
  }
  const created = asObject(kind === 'Job' ? prepareJobForCreate(defaultJob(old)) : defaultCronJob(old));
  const createdMeta = asObject(created.metadata);
  return {
    ...created,
    metadata: { ...createdMeta, uid: createdMeta.uid ?? PLACEHOLDER_UID, generation: 1, resourceVersion: createdMeta.resourceVersion ?? '1' },
  };
}

export function withServerFields(kind: string, object: unknown, stored: unknown): unknown {
  const obj = asObject(object);
  const old = asObject(stored);
  const meta = asObject(obj.metadata);
  const oldMeta = asObject(old.metadata);
  const carried: JsonObject = { ...meta };
  for (const key of ['uid', 'resourceVersion']) if (carried[key] === undefined && oldMeta[key] !== undefined) carried[key] = oldMeta[key];
  const out: JsonObject = { ...obj, metadata: carried };
  if (kind !== 'Job') return out;
  const spec = asObject(obj.spec);
  const oldSpec = asObject(old.spec);
  if (spec.manualSelector === true || spec.selector !== undefined || oldSpec.selector === undefined) return out;
  const template = asObject(spec.template);
  const templateMeta = asObject(template.metadata);
  const labels: JsonObject = { ...asObject(templateMeta.labels) };
  const oldLabels = asObject(asObject(asObject(oldSpec.template).metadata).labels);
  for (const key of GENERATED_LABELS) if (labels[key] === undefined && oldLabels[key] !== undefined) labels[key] = oldLabels[key];
  out.spec = { ...spec, selector: oldSpec.selector, template: { ...template, metadata: { ...templateMeta, labels } } };
  return out;
}
