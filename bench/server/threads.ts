// What any server design can reach on this machine: THREADS event loops (the main thread and
// THREADS-1 worker threads) each listening on the same port (SO_REUSEPORT, the kernel spreads the
// connections) and answering in-thread, with no hand-off between threads. ENGINE is what answers:
//   rules     answerAdmission with the real rule engine (parse, validate, encode)
//   none      answerAdmission with a constant verdict (parse and encode only)
//   spin:US   a constant verdict after US microseconds of busy CPU: an engine of that cost that
//             neither allocates nor evicts anything from the caches (a lower bound on its harm)
// No metrics, logs or express: the rows it gives are ceilings, not batchguard.
//   node bench/server/threads.ts PORT CERT_FILE KEY_FILE THREADS ENGINE
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { defaultingPatch } from '../../src/admission/defaulting.ts';
import type { HandlerDeps, Reviewer } from '../../src/admission/handlers.ts';
import { warmUp } from '../../src/admission/warmup.ts';
import { reviewObject } from '../../src/engine/index.ts';
import { answerAdmission } from '../../src/server/answer.ts';

const args = (isMainThread ? process.argv.slice(2) : workerData) as string[];
const [port, certFile, keyFile, threads, engine] = args;
if (!/^[1-9]$/.test(threads ?? '') || !/^(rules|none|spin:\d+)$/.test(engine ?? '')) {
  console.error('usage: node bench/server/threads.ts PORT CERT_FILE KEY_FILE THREADS(1-9) rules|none|spin:US');
  process.exit(2);
}
if (isMainThread) for (let i = 1; i < Number(threads); i++) new Worker(new URL(import.meta.url), { workerData: args });

const spinMs = engine.startsWith('spin:') ? Number(engine.slice(5)) / 1000 : 0;
const constant: Reviewer = (input) => {
  for (const until = performance.now() + spinMs; performance.now() < until; );
  return { kind: input.kind, name: '', namespace: '', errors: [], warnings: [], patch: [], supported: true };
};
const deps: HandlerDeps = {
  review: engine === 'rules' ? reviewObject : constant,
  defaults: defaultingPatch,
  controllerName: 'batchguard.io/job-controller',
  namespaceLabels: () => undefined,
};
warmUp(deps.review, deps.defaults);

const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const webhook = req.url?.startsWith('/mutate') ? 'mutate' : 'validate';
    const answer = answerAdmission(webhook, Buffer.concat(chunks), deps);
    res.writeHead(answer.code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  });
});
server.keepAliveTimeout = 120_000;
server.listen({ port: Number(port), host: '127.0.0.1', reusePort: true });
if (isMainThread) process.on('SIGTERM', () => process.exit(0));
