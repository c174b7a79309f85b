// CPU profile of one server process under load, for finding where a request's time goes:
//   node bench/server/profile.ts [bare|transport|validate|mutate] [seconds=5] [size=5KB] [out-dir=bench/results/profiles]
// Starts that server with --cpu-prof, loads it with autocannon (16 keep-alive connections), stops it
// (the profile is written on exit) and prints req/s. Open the .cpuprofile in Chrome DevTools.
// PROFILE_WORKERS sets `serve --workers` (default 1; each worker thread writes its own profile).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevCertificates } from '../../src/certs/devcerts.ts';
import { autocannonClient } from './clients.ts';
import { freePort } from './free-port.ts';
import { sizedReviews } from './reviews.ts';

const target = process.argv[2] ?? 'transport';
const seconds = Number(process.argv[3] ?? 5);
const size = process.argv[4] ?? '5KB';
const repo = new URL('../../', import.meta.url).pathname;
const outDir = process.argv[5] ?? join(repo, 'bench/results/profiles');

const dir = await mkdtemp(join(tmpdir(), 'bg-profile-'));
const certsDir = join(dir, 'certs');
const certs = await ensureDevCertificates(certsDir);
const port = await freePort();
const scripts: Record<string, string[]> = {
  bare: ['bench/server/bare.ts', String(port), certs.certFile, certs.keyFile],
  transport: ['bench/server/transport-only.ts', String(port), certsDir],
  validate: ['src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', String(port), '--certs-dir', certsDir, '--log-level', 'info', '--workers', process.env.PROFILE_WORKERS ?? '1'],
};
scripts.mutate = scripts.validate;
const path = target === 'bare' ? '/' : target === 'mutate' ? '/mutate?timeout=10s' : '/validate?timeout=10s';
const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${outDir}`, ...scripts[target]], { cwd: repo, stdio: 'ignore' });
try {
  const body = sizedReviews().find((r) => r.label === size)!.body;
  const url = `https://127.0.0.1:${port}${path}`;
  const load = (duration: number) => autocannonClient(url, body, duration);
  // Waits for the server by loading it until it answers.
  for (let i = 0; ; i++) {
    const r = await load(0.5);
    if (r.total > 0 && r.non2xx === 0) break;
    if (i > 40) throw new Error(`${target} did not come up`);
  }
  const result = await load(seconds);
  process.stdout.write(`${target} ${size}: ${Math.round(result.reqPerSec)} req/s, ${result.total} requests; profile in ${outDir}\n`);
} finally {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
}
