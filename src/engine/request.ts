// What the generic registry does to a created object before the strategy sees it: a name from
// metadata.generateName when no name is given (rest.BeforeCreate insists it was generated), and an
// empty namespace taken from the request (EnsureObjectNamespaceMatchesRequestNamespace). Neither is
// part of batchguard's patch: the API server does both itself.
import { generatedName } from '../validation/prepare.ts';

type JsonObject = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The object with a generated name (CREATE only) and the request namespace filled in; the input itself when neither applies. */
export function withRegistryMeta(object: unknown, create: boolean, namespace: string | undefined): unknown {
  if (!isRecord(object)) return object;
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  const needsName = create && name === '' && generateName !== '';
  const needsNamespace = namespace !== undefined && namespace !== '' && (meta.namespace === undefined || meta.namespace === null || meta.namespace === '');
  if (!needsName && !needsNamespace) return object;
  const filled: JsonObject = { ...meta };
  if (needsName) filled.name = generatedName(generateName);
  if (needsNamespace) filled.namespace = namespace;
  return { ...object, metadata: filled };
}
