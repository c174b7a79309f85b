// The API server is the oracle: every vector of the shared vector file and thousands of generated
// Jobs/CronJobs (creates and updates) go to a real kube-apiserver 1.36 (server-side dry-run, no
// webhooks) and to our engine; accept/reject and the (field, type) sets must agree. Fails when the
// agreement drops below the committed baseline. Reports: test/differential/out/*.json and
// /tmp/batchguard-diff.md.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { registerWebhooks, startControlPlane, startWebhook, type ControlPlane } from '../harness/index.ts';
import { engineOutcome, review } from './engine.ts';
import { generateCases } from './generators.ts';
import type { Case } from './oracle.ts';
import { compareOutcomes, type Outcome } from './outcome.ts';
import { markdownSection, writeJsonReport } from './report.ts';
import { createStatusViews, runCases, summarize, type CaseResult } from './run.ts';
import { VECTORS_FILE } from '../vectors/index.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
// Our corrected copy of the shared vector file (test/vectors): the server decides every vector whose
// old object it can store; the copy's expectation decides the rest, and disagreements are listed.
const VECTORS = process.env.BATCHGUARD_VECTORS ?? fileURLToPath(VECTORS_FILE);
const CASES = Number(process.env.BATCHGUARD_DIFF_CASES ?? 3000);
const SEED = Number(process.env.BATCHGUARD_DIFF_SEED ?? 20261122);
const baseline = JSON.parse(readFileSync(path.join(here, 'baseline.json'), 'utf8')) as {
  vectors: number;
  /** Same Status (so the same kubectl text) through batchguard's early validation as without it. */
  sameStatusPct: number;
  generated: { seed: number; cases: number; agreementPct: number };
  /** Other seeds or counts draw other cases, so only a looser floor applies to them. */
  otherGeneratedRunsFloor: number;
};
const generatedFloor =
  baseline.generated.seed === SEED && baseline.generated.cases === CASES ? baseline.generated.agreementPct : baseline.otherGeneratedRunsFloor;

interface Vector extends Case {
  expect: 'allow' | { errors: { field: string; type: string; detail?: string }[] };
}

let cp: ControlPlane;
const markdown: string[] = [];

