// Load benchmark of the admission server: autocannon (or wrk: BENCH_CLIENT=wrk, see
// server/clients.ts for why the client matters here), 16 keep-alive HTTPS connections, reviews of
// about 1 KB, 5 KB and 50 KB against /validate and /mutate, and in the same run a bare Node https
// server that only parses the review and answers allowed. Each server runs in its own process (the
// real `batchguard serve` CLI, logging at info to /dev/null, with the chart's default webhook Node
// options and worker count, so RSS is what an install shows) so it gets a core of its own. The
// "transport" row is batchguard's server with a constant verdict instead of the rule engine.
// The targets take turns, round after round, so a neighbour's burst of CPU (2 shared cores) lands on
// all of them alike; each row is the mean over the rounds. Quick A/B runs of the transport can
// leave the engine out: `node bench/server.ts 3 5KB 3 bare,transport`. Ceiling rows
// (`threads2:rules`, `threads1:spin:20`, see server/threads.ts) show what any design could reach here:
// `node bench/server.ts 4 5KB 3 bare,threads1:none,threads1:spin:20,threads2:none,threads2:rules`.
//   [BENCH_CLIENT=wrk] node bench/server.ts [seconds-per-round=4] [sizes=1KB,5KB,50KB] [rounds=2] [targets=bare,/validate,/mutate,transport]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureDevCertificates } from '../src/certs/devcerts.ts';
import { CONNECTIONS, autocannonClient, wrkClient, type Client, type LoadResult } from './server/clients.ts';
import { freePort } from './server/free-port.ts';
import { sizedReviews } from './server/reviews.ts';

const seconds = Number(process.argv[2] ?? 4);
const sizes = (process.argv[3] ?? '1KB,5KB,50KB').split(',');
const rounds = Number(process.argv[4] ?? 2);
const only = (process.argv[5] ?? 'bare,/validate,/mutate,transport').split(',');
const WARMUP_SECONDS = 1;
// `threads2:rules`, `threads1:spin:20`: a ceiling row from server/threads.ts (THREADS, ENGINE).
const CEILING = /^threads([1-9]):(rules|none|spin:\d+)$/;
const clientName = process.env.BENCH_CLIENT ?? 'autocannon';
const load: Client = (() => {
  const client = ({ autocannon: autocannonClient, wrk: wrkClient } as Record<string, Client | undefined>)[clientName];
  if (client === undefined) throw new Error(`BENCH_CLIENT must be autocannon or wrk, not ${clientName}`);
  return client;
})();
const repo = new URL('../', import.meta.url).pathname;

interface Row {
  size: string;
  target: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  rssMiB: number;
  /** Server CPU time per answered request: what the server itself costs, whoever limits the rate. */
  cpuUsPerReq: number;
  errors: number;
  non2xx: number;
}

