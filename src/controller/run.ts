// Wires the Job controller, leader election and the health endpoint into one running process.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { JobController } from './controller.ts';
import { KubeClient } from './kube.ts';
import { LeaderElector } from './leader.ts';
import type { ControllerOptions } from './options.ts';
import { DEFAULT_LIMITS } from './job/reconcile.ts';
import type { SyncLimits } from './job/reconcile.ts';

export interface RunningController {
  /** Whether this replica is acting (always true without leader election). */
  isLeader(): boolean;
  stop(): Promise<void>;
}

export interface RunOverrides {
  log?: (message: string) => void;
  /** Work only the acting replica does (the certificate manager), stopped through the signal. */
  whileLeading?: (signal: AbortSignal) => Promise<void>;
  /** The built-in controller's per-sync caps, lowered by tests to force partial updates as upstream does. */
  caps?: Partial<Pick<SyncLimits, 'maxUncountedPods' | 'maxPodCreateDeletePerSync'>>;
}

export async function runController(options: ControllerOptions, overrides: RunOverrides = {}): Promise<RunningController> {
  const log = overrides.log ?? ((m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`));
  const client = KubeClient.load(options.kubeconfig);
  const limits = { ...DEFAULT_LIMITS, ...overrides.caps, backoff: { baseMs: options.podFailureBackoffMs, maxMs: options.podFailureBackoffMaxMs } };
  let controller: JobController | undefined;
  let leading: { abort: AbortController; task: Promise<void> } | undefined;
  const startController = async (): Promise<void> => {
    controller = new JobController(client, { controllerName: options.controllerName, workers: options.workers, syncBatchMs: options.syncBatchMs, limits, log });
    await controller.start();
    log(`controller ${options.controllerName}: caches synced, ${options.workers} workers running`);
    if (overrides.whileLeading) {
      const abort = new AbortController();
      leading = { abort, task: overrides.whileLeading(abort.signal).catch((err) => log(`leader task: ${String(err)}`)) };
    }
  };
  const stopController = async (): Promise<void> => {
    const running = controller;
    const task = leading;
    controller = undefined;
    leading = undefined;
    task?.abort.abort();
    await Promise.all([running?.stop(), task?.task]);
  };

  let elector: LeaderElector | undefined;
  if (options.leaderElect) {
    elector = new LeaderElector(client, {
      namespace: options.leaseNamespace, name: options.leaseName, identity: options.identity,
      leaseDurationMs: options.leaseDurationMs, renewDeadlineMs: options.renewDeadlineMs, retryPeriodMs: options.retryPeriodMs,
      onStartedLeading: startController, onStoppedLeading: stopController, log,
    });
    elector.start();
  } else {
    await startController();
  }

  let health: Server | undefined;
  if (options.healthPort !== undefined) {
    health = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/leader' ? String(elector ? elector.isLeader : true) : 'ok');
    });
    health.listen(options.healthPort);
  }

  return {
    isLeader: () => (elector ? elector.isLeader : true),
    stop: async () => {
      health?.close();
      if (elector) await elector.stop();
      else await stopController();
    },
  };
}
