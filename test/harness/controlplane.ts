// A real Kubernetes control plane on loopback, as envtest runs it: etcd + kube-apiserver (and
// optionally kube-controller-manager with a chosen set of controllers), built from the 1.36 Go
// modules. Token auth in system:masters; certificates made in-process; everything in one scratch
// dir that teardown removes.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { k8sBinary, k8sBinDir } from './binaries.ts';
import { createTestCa } from './certs.ts';
import { ApiClient } from './client.ts';
import { runKubectl, type KubectlOptions, type KubectlResult } from './kubectl.ts';
import { freePorts } from './ports.ts';
import { spawnManaged, type ManagedProcess } from './processes.ts';

export const DEFAULT_CONTROLLERS = ['job', 'cronjob', 'garbagecollector'];

export interface ControlPlaneOptions {
  /** true: job, cronjob, garbagecollector; or an explicit `--controllers` list. */
  controllerManager?: boolean | string[];
  /** Leave the processes running after this Node process exits (cluster:up); needs `dir`. */
  persistent?: boolean;
  /** Where certs, kubeconfig, logs and etcd data go; default a fresh dir under /dev/shm or tmp. */
  dir?: string;
  /** How long to wait for /readyz. */
  readyTimeoutMs?: number;
  extraApiServerArgs?: string[];
}

export interface StartupTimes {
  certsMs: number;
  readyMs: number;
  totalMs: number;
}

export interface ControlPlaneState {
  dir: string;
  server: string;
  token: string;
  kubeconfigPath: string;
  caPath: string;
  pids: Record<string, number>;
}

export interface ControlPlane {
  readonly dir: string;
  readonly kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  readonly server: string;
  readonly token: string;
  /** CA of the API server's serving certificate (also in the kubeconfig). */
  readonly caPem: string;
  readonly binDir: string;
  readonly startup: StartupTimes;
  readonly processes: ManagedProcess[];
  /** A keep-alive HTTPS client authenticated as the admin. */
  readonly api: ApiClient;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** What cluster:down needs to find everything again. */
  state(): ControlPlaneState;
  stop(): Promise<void>;
}

function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: batchguard-test
  cluster:
    server: ${server}
    certificate-authority-data: ${ca}
users:
- name: admin
  user:
    token: ${token}
contexts:
- name: batchguard-test
  context:
    cluster: batchguard-test
    user: admin
    namespace: default
current-context: batchguard-test
`;
}

async function waitReady(api: ApiClient, apiserver: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!apiserver.isRunning()) {
      throw new Error(`kube-apiserver exited (${await apiserver.exited}) before ready:\n${logTail(apiserver.logPath)}`);
    }
    try {
      const res = await api.request('GET', '/readyz', undefined, { timeoutMs: 2000 });
      if (res.status === 200) return;
      last = `${res.status} ${res.text.slice(0, 300)}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`kube-apiserver not ready after ${timeoutMs} ms (last: ${last}):\n${logTail(apiserver.logPath)}`);
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const t0 = performance.now();
  const binDir = k8sBinDir();
  if (opts.persistent && opts.dir === undefined) throw new Error('persistent control planes need an explicit dir');
  const dir = opts.dir ?? mkdtempSync(path.join(scratchRoot(), 'batchguard-cp-'));
  mkdirSync(dir, { recursive: true });
  const ownsDir = opts.dir === undefined;
  const processes: ManagedProcess[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse order: KCM and the apiserver before etcd, so nothing logs storage errors on the way out.
    for (const p of [...processes].reverse()) await p.stop();
  };

  try {
    const [etcdPort, peerPort, apiPort] = await freePorts(3);
    const ca = await createTestCa('batchguard-apiserver-ca');
    const serving = await ca.issue({ commonName: '127.0.0.1', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const token = randomBytes(24).toString('hex');
    const file = (name: string, content: string): string => {
      const p = path.join(dir, name);
      writeFileSync(p, content, { mode: 0o600 });
      return p;
    };
    const caPath = file('ca.crt', ca.certPem);
    const certPath = file('serving.crt', serving.certPem);
    const keyPath = file('serving.key', serving.keyPem);
    // The service-account signing key only has to exist; a serving key is as good as any.
    const saKeyPath = file('sa.key', serving.keyPem);
    const tokensPath = file('tokens.csv', `${token},admin,admin-uid,"system:masters"\n`);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = file('kubeconfig', kubeconfigYaml(server, ca.certPem, token));
    const certsMs = performance.now() - t0;

    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const spawnOpts = (name: string) => ({
      logPath: path.join(dir, `${name}.log`),
      persistent: opts.persistent,
      scratchDir: ownsDir && name === 'etcd' ? dir : undefined,
    });
    processes.push(
      spawnManaged(
        'etcd',
        k8sBinary('etcd'),
        [
          '--name=default',
          `--data-dir=${path.join(dir, 'etcd')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=${peerUrl}`,
          `--initial-advertise-peer-urls=${peerUrl}`,
          `--initial-cluster=default=${peerUrl}`,
          '--unsafe-no-fsync=true',
          '--log-level=warn',
        ],
        spawnOpts('etcd'),
      ),
    );
    const apiserver = spawnManaged(
      'kube-apiserver',
      k8sBinary('kube-apiserver'),
      [
        '--advertise-address=127.0.0.1',
        '--bind-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--etcd-servers=${etcdUrl}`,
        `--tls-cert-file=${certPath}`,
        `--tls-private-key-file=${keyPath}`,
        `--cert-dir=${path.join(dir, 'apiserver-certs')}`,
        `--token-auth-file=${tokensPath}`,
        '--authorization-mode=RBAC',
        `--service-account-issuer=${server}`,
        `--service-account-key-file=${saKeyPath}`,
        `--service-account-signing-key-file=${saKeyPath}`,
        '--service-cluster-ip-range=10.0.0.0/24',
        '--allow-privileged=true',
        '--disable-admission-plugins=ServiceAccount',
        '--endpoint-reconciler-type=none',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        '--v=1',
        ...(opts.extraApiServerArgs ?? []),
      ],
      spawnOpts('kube-apiserver'),
    );
    processes.push(apiserver);
    const api = new ApiClient(server, token, ca.certPem);
    await waitReady(api, apiserver, opts.readyTimeoutMs ?? 120_000);
    const readyMs = performance.now() - t0;

    if (opts.controllerManager) {
      const controllers = opts.controllerManager === true ? DEFAULT_CONTROLLERS : opts.controllerManager;
      processes.push(
        spawnManaged(
          'kube-controller-manager',
          k8sBinary('kube-controller-manager'),
          [
            `--kubeconfig=${kubeconfigPath}`,
            '--leader-elect=false',
            `--controllers=${controllers.join(',')}`,
            '--secure-port=0',
            '--kube-api-qps=100',
            '--kube-api-burst=200',
            '--v=1',
          ],
          spawnOpts('kube-controller-manager'),
        ),
      );
    }

    const startup = { certsMs, readyMs, totalMs: performance.now() - t0 };
    let stopped = false;
    return {
      dir,
      kubeconfigPath,
      server,
      token,
      caPem: ca.certPem,
      binDir,
      startup,
      processes,
      api,
      kubectl: (args, kopts) => runKubectl(binDir, kubeconfigPath, path.join(dir, 'kube-cache'), args, kopts),
      state: () => ({
        dir,
        server,
        token,
        kubeconfigPath,
        caPath,
        pids: Object.fromEntries(processes.map((p) => [p.name, p.pid])),
      }),
      async stop() {
        if (stopped) return;
        stopped = true;
        api.close();
        await stopAll();
        if (ownsDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