before(async () => {
  cp = await startControlPlane();
});
after(async () => {
  await cp?.stop();
  if (markdown.length > 0) {
    const known = readFileSync(path.join(here, 'known-differences.md'), 'utf8').replace(/^# /, '## ');
    writeFileSync('/tmp/batchguard-diff.md', [`# batchguard differential report — ${new Date().toISOString()}`, '', 'Oracle: kube-apiserver v1.36.4, server-side dry-run, no webhooks. Agreement = same accept/reject and same set of (field, type).', '', ...markdown, known].join('\n'));
  }
});

/** Vectors whose old object the 1.36 server refuses to store are checked against the vector file instead. */
function expectationOutcome(v: Vector): Outcome {
  if (v.expect === 'allow') return { allowed: true, errors: [], warnings: [] };
  return { allowed: false, errors: v.expect.errors.map((e) => ({ field: e.field, type: e.type, message: '' })), warnings: [] };
}

function report(name: string, title: string, results: CaseResult[], floor: number, notes: string[] = []): void {
  const summary = summarize(results);
  const file = writeJsonReport(name, summary, results, { baseline: floor });
  markdown.push(markdownSection(title, summary, results, notes));
  console.log(`[differential] ${title}: agreement ${summary.agreementPct}% (${summary.agreed}/${summary.compared}), baseline ${floor}%, not comparable ${summary.setupFailures}, report ${file}`);
  assert.ok(summary.compared > 0, 'nothing was compared');
  assert.ok(summary.agreementPct >= floor, `${title}: agreement ${summary.agreementPct}% fell below the baseline ${floor}% (see ${file})`);
}

test('every vector of the shared vector file: engine agrees with the API server', async () => {
  const vectors = JSON.parse(readFileSync(VECTORS, 'utf8')) as Vector[];
  const t0 = performance.now();
  const results = await runCases(cp.api, vectors, { review });
  const notes: string[] = [];
  for (const [i, r] of results.entries()) {
    if (r.server && !r.setupError) {
      const wrong = compareOutcomes(r.server, expectationOutcome(vectors[i]));
      if (!wrong.agree) notes.push(`- vector file differs from the server: ${r.id} expects ${wrong.onlyOurs.join(', ') || 'allow'}; server: ${r.server.allowed ? 'allow' : wrong.onlyServer.join(', ') || r.server.other}`);
    }
    if (!r.setupError) continue;
    const v = vectors[i];
    r.server = expectationOutcome(v);
    r.ours = engineOutcome(review, v, v.object, v.oldObject);
    r.comparison = compareOutcomes(r.server, r.ours);
    notes.push(`- ${v.id}: checked against the vector file (${r.setupError.slice(0, 160)})`);
    r.setupError = undefined;
  }
  console.log(`[differential] ${vectors.length} vectors in ${Math.round(performance.now() - t0)} ms`);
  report('vectors', `Vectors (${vectors.length})`, results, baseline.vectors, notes);
});

test(`${CASES} generated cases (seed ${SEED}): engine agrees with the API server`, async () => {
  const cases = generateCases(CASES, SEED);
  const t0 = performance.now();
  const results = await runCases(cp.api, cases, { review });
  console.log(`[differential] ${cases.length} generated cases in ${Math.round(performance.now() - t0)} ms`);
  report('generated', `Generated (${CASES}, seed ${SEED})`, results, generatedFloor);
});

test('through batchguard\'s webhook, rejected creates get the very Status (kubectl text) the API server gives', async () => {
  // Registered as a mutating webhook, /validate answers before built-in validation; its denial must
  // carry the same causes in the same order, or kubectl prints something else.
  const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as Vector[]).filter((v) => v.operation === 'CREATE');
  const cases = [...vectors, ...generateCases(Math.min(CASES, 1500), SEED + 1).filter((c) => c.operation === 'CREATE')];
  const bare = await createStatusViews(cp.api, cases);
  const webhook = await startWebhook({ dir: path.join(cp.dir, 'webhook') });
  const registered = await registerWebhooks(cp, { url: webhook.url, caPem: webhook.caPem, alsoValidateAsMutating: true });
  let through: string[];
  try {
    through = await createStatusViews(cp.api, cases);
  } finally {
    await registered.unregister();
    await webhook.stop();
  }
  const comparable = cases.map((_, i) => i).filter((i) => bare[i] !== 'no answer' && bare[i] !== '{"code":201}');
  const differing = comparable.filter((i) => bare[i] !== through[i]);
  const pct = Math.round(((comparable.length - differing.length) / comparable.length) * 10000) / 100;
  const panics = cases.filter((_, i) => bare[i] === 'no answer').length;
  const lines = [`## Same Status through the webhook (${comparable.length} rejected creates)`, '', `identical ${pct}%; the bare API server gave no answer (panic) for ${panics}, batchguard answered ${cases.filter((_, i) => bare[i] === 'no answer' && through[i] !== 'no answer').length} of those`, ''];
  for (const i of differing.slice(0, 15)) lines.push(`- \`${cases[i].id}\`\n  - bare:    ${bare[i].slice(0, 700)}\n  - through: ${through[i].slice(0, 700)}`);
  markdown.push(lines.join('\n') + '\n');
  console.log(`[differential] same Status through the webhook: ${pct}% of ${comparable.length} rejected creates`);
  assert.ok(comparable.length > 100);
  const floor = SEED === baseline.generated.seed && CASES >= 1500 ? baseline.sameStatusPct : baseline.otherGeneratedRunsFloor;
  assert.ok(pct >= floor, `same-Status agreement ${pct}% fell below the baseline ${floor}%`);
});
