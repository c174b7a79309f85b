// Command-line options of `batchguard controller`, parsed without a dependency so the pure parser
// can be table-tested and the defaults live in one place.
import { isDomainPrefixedPath } from '../validation/names.ts';
import { BUILTIN_CONTROLLER_NAME } from './job/constants.ts';

export const DEFAULT_CONTROLLER_NAME = 'batchguard.io/job-controller';

export interface ControllerOptions {
  kubeconfig: string | undefined;
  controllerName: string;
  leaderElect: boolean;
  leaseName: string;
  leaseNamespace: string;
  identity: string;
  /** client-go leader-election timings (kube-controller-manager defaults 15 s / 10 s / 2 s). */
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  workers: number;
  /** Base and cap of the pod-failure backoff (1.36 DefaultJobPodFailureBackOff / MaxJobPodFailureBackOff). */
  podFailureBackoffMs: number;
  podFailureBackoffMaxMs: number;
  /** syncJobBatchPeriod: pod events are folded into one sync per second. */
  syncBatchMs: number;
  /** Relist period of the informers (every Job is synced again after it). */
  resyncMs: number;
  healthPort: number | undefined;
  /** /healthz fails once listing or watching has failed this long without a success. */
  healthWatchFailureMs: number;
}

export type ParseResult =
  | { ok: true; options: ControllerOptions; help: boolean }
  | { ok: false; message: string };

export const USAGE = `Usage: batchguard controller [flags]

Runs the Job controller for Jobs whose spec.managedBy names it.

Flags:
  --kubeconfig <path>            kubeconfig file (default: $KUBECONFIG, in-cluster, ~/.kube/config)
  --controller-name <name>       spec.managedBy value to act on (default ${DEFAULT_CONTROLLER_NAME})
  --leader-elect                 acquire a coordination.k8s.io/v1 Lease before acting (default false)
  --lease-name <name>            Lease name (default batchguard-job-controller)
  --lease-namespace <ns>         Lease namespace (default kube-system)
  --identity <id>                leader-election identity (default hostname_pid)
  --lease-duration <ms>          leader-election lease duration (default 15000)
  --renew-deadline <ms>          leader gives up after failing to renew this long (default 10000)
  --retry-period <ms>            leader-election retry period (default 2000)
  --workers <n>                  concurrent Job syncs (default 5)
  --pod-failure-backoff <ms>     base pod-failure backoff (default 10000)
  --pod-failure-backoff-max <ms> cap of the pod-failure backoff (default 600000)
  --sync-batch <ms>              delay that batches pod events per Job (default 1000)
  --resync-period <ms>           relist Jobs and pods and sync every Job this often (default 600000)
  --health-port <port>           serve /healthz and /readyz on this port
  --health-watch-failure <ms>    /healthz fails when the API watches have failed this long (default 60000)
  -h, --help                     show this help
`;

export function parseControllerArgs(argv: string[], env: Record<string, string | undefined>, hostIdentity: string): ParseResult {
  const options: ControllerOptions = {
    kubeconfig: env.KUBECONFIG || undefined,
    controllerName: DEFAULT_CONTROLLER_NAME,
    leaderElect: false,
    leaseName: 'batchguard-job-controller',
    leaseNamespace: 'kube-system',
    identity: hostIdentity,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    workers: 5,
    podFailureBackoffMs: 10_000,
    podFailureBackoffMaxMs: 600_000,
    syncBatchMs: 1_000,
    resyncMs: 600_000,
    healthPort: undefined,
    healthWatchFailureMs: 60_000,
  };
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    const int = (name: string, min: number): number | string => {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) return `${name} needs an integer >= ${min}`;
      return Number(v);
    };
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--kubeconfig':
      case '--controller-name':
      case '--lease-name':
      case '--lease-namespace':
      case '--identity': {
        const v = value();
        if (!v) return { ok: false, message: `${flag} needs a value` };
        if (flag === '--kubeconfig') options.kubeconfig = v;
        else if (flag === '--controller-name') options.controllerName = v;
        else if (flag === '--lease-name') options.leaseName = v;
        else if (flag === '--lease-namespace') options.leaseNamespace = v;
        else options.identity = v;
        break;
      }
      case '--leader-elect': {
        if (inline !== undefined && inline !== 'true' && inline !== 'false') return { ok: false, message: '--leader-elect takes true or false' };
        options.leaderElect = inline !== 'false';
        break;
      }
      case '--lease-duration':
      case '--renew-deadline':
      case '--retry-period':
      case '--workers':
      case '--pod-failure-backoff':
      case '--pod-failure-backoff-max':
      case '--sync-batch':
      case '--resync-period':
      case '--health-watch-failure':
      case '--health-port': {
        const n = int(flag, flag === '--workers' || flag === '--retry-period' || flag === '--resync-period' ? 1 : 0);
        if (typeof n === 'string') return { ok: false, message: n };
        if (flag === '--workers') options.workers = n;
        else if (flag === '--lease-duration') options.leaseDurationMs = n;
        else if (flag === '--renew-deadline') options.renewDeadlineMs = n;
        else if (flag === '--retry-period') options.retryPeriodMs = n;
        else if (flag === '--pod-failure-backoff') options.podFailureBackoffMs = n;
        else if (flag === '--pod-failure-backoff-max') options.podFailureBackoffMaxMs = n;
        else if (flag === '--sync-batch') options.syncBatchMs = n;
        else if (flag === '--resync-period') options.resyncMs = n;
        else if (flag === '--health-watch-failure') options.healthWatchFailureMs = n;
        else options.healthPort = n;
        break;
      }
      default:
        return { ok: false, message: `unknown flag: ${arg}` };
    }
  }
  // The API server accepts exactly these spec.managedBy values; the reserved one is the built-in's.
  const name = options.controllerName;
  if (name === BUILTIN_CONTROLLER_NAME) return { ok: false, message: `--controller-name must not be the built-in controller's ${BUILTIN_CONTROLLER_NAME}` };
  const problems = isDomainPrefixedPath(name);
  if (problems.length > 0 || name.length > 63) {
    return { ok: false, message: `--controller-name ${JSON.stringify(name)}: ${problems[0]?.detail ?? 'must be no more than 63 characters'}` };
  }
  return { ok: true, options, help };
}
