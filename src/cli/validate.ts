// `batchguard validate`: the engine over manifests on disk, reported like kubectl.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { errorBody, goQuote } from '../field/index.ts';
import { parsePolicy, type Policy } from '../defaulting/index.ts';
import { reviewObject, type Verdict } from '../engine/index.ts';
import { unknownFields } from '../validation/structure.ts';
import { parseValidateArgs, VALIDATE_USAGE } from './args.ts';
import { readManifests, type Manifest } from './documents.ts';
import { asStored, withServerFields } from './stored.ts';

const JUDGED_KINDS = new Set(['Job', 'CronJob']);
const API_VERSION = 'batch/v1';

interface Result {
  file: string;
  index: number;
  kind: string;
  namespace: string;
  name: string;
  allowed: boolean;
  errors: { field: string; type: string; detail: string; message: string }[];
  warnings: string[];
  patch: Verdict['patch'];
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The namespace kubectl would send the object to when the manifest names none. */
function inNamespace(object: unknown, namespace: string): unknown {
  const o = asRecord(object);
  const meta = asRecord(o.metadata);
  if (typeof meta.namespace === 'string' && meta.namespace !== '') return object;
  return { ...o, metadata: { ...meta, namespace } };
}

function identity(object: unknown): { kind: string; apiVersion: string; key: string } {
  const o = asRecord(object);
  const meta = asRecord(o.metadata);
  const kind = typeof o.kind === 'string' ? o.kind : '';
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  return { kind, apiVersion, key: `${kind}/${String(meta.namespace ?? '')}/${String(meta.name ?? '')}` };
}

const judged = (m: Manifest): boolean => {
  const id = identity(m.object);
  return JUDGED_KINDS.has(id.kind) && id.apiVersion === API_VERSION;
};

/** Judges one manifest: UPDATE when a stored object with the same kind, namespace and name was given. */
function judge(m: Manifest, stored: ReadonlyMap<string, unknown>, policy: Policy | undefined): Result {
  const { kind, key } = identity(m.object);
  const old = stored.get(key);
  const verdict =
    old === undefined
      ? reviewObject({ kind, operation: 'CREATE', object: m.object, policy })
      : reviewObject({ kind, operation: 'UPDATE', object: withServerFields(kind, m.object, old), oldObject: old, policy });
  return {
    file: m.file,
    index: m.index,
    kind,
    namespace: verdict.namespace,
    name: verdict.name,
    allowed: verdict.errors.length === 0,
    errors: verdict.errors.map((e) => ({ field: e.field, type: e.type, detail: e.detail, message: errorBody(e) })),
    // The API server's wording under kubectl --validate=warn; sent even when the object is invalid.
    warnings: [...unknownFields(kind, m.object).map((f) => `unknown field ${JSON.stringify(f)}`), ...verdict.warnings],
    patch: verdict.patch,
  };
}

/** kubectl's rendering of an invalid object: one error on the same line, several as `* ` lines. */
function formatText(r: Result, label: string): string {
  let out = '';
  for (const w of r.warnings) out += `Warning: ${w}\n`;
  if (r.allowed) return out + `${label}: ${r.kind.toLowerCase()}.batch/${r.name} is valid\n`;
  // An UPDATE validates the spec twice, as upstream; one line per distinct error is enough here.
  const rendered = [...new Set(r.errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`)))];
  const head = `${label}: The ${r.kind} ${goQuote(r.name)} is invalid:`;
  if (rendered.length === 1) return out + `${head} ${rendered[0]}\n`;
  return out + `${head} \n${rendered.map((l) => `* ${l}`).join('\n')}\n`;
}

async function loadPolicy(file: string): Promise<{ policy?: Policy; problem?: string }> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${file}: cannot read policy: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message.split('\n')[0]}` };
  }
  const r = parsePolicy(doc);
  return r.ok ? { policy: r.policy } : { problem: `${file}: invalid policy: ${r.message}` };
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseValidateArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`batchguard validate: ${parsed.message}\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  const o = parsed.options;
  const problems: string[] = [];
  let policy: Policy | undefined;
  if (o.policyFile !== undefined) {
    const p = await loadPolicy(o.policyFile);
    if (p.problem) problems.push(p.problem);
    policy = p.policy;
  }
  const stored = new Map<string, unknown>();
  if (o.oldFiles.length > 0) {
    const old = await readManifests(o.oldFiles);
    problems.push(...old.problems);
    for (const m of old.manifests.filter(judged)) {
      const object = inNamespace(m.object, o.namespace);
      const { kind, key } = identity(object);
      stored.set(key, asStored(kind, object));
    }
  }
  const input = await readManifests(o.inputs);
  problems.push(...input.problems);

  const perFile = new Map<string, number>();
  for (const m of input.manifests) perFile.set(m.file, (perFile.get(m.file) ?? 0) + 1);
  const results: Result[] = [];
  let skipped = 0;
  let text = '';
  for (const m of input.manifests) {
    if (!judged(m)) {
      skipped++;
      continue;
    }
    const r = judge({ ...m, object: inNamespace(m.object, o.namespace) }, stored, policy);
    results.push(r);
    if (o.output === 'text') text += formatText(r, (perFile.get(m.file) ?? 0) > 1 ? `${m.file}[${m.index}]` : m.file);
  }
  const invalid = results.filter((r) => !r.allowed).length;
  const warnings = results.reduce((n, r) => n + r.warnings.length, 0);
  if (o.output === 'json') {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  } else {
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    text +=
      `${plural(results.length, 'object')} checked: ${results.length - invalid} valid, ${invalid} invalid, ` +
      `${plural(warnings, 'warning')}, ${skipped} skipped (other kinds)` +
      (problems.length > 0 ? `, ${plural(problems.length, 'read error')}` : '') +
      '\n';
    process.stdout.write(text);
  }
  for (const p of problems) process.stderr.write(`batchguard validate: ${p}\n`);
  return problems.length > 0 ? 2 : invalid > 0 ? 1 : 0;
}