// utime + stime of a process in microseconds (clock ticks are 100 Hz on Linux).
async function cpuMicros(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

// Probes with a real review: the bare server knows nothing else.
async function waitServing(port: number, caPem: string, path: string, body: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const headers = { 'content-type': 'application/json' };
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers, ca: caPem, servername: 'localhost', agent: false });
      req.on('response', (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end(body);
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`server on ${port} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bg-bench-'));
  const certs = await ensureDevCertificates(join(dir, 'certs'));
  const [barePort, bgPort, transportPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const node = process.execPath;
  const bare = spawn(node, ['bench/server/bare.ts', String(barePort), certs.certFile, certs.keyFile], { cwd: repo, stdio: 'ignore' });
  const { webhook: shipped } = parse(await readFile(join(repo, 'charts/batchguard/values.yaml'), 'utf8')) as { webhook: { nodeOptions?: string; workers: number } };
  const nodeOptions = (shipped.nodeOptions ?? '').split(/\s+/).filter(Boolean);
  const batchguard = spawn(
    node,
    [
      ...nodeOptions,
      ...['src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', String(bgPort), '--certs-dir', join(dir, 'certs'), '--log-level', 'info'],
      ...['--workers', String(shipped.workers)],
    ],
    { cwd: repo, stdio: 'ignore' },
  );
  const transport = spawn(node, ['bench/server/transport-only.ts', String(transportPort), join(dir, 'certs')], { cwd: repo, stdio: 'ignore' });
  const ceilings = await Promise.all(
    only
      .filter((t) => CEILING.test(t))
      .map(async (target) => {
        const [, threads, engine] = CEILING.exec(target)!;
        const port = await freePort();
        const args = [...nodeOptions, 'bench/server/threads.ts', String(port), certs.certFile, certs.keyFile, threads, engine];
        return { target, port, child: spawn(node, args, { cwd: repo, stdio: 'ignore' }) };
      }),
  );
  const rows: Row[] = [];
  try {
    const reviews = sizedReviews().filter((r) => sizes.includes(r.label));
    const probe = reviews[0].body;
    await Promise.all([
      waitServing(barePort, certs.caPem, '/', probe),
      waitServing(bgPort, certs.caPem, '/validate', probe),
      waitServing(transportPort, certs.caPem, '/validate', probe),
      ...ceilings.map((c) => waitServing(c.port, certs.caPem, '/validate', probe)),
    ]);
    const targets = [
      { target: 'bare', port: barePort, path: '/', pid: bare.pid! },
      { target: '/validate', port: bgPort, path: '/validate?timeout=10s', pid: batchguard.pid! },
      { target: '/mutate', port: bgPort, path: '/mutate?timeout=10s', pid: batchguard.pid! },
      { target: 'transport', port: transportPort, path: '/validate?timeout=10s', pid: transport.pid! },
      ...ceilings.map((c) => ({ target: c.target, port: c.port, path: '/validate?timeout=10s', pid: c.child.pid! })),
    ].filter((t) => t.target === 'bare' || only.includes(t.target));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const review of reviews) {
      const results = new Map<string, LoadResult[]>(targets.map((t) => [t.target, []]));
      const cpu = new Map<string, number>(targets.map((t) => [t.target, 0]));
      for (const t of targets) await load(`https://127.0.0.1:${t.port}${t.path}`, review.body, WARMUP_SECONDS);
      for (let round = 0; round < rounds; round++) {
        for (const t of targets) {
          const before = await cpuMicros(t.pid);
          results.get(t.target)!.push(await load(`https://127.0.0.1:${t.port}${t.path}`, review.body, seconds));
          cpu.set(t.target, cpu.get(t.target)! + (await cpuMicros(t.pid)) - before);
        }
      }
      for (const t of targets) {
        const rs = results.get(t.target)!;
        const row: Row = {
          size: review.label,
          target: t.target,
          reqPerSec: Math.round(mean(rs.map((r) => r.reqPerSec))),
          p50: Math.round(mean(rs.map((r) => r.p50)) * 10) / 10,
          p99: Math.round(mean(rs.map((r) => r.p99)) * 10) / 10,
          rssMiB: await rssMiB(t.pid),
          cpuUsPerReq: Math.round(cpu.get(t.target)! / rs.reduce((n, r) => n + r.total, 0)),
          errors: rs.reduce((n, r) => n + r.errors, 0),
          non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
        };
        rows.push(row);
        process.stderr.write(`${row.size.padEnd(5)} ${row.target.padEnd(16)} ${String(row.reqPerSec).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  RSS ${row.rssMiB} MiB  CPU ${row.cpuUsPerReq} us/req  errors ${row.errors} non2xx ${row.non2xx}\n`);
      }
    }
  } finally {
    await Promise.all([stop(bare), stop(batchguard), stop(transport), ...ceilings.map((c) => stop(c.child))]);
    await rm(dir, { recursive: true, force: true });
  }

  const lines = [
    '| review | target | req/s | p50 ms | p99 ms | RSS MiB | server CPU µs/req | req/s vs bare | p99 vs bare | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const base = rows.find((r) => r.size === row.size && r.target === 'bare')!;
    const ratio = (row.reqPerSec / base.reqPerSec).toFixed(2);
    const p99 = base.p99 > 0 ? (row.p99 / base.p99).toFixed(2) : '-';
    lines.push(`| ${row.size} | ${row.target} | ${row.reqPerSec} | ${row.p50} | ${row.p99} | ${row.rssMiB} | ${row.cpuUsPerReq} | ${ratio}x | ${p99}x | ${row.errors + row.non2xx} |`);
  }
  process.stdout.write(
    `${clientName}, ${CONNECTIONS} keep-alive connections, ${rounds} rounds of ${seconds} s per target after ${WARMUP_SECONDS} s warm-up, node ${process.version}\n\n${lines.join('\n')}\n`,
  );
  await mkdir(join(repo, 'bench/results'), { recursive: true });
  await writeFile(join(repo, 'bench/results/server.json'), JSON.stringify({ date: new Date().toISOString(), client: clientName, seconds, rounds, rows }, null, 2));
}

await main();
