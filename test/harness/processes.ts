// Child processes that never outlive the test: each runs in its own process group (so a Ctrl-C in
// the terminal reaches only us, and stop() can kill the whole group), is killed from exit and
// signal hooks, and is watched by a tiny detached shell that kills the group (and removes its
// scratch dir) if this Node process dies without running any hook (SIGKILL, runner timeout).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  logPath: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep running after this Node process exits (cluster:up). No hooks, no watchdog. */
  persistent?: boolean;
  /** Removed by the watchdog after the group is killed, when this process dies unexpectedly. */
  scratchDir?: string;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function killGroupSync(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const c of live) if (c.pid !== undefined) killGroupSync(c.pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const c of live) if (c.pid !== undefined) killGroupSync(c.pid, 'SIGKILL');
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const)[sig]);
    });
  }
}

const WATCHDOG = `p=$1 g=$2 d=$3
while kill -0 "$p" 2>/dev/null && kill -0 -- "-$g" 2>/dev/null; do sleep 1; done
kill -0 "$p" 2>/dev/null && exit 0
kill -TERM -- "-$g" 2>/dev/null; sleep 2; kill -KILL -- "-$g" 2>/dev/null
if [ -n "$d" ]; then rm -rf -- "$d"; fi`;

function startWatchdog(pgid: number, scratchDir: string | undefined): ChildProcess {
  const w = spawn('bash', ['-c', WATCHDOG, 'batchguard-watchdog', String(process.pid), String(pgid), scratchDir ?? ''], {
    detached: true,
    stdio: 'ignore',
  });
  w.unref();
  return w;
}

export function spawnManaged(name: string, command: string, args: string[], opts: SpawnOptions): ManagedProcess {
  const fd = openSync(opts.logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const pid = child.pid;
  let running = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      running = false;
      live.delete(child);
      resolve(String(err));
    });
  });
  let watchdog: ChildProcess | undefined;
  if (opts.persistent) {
    child.unref();
  } else {
    live.add(child);
    installHooks();
    watchdog = startWatchdog(pid, opts.scratchDir);
  }
  return {
    name,
    pid,
    logPath: opts.logPath,
    exited,
    isRunning: () => running,
    async stop(graceMs = 5000) {
      // Stopped on purpose: the watchdog has nothing left to do.
      if (watchdog?.pid !== undefined) killGroupSync(watchdog.pid, 'SIGKILL');
      if (!running) return;
      killGroupSync(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroupSync(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the leader left behind in its group goes too.
      killGroupSync(pid, 'SIGKILL');
    },
  };
}
