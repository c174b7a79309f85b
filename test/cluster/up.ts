// cluster:up's work: control plane + webhook + controller, detached, registered, described.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/binaries.ts';
import { startControlPlane } from '../harness/controlplane.ts';
import { spawnManaged, type ManagedProcess } from '../harness/processes.ts';
import { startWebhook } from '../harness/webhook.ts';
import { registerWebhooks } from '../harness/webhooks.ts';
import { isOurs, readState, stopGroup, writeState, type ClusterProcess } from './state.ts';

const dir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '.cluster'));
const kubeconfig = path.join(dir, 'kubeconfig');
const usage = (): string => `
batchguard cluster is up (Kubernetes v1.36.4 on loopback, batchguard webhook + controller).

  export KUBECONFIG=${path.relative(process.cwd(), kubeconfig) || kubeconfig}
  kubectl apply -f examples/job-valid.yaml          # accepted, defaults filled in
  kubectl apply -f examples/job-invalid.yaml        # denied, same text as the API server
  kubectl apply -f examples/cronjob-warnings.yaml   # accepted with a Warning
  kubectl apply -f examples/job-managed.yaml        # run by batchguard's controller
  kubectl get jobs,pods

kubectl: ${process.env.BATCHGUARD_K8S_BIN ?? '(see test/controlplane/build.sh)'}/kubectl
logs:    ${dir}/**/*.log
stop:    npm run cluster:down
`;

const previous = readState(dir);
if (previous && previous.processes.some(isOurs)) {
  process.stdout.write(`already running (${previous.server}).\n${usage()}`);
  process.exit(0);
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const started: ClusterProcess[] = [];
const track = (p: ManagedProcess, match: string): void => {
  started.push({ name: p.name, pid: p.pid, match });
};
try {
  const t0 = performance.now();
  const cp = await startControlPlane({ persistent: true, dir: path.join(dir, 'controlplane'), controllerManager: ['job', 'cronjob', 'garbagecollector', 'ttl-after-finished'] });
  for (const p of cp.processes) track(p, p.name);
  copyFileSync(cp.kubeconfigPath, kubeconfig);

  const webhook = await startWebhook({ dir: path.join(dir, 'webhook'), kubeconfigPath: kubeconfig, persistent: true });
  track(webhook.process, 'serve');
  await registerWebhooks(cp, {
    url: webhook.url,
    caPem: webhook.caPem,
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] },
  });

  if (existsSync(path.join(REPO_ROOT, 'src/cli/controller.ts'))) {
    const controller = spawnManaged('batchguard-controller', process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'controller', `--kubeconfig=${kubeconfig}`], {
      logPath: path.join(dir, 'controller.log'),
      persistent: true,
      cwd: REPO_ROOT,
    });
    track(controller, 'controller');
    await new Promise((r) => setTimeout(r, 1000));
    if (!controller.isRunning()) throw new Error(`batchguard controller exited (${await controller.exited}); see ${controller.logPath}`);
  }
  cp.api.close();
  writeState(dir, { server: cp.server, webhookUrl: webhook.url, kubeconfigPath: kubeconfig, processes: started, startedAt: new Date().toISOString() });
  process.stdout.write(`started in ${(performance.now() - t0) / 1000 | 0}s.${usage()}`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`cluster:up failed: ${(err as Error).message}\n`);
  for (const p of started.reverse()) await stopGroup(p, 3000);
  process.exit(1);
}
