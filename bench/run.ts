// Runs the benchmarks one after another, each in its own process so they do not share a heap or a JIT:
//   npm run bench                 # the quick ones (engine, job, podtemplate, cron, cli)
//   npm run bench -- server controller   # any named ones (server needs ~1 min, controller a control plane)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES: Record<string, string> = {
  engine: 'engine.ts',
  job: 'job.bench.ts',
  podtemplate: 'podtemplate.bench.ts',
  cron: 'cron.bench.ts',
  cli: 'cli.ts',
  server: 'server.ts',
  controller: 'controller.ts',
};
const QUICK = ['engine', 'job', 'podtemplate', 'cron', 'cli'];

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : QUICK;
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of names) {
  console.log(`\n## ${name}`);
  const file = fileURLToPath(new URL(`./${BENCHES[name]}`, import.meta.url));
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
