// Disagreements as a JSON report (test/differential/out/, git-ignored) and as a short markdown
// digest grouped by what differs, so rule authors see one line per bug, with the smallest example.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseResult, Summary } from './run.ts';

const generic = (k: string): string => k.replace(/\[\d+\]/g, '[*]');

export interface Group {
  signature: string;
  count: number;
  exampleId: string;
  example: unknown;
  exampleOld?: unknown;
  server: unknown;
  ours: unknown;
}

function signatureOf(r: CaseResult): string {
  const c = r.comparison!;
  const parts: string[] = [];
  if (r.server!.allowed !== r.ours!.allowed) parts.push(r.server!.allowed ? 'server ALLOWS, we reject' : 'server REJECTS, we allow');
  if (c.onlyServer.length) parts.push(`only server: ${[...new Set(c.onlyServer.map(generic))].join(', ')}`);
  if (c.onlyOurs.length) parts.push(`only ours: ${[...new Set(c.onlyOurs.map(generic))].join(', ')}`);
  if (r.server!.decode) parts.push(`server decoder: ${r.server!.decode.message.replace(/\d{4,}/g, 'N').slice(0, 140)}`);
  if (r.server!.other) parts.push(`server: ${r.server!.other.replace(/\d{4,}/g, 'N').slice(0, 140)}`);
  if (r.ours!.other) parts.push(`ours: ${r.ours!.other.split('\n')[0].slice(0, 140)}`);
  return `${r.kind} ${r.operation}: ${parts.join('; ')}`;
}

export function groupDisagreements(results: CaseResult[]): Group[] {
  const groups = new Map<string, Group & { size: number }>();
  for (const r of results) {
    if (!r.comparison || r.comparison.agree) continue;
    const sig = signatureOf(r);
    const size = JSON.stringify(r.object).length;
    const g = groups.get(sig);
    const entry = { exampleId: r.id, example: r.object, exampleOld: r.oldObject, server: r.server, ours: r.ours, size };
    if (!g) groups.set(sig, { signature: sig, count: 1, ...entry });
    else {
      g.count++;
      if (size < g.size) Object.assign(g, entry);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count).map(({ size: _size, ...g }) => g);
}

export function messageGroups(results: CaseResult[]): { key: string; count: number; id: string; server: string; ours: string }[] {
  const m = new Map<string, { key: string; count: number; id: string; server: string; ours: string }>();
  for (const r of results) {
    for (const mm of r.comparison?.messageMismatches ?? []) {
      const k = `${r.kind} ${generic(mm.key)}`;
      const g = m.get(k);
      if (g) g.count++;
      else m.set(k, { key: k, count: 1, id: r.id, server: mm.server, ours: mm.ours });
    }
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

export const OUT_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'out');

export function writeJsonReport(name: string, summary: Summary, results: CaseResult[], extra: Record<string, unknown> = {}): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${name}.json`);
  const disagreements = results
    .filter((r) => r.comparison && !r.comparison.agree)
    .map((r) => ({ id: r.id, kind: r.kind, operation: r.operation, onlyServer: r.comparison!.onlyServer, onlyOurs: r.comparison!.onlyOurs, server: r.server, ours: r.ours, object: r.object, oldObject: r.oldObject }));
  writeFileSync(
    file,
    JSON.stringify({ summary, ...extra, groups: groupDisagreements(results), messageMismatches: messageGroups(results), disagreements, setupFailures: results.filter((r) => r.setupError).map((r) => ({ id: r.id, error: r.setupError })) }, null, 1),
  );
  return file;
}

export function markdownSection(title: string, summary: Summary, results: CaseResult[], notes: string[] = []): string {
  const lines = [`## ${title}`, '', `agreement ${summary.agreementPct}% (${summary.agreed}/${summary.compared}); not comparable (old object not creatable): ${summary.setupFailures}; agreeing cases with different message text: ${summary.messageMismatches}`, ''];
  lines.push(...notes);
  const groups = groupDisagreements(results);
  if (groups.length) lines.push('### Disagreements (grouped; smallest example)', '');
  for (const g of groups) {
    const errs = (o: any) => (o.allowed ? 'allow' : o.decode ? `decoder: ${o.decode.message}` : o.other ?? o.errors.map((e: any) => `${e.field}: ${e.message}`).join(' | '));
    lines.push(`- **${g.signature}** — ${g.count} case(s), e.g. \`${g.exampleId}\``);
    lines.push(`  - server: ${errs(g.server).slice(0, 600)}`);
    lines.push(`  - ours:   ${errs(g.ours).slice(0, 600)}`);
    lines.push(`  - object: \`${JSON.stringify(g.example).slice(0, 1500)}\``);
  }
  const msgs = messageGroups(results);
  if (msgs.length) lines.push('', '### Same (field, type), different message', '');
  for (const m of msgs) lines.push(`- ${m.key} (${m.count}, e.g. \`${m.id}\`)\n  - server: ${m.server.slice(0, 400)}\n  - ours:   ${m.ours.slice(0, 400)}`);
  const noAnswer = results.filter((r) => r.setupError?.startsWith('API server gave no answer'));
  if (noAnswer.length) {
    lines.push('', `### The API server gave no answer (${noAnswer.length}; handler panic, see its log)`, '');
    for (const r of noAnswer.slice(0, 5)) lines.push(`- \`${r.id}\`: \`${JSON.stringify(r.object).slice(0, 1200)}\``);
  }
  const missing = new Map<string, { count: number; id: string }>();
  for (const r of results) for (const w of r.comparison?.missingWarnings ?? []) {
    const k = `${r.kind}: ${w.replace(/\d+/g, 'N')}`;
    const g = missing.get(k);
    if (g) g.count++;
    else missing.set(k, { count: 1, id: r.id });
  }
  if (missing.size) lines.push('', '### API-server warnings we did not give', '');
  for (const [k, g] of [...missing].sort((a, b) => b[1].count - a[1].count)) lines.push(`- ${k} (${g.count}, e.g. \`${g.id}\`)`);
  lines.push('');
  return lines.join('\n');
}
