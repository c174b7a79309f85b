// `batchguard serve` flags and their environment equivalents, parsed into plain options (pure).
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { SecureVersion } from 'node:tls';
import { DEFAULT_CONTROLLER_NAME } from '../admission/routing.ts';
import { isDomainPrefixedPath } from '../validation/names.ts';

export interface ServeOptions {
  host: string;
  port: number;
  certFile: string | undefined;
  keyFile: string | undefined;
  certsDir: string;
  dnsNames: string[];
  minTlsVersion: SecureVersion;
  logLevel: string;
  webhookTimeoutSeconds: number;
  policyFile: string | undefined;
  controllerName: string;
  kubeconfig: string | undefined;
  shutdownGraceSeconds: number;
  workers: number;
}

// One core stays with the event loop (TLS, HTTP); past a few workers the main thread is the limit.
const MAX_DEFAULT_WORKERS = 4;

/** The default worker count: the CPUs this process may use (cgroup quota included), minus the event loop's. */
export function defaultWorkers(cpus: number = availableParallelism()): number {
  return Math.max(0, Math.min(cpus - 1, MAX_DEFAULT_WORKERS));
}

export const USAGE = `Usage: batchguard serve [flags]

Serves the admission webhooks (POST /validate, POST /mutate) over HTTPS, with /healthz, /readyz, /metrics.

Flags (environment equivalent in brackets):
  --host HOST              address to listen on [BATCHGUARD_HOST] (default 0.0.0.0)
  --port PORT              port [BATCHGUARD_PORT] (default 8443)
  --cert-file FILE         serving certificate (PEM), reloaded when it changes [BATCHGUARD_CERT_FILE]
  --key-file FILE          its private key (PEM) [BATCHGUARD_KEY_FILE]
  --certs-dir DIR          where development certificates are generated when no cert is given
                           [BATCHGUARD_CERTS_DIR] (default certs)
  --dns-name NAME          extra DNS name or IP of the development certificate; repeatable
                           [BATCHGUARD_DNS_NAMES, comma-separated]
  --min-tls VERSION        minimum TLS version, 1.2 or 1.3 [BATCHGUARD_MIN_TLS] (default 1.2)
  --log-level LEVEL        trace, debug, info, warn, error, fatal, silent [BATCHGUARD_LOG_LEVEL] (default info);
                           denials and errors are logged at info and above, every answer at debug
  --webhook-timeout DUR    the webhooks' timeoutSeconds; slower answers are counted [BATCHGUARD_WEBHOOK_TIMEOUT] (default 10s)
  --policy FILE            policy file (YAML or JSON) passed to the rule engine [BATCHGUARD_POLICY]
  --controller-name NAME   spec.managedBy given to opted-in Jobs [BATCHGUARD_CONTROLLER_NAME]
                           (default ${DEFAULT_CONTROLLER_NAME})
  --kubeconfig FILE        cluster access for Namespace labels (routing); in a pod the service account is
                           used; without either only the object's own label routes [BATCHGUARD_KUBECONFIG]
  --shutdown-grace DUR     time in-flight requests get on SIGTERM [BATCHGUARD_SHUTDOWN_GRACE] (default 20s)
  --workers N              worker threads running the rule engine; 0 answers on the main thread
                           [BATCHGUARD_WORKERS] (default: available CPUs - 1, at most ${MAX_DEFAULT_WORKERS})
  -h, --help               this text
`;

