// Wires the Job controller, leader election and the health endpoint into one running process.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { JobController } from './controller.ts';
import type { LeaderElector } from './leader.ts';
import type { ControllerOptions } from './options.ts';
import { DEFAULT_LIMITS } from './job/reconcile.ts';
import type { SyncLimits } from './job/reconcile.ts';
import { slimClientNode } from './slimclient.ts';

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

interface HealthState {
  leader: boolean;
  /** undefined while this replica runs no controller (standby, or between leaderships). */
  controller: { synced: boolean; watchFailingMs: number } | undefined;
}

/**
 * /healthz: 200 unless this replica's informers have been unable to list or watch for longer than
 * watchFailureMs (a controller cut off from the API server acts on nothing; a restart may help).
 * /readyz: 200 once the caches have synced; a standby replica is ready (it serves nothing and
 * is waiting for the Lease) and says so. /leader: whether this replica acts.
 */
function serveHealth(port: number, state: () => HealthState, watchFailureMs: number): Server {
  const server = createServer((req, res) => {
    const { leader, controller } = state();
    const answer = (code: number, text: string): void => {
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(text);
    };
    const path = req.url?.split('?')[0];
    if (path === '/leader') return answer(200, String(leader));
    if (path === '/healthz') {
      if (controller && controller.watchFailingMs > watchFailureMs) {
        return answer(503, `watch failing for ${Math.round(controller.watchFailingMs / 1000)}s`);
      }
      return answer(200, 'ok');
    }
    if (path === '/readyz') {
      if (!controller) return answer(200, 'ok: standby');
      return controller.synced ? answer(200, 'ok') : answer(503, 'caches not synced');
    }
    answer(404, 'not found');
  });
  server.listen(port);
  return server;
}

export async function runController(options: ControllerOptions, overrides: RunOverrides = {}): Promise<RunningController> {
  const log = overrides.log ?? ((m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`));
  // The client is loaded only now, after the hook that keeps its unused generated code out.
  slimClientNode();
  const [{ KubeClient }, { JobController }, { LeaderElector }] = await Promise.all([import('./kube.ts'), import('./controller.ts'), import('./leader.ts')]);
  const client = KubeClient.load(options.kubeconfig);
  const limits = { ...DEFAULT_LIMITS, ...overrides.caps, backoff: { baseMs: options.podFailureBackoffMs, maxMs: options.podFailureBackoffMaxMs } };
  let controller: JobController | undefined;
  let leading: { abort: AbortController; task: Promise<void> } | undefined;
  const startController = async (): Promise<void> => {
    controller = new JobController(client, { controllerName: options.controllerName, workers: options.workers, syncBatchMs: options.syncBatchMs, resyncMs: options.resyncMs, limits, log });
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
  // Up before the caches sync, so the kubelet sees a replica that is starting, not a dead one.
  const health = options.healthPort === undefined ? undefined : serveHealth(options.healthPort, () => ({
    leader: elector ? elector.isLeader : true,
    controller: controller?.health(),
  }), options.healthWatchFailureMs);
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

  return {
    isLeader: () => (elector ? elector.isLeader : true),
    stop: async () => {
      health?.close();
      if (elector) await elector.stop();
      else await stopController();
    },
  };
}
