// The two load generators the server benchmark can drive (16 keep-alive HTTPS connections, one
// POSTed review): autocannon (npm, the default) and wrk (Debian, installed by test/setup.sh). Both
// share this 2-core machine with the servers they load: autocannon costs ~60 µs of CPU per request,
// wrk ~25, and what the client takes is not there for a server that runs on two threads.
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CONNECTIONS = 16;

export interface LoadResult {
  reqPerSec: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
}

export type Client = (url: string, body: string, seconds: number) => Promise<LoadResult>;

const headers = { 'content-type': 'application/json' };

export const autocannonClient: Client = (url, body, duration) =>
  new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', body, headers, connections: CONNECTIONS, pipelining: 1, duration }, (err, r) => {
      if (err) reject(err);
      else resolve({ reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    });
  });

/** wrk's `1.62ms`, `757.26us`, `1.01s` in milliseconds. */
export function wrkMillis(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (m === null) throw new Error(`wrk printed a latency it cannot read: ${text}`);
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
}

/** The figures of wrk's `--latency` report. */
export function parseWrk(out: string): LoadResult {
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (m === null) throw new Error(`wrk report without ${re}:\n${out}`);
    return m[1];
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    reqPerSec: Number(field(/^Requests\/sec:\s+([\d.]+)/m)),
    p50: wrkMillis(field(/^\s+50%\s+(\S+)/m)),
    p99: wrkMillis(field(/^\s+99%\s+(\S+)/m)),
    total: Number(field(/^\s+(\d+) requests in/m)),
    errors: socketErrors === null ? 0 : socketErrors.slice(1).reduce((n, x) => n + Number(x), 0),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

export const wrkClient: Client = async (url, body, seconds) => {
  const dir = await mkdtemp(join(tmpdir(), 'bg-wrk-'));
  try {
    const bodyFile = join(dir, 'body.json');
    const script = join(dir, 'post.lua');
    await writeFile(bodyFile, body);
    await writeFile(
      script,
      `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nlocal f = io.open("${bodyFile}", "rb")\nwrk.body = f:read("*a")\nf:close()\n`,
    );
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${Math.max(1, Math.round(seconds))}s`, '--latency', '-s', script, url];
    const out = await new Promise<string>((resolve, reject) =>
      execFile('wrk', args, (err, stdout) => (err ? reject(new Error(`wrk failed (is it installed? test/setup.sh installs it): ${err.message}`)) : resolve(stdout))),
    );
    return parseWrk(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
