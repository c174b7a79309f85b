// The HTTPS server: TLS from files (reloaded on change) or from generated development certificates,
// the admission fast path ahead of the express app, and a graceful shutdown.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureVersion } from 'node:tls';
import type { Registry } from 'prom-client';
import { defaultingPatch, type Defaulter } from '../admission/defaulting.ts';
import type { Reviewer } from '../admission/handlers.ts';
import type { Policy } from '../defaulting/index.ts';
import { DEFAULT_CONTROLLER_NAME } from '../admission/routing.ts';
import { warmUp } from '../admission/warmup.ts';
import { ensureDevCertificates } from '../certs/devcerts.ts';
import { reviewObject } from '../engine/index.ts';
import { admissionRoute, handleAdmission, type AdmissionContext } from './admission.ts';
import { answerAdmission } from './answer.ts';
import type { NamespaceSource } from './namespaces.ts';
import { AdmissionPool } from './pool.ts';
import { createApp } from './app.ts';
import { waitForServingPair, watchServingPair, type CertificateWatcher, type ServingPair } from './certificates.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';

export type TlsSource =
  | { certFile: string; keyFile: string }
  | { devCertsDir: string; dnsNames?: string[] };

export interface ServerOptions {
  host: string;
  port: number;
  tls: TlsSource;
  /**
   * Worker threads that run the engine; 0 (the default) answers on the main thread. Workers always
   * run the real engine: `review` and `defaults` can only be replaced in-thread.
   */
  workers?: number;
  /** The validating webhook's judge; default the engine's reviewObject. */
  review?: Reviewer;
  /** The mutating webhook's defaults; default defaultingPatch. */
  defaults?: Defaulter;
  minTlsVersion?: SecureVersion;
  logger?: Logger;
  /** The API server's webhook timeout; slower answers are counted. Seconds, default 10. */
  webhookTimeoutSeconds?: number;
  policy?: Policy;
  controllerName?: string;
  /** Namespace labels for routing opted-in Namespaces; without it only the object's own label counts. */
  namespaces?: NamespaceSource;
  /** How long a shutdown waits for in-flight requests before closing connections. Default 20 s. */
  shutdownGraceMs?: number;
  /** How often the certificate files are re-read besides file events. Default 60 s. */
  certificatePollMs?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** The CA that signed the serving certificate, when batchguard generated it. */
  caPem: string | undefined;
  caFile: string | undefined;
  registry: Registry;
  certificate(): ServingPair;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes everything. */
  close(): Promise<void>;
}

// The API server's webhook client keeps idle connections for 90 s; closing first would race its reuse.
export const KEEP_ALIVE_TIMEOUT_MS = 120_000;
export const HEADERS_TIMEOUT_MS = 30_000;
export const REQUEST_TIMEOUT_MS = 60_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger('info');
  const minVersion = options.minTlsVersion ?? 'TLSv1.2';
  const webhookTimeoutSeconds = options.webhookTimeoutSeconds ?? 10;

  let certFile: string;
  let keyFile: string;
  let caPem: string | undefined;
  let caFile: string | undefined;
  if ('certFile' in options.tls) {
    ({ certFile, keyFile } = options.tls);
    await waitForServingPair(certFile, keyFile, (err) =>
      logger.warn({ certFile, keyFile, err: err.message }, 'waiting for the serving certificate files'),
    );
  } else {
    const dev = await ensureDevCertificates(options.tls.devCertsDir, options.tls.dnsNames ?? []);
    ({ certFile, keyFile, caPem, caFile } = dev);
    logger.info({ certFile, caFile, generated: dev.generated }, 'using development certificate');
  }

  let server: Server | undefined;
  const watcher: CertificateWatcher = await watchServingPair({
    certFile,
    keyFile,
    pollMs: options.certificatePollMs,
    onReload: (pair) => {
      server?.setSecureContext({ cert: pair.certPem, key: pair.keyPem, minVersion });
      logger.info({ certFile, notAfter: pair.notAfter.toISOString() }, 'reloaded serving certificate');
    },
    onError: (err) => logger.warn({ certFile, err }, 'serving certificate not reloaded'),
  });

  const metrics = createMetrics(webhookTimeoutSeconds);
  let closing = false;
  const app = createApp({
    registry: metrics.registry,
    notReadyReason() {
      if (closing) return 'shutting down';
      if (watcher.current().notAfter.getTime() <= Date.now()) return 'serving certificate expired';
      if (pool !== undefined && !pool.serving()) return 'no admission worker thread running';
      return undefined;
    },
  });
  const workers = options.workers ?? 0;
  if (workers > 0 && (options.review !== undefined || options.defaults !== undefined)) {
    throw new Error('review and defaults can only be replaced when answering in-thread (workers: 0)');
  }
  const controllerName = options.controllerName ?? DEFAULT_CONTROLLER_NAME;
  let pool: AdmissionPool | undefined;
  let answer: AdmissionContext['answer'];
  if (workers > 0) {
    const started = new AdmissionPool({
      size: workers,
      policy: options.policy,
      controllerName,
      namespaces: options.namespaces,
      timeoutMs: webhookTimeoutSeconds * 1000,
      onEvent: (e) => logger.warn(e, 'admission worker thread replaced'),
    });
    pool = started;
    await started.started();
    answer = (webhook, body) => started.answer(webhook, body);
  } else {
    const deps = {
      review: options.review ?? reviewObject,
      defaults: options.defaults ?? defaultingPatch,
      policy: options.policy,
      controllerName,
      namespaceLabels: (ns: string) => options.namespaces?.labels(ns),
    };
    try {
      warmUp(deps.review, deps.defaults);
    } catch (err) {
      // A failure here shows again, per request, as a 500; it must not keep the server down.
      logger.warn({ err }, 'rule engine warm-up failed');
    }
    answer = (webhook, body) => answerAdmission(webhook, body, deps);
  }
  const ctx: AdmissionContext = { answer, metrics, logger, closing: () => closing };

  const initial = watcher.current();
  const srv = createServer({ cert: initial.certPem, key: initial.keyPem, minVersion }, (req, res) => {
    const route = admissionRoute(req);
    if (route !== undefined) void handleAdmission(route, req, res, ctx);
    else {
      if (closing) res.setHeader('connection', 'close');
      app(req, res);
    }
  });
  server = srv;
  srv.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  srv.headersTimeout = HEADERS_TIMEOUT_MS;
  srv.requestTimeout = REQUEST_TIMEOUT_MS;
  srv.on('tlsClientError', (err) => logger.debug({ err }, 'TLS handshake failed'));

  try {
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(options.port, options.host, () => {
        srv.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    watcher.close();
    // Worker threads would keep the process alive after a failed start (port in use).
    await pool?.close();
    throw e;
  }
  const port = (srv.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `https://${hostForUrl}:${port}`;
  logger.info({ url, minTlsVersion: minVersion }, 'serving');

  let closed: Promise<void> | undefined;
  return {
    server: srv,
    url,
    port,
    caPem,
    caFile,
    registry: metrics.registry,
    certificate: () => watcher.current(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        watcher.close();
        const force = setTimeout(() => srv.closeAllConnections(), options.shutdownGraceMs ?? 20_000);
        srv.close(() => {
          clearTimeout(force);
          void (pool?.close() ?? Promise.resolve()).then(resolve);
        });
        srv.closeIdleConnections();
      });
      return closed;
    },
  };
}
