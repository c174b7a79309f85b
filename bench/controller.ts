// Controller benchmark: N Jobs × 10 pods driven to Complete on one control plane, first by
// kube-controller-manager's Job controller (Jobs without managedBy), then by batchguard's (Jobs
// with managedBy), in the same run. Prints wall time and peak RSS (VmHWM) of each controller.
//   BENCH_JOBS=1000 node bench/controller.ts
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startControlPlane } from '../test/harness/index.ts';
import type { ControlPlane } from '../test/harness/index.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 50);
const PODS_PER_JOB = 10;
const OURS = 'batchguard.io/job-controller';

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function request(cp: ControlPlane, method: string, p: string, body?: unknown, contentType?: string): Promise<any> {
  const res = await cp.api.request(method, p, body, contentType ? { contentType } : {});
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Creates the Jobs, marks every pod Succeeded as soon as it appears, waits for all Complete. */
async function drive(cp: ControlPlane, ns: string, managedBy: string | undefined): Promise<number> {
  await request(cp, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const t0 = performance.now();
  const names = Array.from({ length: JOBS }, (_, i) => `job-${i}`);
  await pool(names, 16, async (name) => {
    await request(cp, 'POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
      spec: {
        ...(managedBy ? { managedBy } : {}), parallelism: PODS_PER_JOB, completions: PODS_PER_JOB,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
      },
    });
  });
  const marked = new Set<string>();
  for (;;) {
    const pending = (await request(cp, 'GET', `/api/v1/namespaces/${ns}/pods?fieldSelector=status.phase%3DPending`)).items as any[];
    const todo = pending.filter((p) => !marked.has(p.metadata.uid));
    await pool(todo, 32, async (p) => {
      marked.add(p.metadata.uid);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await request(cp, 'PATCH', `/api/v1/namespaces/${ns}/pods/${p.metadata.name}/status`, {
        status: { phase: 'Succeeded', containerStatuses: [{ name: 'main', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, startedAt: now, finishedAt: now } } }] },
      }, 'application/merge-patch+json');
    });
    const jobs = (await request(cp, 'GET', `/apis/batch/v1/namespaces/${ns}/jobs`)).items as any[];
    const complete = jobs.filter((j) => j.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True')).length;
    if (complete === JOBS) break;
    if (todo.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  return (performance.now() - t0) / 1000;
}

// Measure what ships: the compiled controller (npm run build) when it builds, else the sources.
function controllerEntry(): string {
  const built = path.join(REPO_ROOT, 'dist/cli/controller.js');
  try {
    execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', path.join(REPO_ROOT, 'tsconfig.json')], { stdio: 'ignore' });
  } catch {
    // tsc still emits on type errors elsewhere in the tree; the file check below decides.
  }
  return existsSync(built) ? built : path.join(REPO_ROOT, 'src/cli/controller.ts');
}

const entry = controllerEntry();
const cp = await startControlPlane({ controllerManager: ['job'] });
// The heap flags the controller container is meant to run with (NODE_OPTIONS); without them V8
// grows its young generation and old space lazily and peak RSS is ~200 MiB at 50 Jobs.
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '--max-semi-space-size=1 --max-old-space-size=96').split(' ').filter(Boolean);
const ours = spawn(process.execPath, [...nodeArgs, '-e', `import(${JSON.stringify(entry)}).then((m) => m.main(process.argv.slice(1)))`, '--', '--kubeconfig', cp.kubeconfigPath], { stdio: ['ignore', 'ignore', 'inherit'] });
try {
  await new Promise((r) => setTimeout(r, 3000));
  const kcmPid = cp.state().pids['kube-controller-manager'];
  // Whoever runs second finds a fuller etcd; BENCH_ORDER=ours-first swaps the order.
  const oursFirst = process.env.BENCH_ORDER === 'ours-first';
  let oursSeconds = oursFirst ? await drive(cp, 'bench-bg', OURS) : 0;
  const kcmSeconds = await drive(cp, 'bench-kcm', undefined);
  const kcmRss = peakRssMiB(kcmPid);
  if (!oursFirst) oursSeconds = await drive(cp, 'bench-bg', OURS);
  const oursRss = peakRssMiB(ours.pid!);
  const row = (who: string, s: number, rss: number) => `${who.padEnd(34)} ${s.toFixed(1).padStart(8)} s ${rss.toFixed(1).padStart(8)} MiB`;
  console.log(`controller bench: ${JOBS} Jobs x ${PODS_PER_JOB} pods to Complete (wall time, peak RSS); ours from ${path.relative(REPO_ROOT, entry)} ${nodeArgs.join(' ')}`);
  console.log(row('kube-controller-manager (job)', kcmSeconds, kcmRss));
  console.log(row('batchguard controller', oursSeconds, oursRss));
  console.log(`ratio batchguard/kcm wall time: ${(oursSeconds / kcmSeconds).toFixed(2)}; RSS target <= 150 MiB: ${oursRss <= 150 ? 'met' : 'MISSED'}`);
} finally {
  ours.kill('SIGTERM');
  await cp.stop();
}