export type ParseResult = { ok: true; help: boolean; options: ServeOptions } | { ok: false; message: string };

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/** `10s`, `500ms`, `1m` or a bare number of seconds. */
export function parseDurationSeconds(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

export function parseTlsVersion(value: string): SecureVersion | undefined {
  const v = value.trim().replace(/^(TLSv|VersionTLS)/i, '');
  if (v === '1.2' || v === '12') return 'TLSv1.2';
  if (v === '1.3' || v === '13') return 'TLSv1.3';
  return undefined;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ParseResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'cert-file': { type: 'string' },
        'key-file': { type: 'string' },
        'certs-dir': { type: 'string' },
        'dns-name': { type: 'string', multiple: true },
        'min-tls': { type: 'string' },
        'log-level': { type: 'string' },
        'webhook-timeout': { type: 'string' },
        policy: { type: 'string' },
        'controller-name': { type: 'string' },
        kubeconfig: { type: 'string' },
        'shutdown-grace': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const pick = (flag: string | undefined, name: string): string | undefined => {
    if (flag !== undefined) return flag;
    const fromEnv = env[name];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };

  const portText = pick(values.port, 'BATCHGUARD_PORT') ?? '8443';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) return { ok: false, message: `invalid --port ${JSON.stringify(portText)}` };

  const certFile = pick(values['cert-file'], 'BATCHGUARD_CERT_FILE');
  const keyFile = pick(values['key-file'], 'BATCHGUARD_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) return { ok: false, message: '--cert-file and --key-file go together' };

  const minTlsText = pick(values['min-tls'], 'BATCHGUARD_MIN_TLS') ?? '1.2';
  const minTlsVersion = parseTlsVersion(minTlsText);
  if (minTlsVersion === undefined) return { ok: false, message: `invalid --min-tls ${JSON.stringify(minTlsText)}: want 1.2 or 1.3` };

  const logLevel = pick(values['log-level'], 'BATCHGUARD_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) return { ok: false, message: `invalid --log-level ${JSON.stringify(logLevel)}` };

  const timeoutText = pick(values['webhook-timeout'], 'BATCHGUARD_WEBHOOK_TIMEOUT') ?? '10s';
  const webhookTimeoutSeconds = parseDurationSeconds(timeoutText);
  if (webhookTimeoutSeconds === undefined || webhookTimeoutSeconds <= 0) {
    return { ok: false, message: `invalid --webhook-timeout ${JSON.stringify(timeoutText)}` };
  }
  const graceText = pick(values['shutdown-grace'], 'BATCHGUARD_SHUTDOWN_GRACE') ?? '20s';
  const shutdownGraceSeconds = parseDurationSeconds(graceText);
  if (shutdownGraceSeconds === undefined) return { ok: false, message: `invalid --shutdown-grace ${JSON.stringify(graceText)}` };

  const workersText = pick(values.workers, 'BATCHGUARD_WORKERS');
  const workers = workersText === undefined ? defaultWorkers() : Number(workersText);
  if (workersText !== undefined && (!/^\d+$/.test(workersText) || workers > 64)) {
    return { ok: false, message: `invalid --workers ${JSON.stringify(workersText)}: want 0 to 64` };
  }

  const controllerName = pick(values['controller-name'], 'BATCHGUARD_CONTROLLER_NAME') ?? DEFAULT_CONTROLLER_NAME;
  const nameErrors = isDomainPrefixedPath(controllerName);
  if (nameErrors.length > 0 || controllerName.length > 63) {
    return { ok: false, message: `invalid --controller-name ${JSON.stringify(controllerName)}: must be a domain-prefixed path of at most 63 characters` };
  }

  const envDnsNames = (env.BATCHGUARD_DNS_NAMES ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return {
    ok: true,
    help: values.help === true,
    options: {
      host: pick(values.host, 'BATCHGUARD_HOST') ?? '0.0.0.0',
      port,
      certFile,
      keyFile,
      certsDir: pick(values['certs-dir'], 'BATCHGUARD_CERTS_DIR') ?? 'certs',
      dnsNames: values['dns-name'] ?? envDnsNames,
      minTlsVersion,
      logLevel,
      webhookTimeoutSeconds,
      policyFile: pick(values.policy, 'BATCHGUARD_POLICY'),
      controllerName,
      kubeconfig: pick(values.kubeconfig, 'BATCHGUARD_KUBECONFIG'),
      shutdownGraceSeconds,
      workers,
    },
  };
}
