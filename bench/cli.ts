// Throughput of `batchguard validate` as a user runs it: one process over a directory of
// 10,000 manifests (100 files of 100 documents; Jobs, Indexed Jobs, CronJobs, some invalid,
// some other kinds), text and JSON output. Prints manifests per second, start-up included.
//   node bench/cli.ts [manifests]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const total = Number(process.argv[2] ?? 10_000);
const perFile = 100;
const repo = join(import.meta.dirname, '..');
const node = join(repo, 'node_modules/.bin/node');
// From sources (Node strips the types at load) and, when built, from dist/ as installed.
const entries = [join(repo, 'src/cli/main.ts'), join(repo, 'dist/cli/main.js')].filter((p) => existsSync(p));

/**
 * CPU seconds (user + system) of this process's waited-for children, from /proc/self/stat (Linux;
 * undefined elsewhere): other processes on a shared machine inflate wall time, not this.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks, 100 per second).
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100;
  } catch {
    return undefined;
  }
}

function manifest(i: number): string {
  switch (i % 5) {
    case 0:
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: job-${i}\nspec:\n  backoffLimit: 4\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34.0\n        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]\n      restartPolicy: Never\n`;
    case 1:
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: shards-${i}\nspec:\n  completionMode: Indexed\n  completions: 10\n  parallelism: 3\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [3]}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: w, image: "worker:v2"}]\n`;
    case 2:
      return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: cron-${i}\nspec:\n  schedule: "*/15 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: c, image: "busybox:1.36"}]\n`;
    case 3:
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: bad-${i}\nspec:\n  parallelism: -1\n  template:\n    spec:\n      containers: [{name: x, image: busybox}]\n`;
    default:
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata: {a: b}\n`;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'batchguard-bench-'));
try {
  for (let f = 0; f * perFile < total; f++) {
    const docs: string[] = [];
    for (let i = f * perFile; i < Math.min(total, (f + 1) * perFile); i++) docs.push(manifest(i));
    mkdirSync(join(dir, `d${f % 10}`), { recursive: true });
    writeFileSync(join(dir, `d${f % 10}`, `m${f}.yaml`), docs.join('---\n'));
  }
  console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores; wall-clock figures, and the CLI's CPU time)`);
  for (const main of entries) {
    const from = main.endsWith('.ts') ? 'src' : 'dist';
    const startup = spawnSync(node, [main, '--version'], { encoding: 'utf8' });
    if (startup.status !== 0) throw new Error(startup.stderr);
    for (const output of ['text', 'json']) {
      const cpuBefore = childrenCpuSeconds();
      const start = performance.now();
      const r = spawnSync(node, [main, 'validate', '-o', output, dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const seconds = (performance.now() - start) / 1000;
      const cpuAfter = childrenCpuSeconds();
      if (r.status !== 1) throw new Error(`expected exit 1 (some invalid), got ${r.status}: ${r.stderr}`);
      const rate = Math.round(total / seconds).toLocaleString('en-US');
      const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
      const cpuText = cpu === undefined ? '' : `; CPU ${cpu.toFixed(2)} s = ${Math.round(total / cpu).toLocaleString('en-US')} manifests per CPU-second`;
      console.log(`[${from}] batchguard validate -o ${output}: ${total} manifests in ${seconds.toFixed(2)} s = ${rate} manifests/s (start-up included)${cpuText}`);
    }
    const start = performance.now();
    spawnSync(node, [main, 'validate', join(dir, 'd0', 'm0.yaml')], { encoding: 'utf8' });
    console.log(`[${from}] one file of ${perFile} manifests: ${((performance.now() - start) / 1000).toFixed(2)} s (start-up dominated)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
