// Where the real Kubernetes binaries live: $BATCHGUARD_K8S_BIN (set by test/setup.sh), else whatever
// test/controlplane/build.sh prints on its last line (it builds what is missing, then skips).
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BINARIES = ['etcd', 'kube-apiserver', 'kubectl', 'kube-controller-manager'] as const;
export type BinaryName = (typeof BINARIES)[number];

let cached: string | undefined;

function complete(dir: string): boolean {
  try {
    for (const b of BINARIES) accessSync(path.join(dir, b), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function k8sBinDir(): string {
  if (cached !== undefined) return cached;
  const fromEnv = process.env.BATCHGUARD_K8S_BIN;
  if (fromEnv && complete(fromEnv)) return (cached = fromEnv);
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'test/controlplane/build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = out.trim().split('\n').pop() ?? '';
  if (!complete(dir)) throw new Error(`test/controlplane/build.sh did not produce all of ${BINARIES.join(', ')} in ${dir}`);
  return (cached = dir);
}

export function k8sBinary(name: BinaryName): string {
  return path.join(k8sBinDir(), name);
}
