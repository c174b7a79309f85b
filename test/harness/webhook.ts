// batchguard's webhook as users run it: the CLI's `serve` in its own process, HTTPS on loopback with
// a serving certificate (SAN IP:127.0.0.1) signed by a CA that goes into the webhooks' caBundle.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { REPO_ROOT } from './binaries.ts';
import { createTestCa } from './certs.ts';
import { freePort } from './ports.ts';
import { spawnManaged, type ManagedProcess } from './processes.ts';

export interface WebhookProcess {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  caPem: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface WebhookStartOptions {
  /** Where certificates and the log go. */
  dir: string;
  /** Kubeconfig for Namespace labels (routing); optional. */
  kubeconfigPath?: string;
  persistent?: boolean;
  /** Node executable; default the one running this process. */
  node?: string;
  /** Entry point; default the sources' CLI (Node 24 runs .ts), or dist/cli/main.js when asked. */
  entry?: string;
  extraArgs?: string[];
  readyTimeoutMs?: number;
}

function get(url: string, caPem: string): Promise<number> {
  return new Promise((resolve) => {
    const req = https.get(url, { ca: caPem, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

export async function startWebhook(opts: WebhookStartOptions): Promise<WebhookProcess> {
  mkdirSync(opts.dir, { recursive: true });
  const ca = await createTestCa('batchguard-webhook-ca');
  const serving = await ca.issue({ commonName: '127.0.0.1', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const caFile = path.join(opts.dir, 'webhook-ca.crt');
  const certFile = path.join(opts.dir, 'webhook.crt');
  const keyFile = path.join(opts.dir, 'webhook.key');
  writeFileSync(caFile, ca.certPem);
  writeFileSync(certFile, serving.certPem);
  writeFileSync(keyFile, serving.keyPem, { mode: 0o600 });
  const port = await freePort();
  const args = [
    opts.entry ?? path.join(REPO_ROOT, 'src/cli/main.ts'),
    'serve',
    '--host=127.0.0.1',
    `--port=${port}`,
    `--cert-file=${certFile}`,
    `--key-file=${keyFile}`,
    '--log-level=warn',
    '--shutdown-grace=1s',
    ...(opts.kubeconfigPath ? [`--kubeconfig=${opts.kubeconfigPath}`] : []),
    ...(opts.extraArgs ?? []),
  ];
  const proc = spawnManaged('batchguard-serve', opts.node ?? process.execPath, args, {
    logPath: path.join(opts.dir, 'webhook.log'),
    persistent: opts.persistent,
    cwd: REPO_ROOT,
  });
  const url = `https://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while ((await get(`${url}/healthz`, ca.certPem)) !== 200) {
    if (!proc.isRunning()) throw new Error(`batchguard serve exited (${await proc.exited}):\n${readFileSync(proc.logPath, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`batchguard serve not healthy on ${url} after ${opts.readyTimeoutMs ?? 60_000} ms; log: ${proc.logPath}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, caPem: ca.certPem, process: proc, stop: () => proc.stop(3000) };
}
