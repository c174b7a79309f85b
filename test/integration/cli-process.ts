// Runs the real CLI (`node src/cli/main.ts serve ...`) as a child process and reads its JSON logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const repo = new URL('../../', import.meta.url).pathname;

export interface Served {
  child: ChildProcess;
  url: URL;
  caPem: string;
  logs: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; ms: number }>;
  dir: string;
}

/** `batchguard serve` from the sources in its own process on a free port; resolves once it serves. */
export async function serveProcess(extraArgs: string[], env: Record<string, string> = {}, certsDir?: string): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), 'bg-cli-'));
  const child = spawn(
    process.execPath,
    ['src/cli/main.ts', 'serve', '--certs-dir', certsDir ?? join(dir, 'certs'), ...extraArgs],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BATCHGUARD_HOST: '127.0.0.1', BATCHGUARD_PORT: '0', ...env } },
  );
  const logs: Array<Record<string, unknown>> = [];
  let signalledAt = 0;
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
    child.on('exit', (code) => resolve({ code, ms: Date.now() - signalledAt }));
  });
  const origKill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return origKill(signal);
  };
  const url = await new Promise<URL>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'serving') resolve(new URL(String(entry.url)));
    });
    child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
  });
  const caPem = await readFile(join(certsDir ?? join(dir, 'certs'), 'ca.crt'), 'utf8');
  return { child, url, caPem, logs, exited, dir };
}


/** Runs `batchguard serve ARGS` to completion (flag errors, --help). */
export function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
