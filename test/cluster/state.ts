// What cluster:up leaves behind for cluster:down: the process groups it started, and where.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ClusterProcess {
  name: string;
  pid: number;
  /** A fragment of /proc/<pid>/cmdline, so a recycled pid is never killed. */
  match: string;
}

export interface ClusterState {
  server: string;
  webhookUrl: string;
  kubeconfigPath: string;
  /** In start order; stopped in reverse. */
  processes: ClusterProcess[];
  startedAt: string;
}

export const stateFile = (dir: string): string => path.join(dir, 'state.json');

export function readState(dir: string): ClusterState | undefined {
  const f = stateFile(dir);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as ClusterState) : undefined;
}

export function writeState(dir: string, state: ClusterState): void {
  writeFileSync(stateFile(dir), JSON.stringify(state, null, 2) + '\n');
}

/** True when `pid` still runs the process we started (not a recycled pid). */
export function isOurs(p: ClusterProcess): boolean {
  try {
    const cmd = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    // A zombie has an empty cmdline and state Z: it holds no port and no file.
    return cmd.includes(p.match) && !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

/** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when the leader is gone. */
export async function stopGroup(p: ClusterProcess, graceMs = 10_000): Promise<boolean> {
  if (!isOurs(p)) return false;
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-p.pid, s);
    } catch {
      // gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurs(p) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  signal('SIGKILL');
  while (isOurs(p)) await new Promise((r) => setTimeout(r, 50));
  return true;
}
