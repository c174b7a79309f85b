// cluster:down's work: stop every process group cluster:up started (newest first), remove the state.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/binaries.ts';
import { readState, stopGroup } from './state.ts';

const dir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '.cluster'));
const state = readState(dir);
if (!state) {
  process.stdout.write(`no cluster state in ${dir}; nothing to stop.\n`);
  process.exit(0);
}
for (const p of [...state.processes].reverse()) {
  const stopped = await stopGroup(p);
  process.stdout.write(`${stopped ? 'stopped' : 'not running'}: ${p.name} (pid ${p.pid})\n`);
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write('cluster is down.\n');
