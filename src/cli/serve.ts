// `batchguard serve`: the admission webhooks over HTTPS until SIGINT/SIGTERM, then a graceful stop.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type Policy } from '../defaulting/index.ts';
import { parseServeArgs, USAGE } from '../server/options.ts';
import { hasClusterAccess } from '../server/cluster-access.ts';
import type { NamespaceLabelCache } from '../server/namespaces.ts';

export async function main(argv: string[]): Promise<number> {
  const parsed = parseServeArgs(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(`batchguard serve: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const o = parsed.options;
  // Loaded lazily so `--help` and flag errors start nothing.
  const server = await import('../server/index.ts');
  const logger = server.createLogger(o.logLevel);

  let policy: Policy | undefined;
  if (o.policyFile !== undefined) {
    // Checked here, once: a bad policy would otherwise deny every request with an internal error.
    let message: string;
    try {
      const checked = parsePolicy(parseYaml(await readFile(o.policyFile, 'utf8')) ?? {});
      if (checked.ok) policy = checked.policy;
      message = checked.ok ? '' : checked.message;
    } catch (e) {
      message = (e as Error).message;
    }
    if (policy === undefined) {
      process.stderr.write(`batchguard serve: policy ${o.policyFile}: ${message}\n`);
      return 2;
    }
  }

  // Listening from before the start. A signal while starting (waiting for certificate files, say,
  // or in the moment between the 'serving' line and the handler below) ends the process at once
  // with 0: nothing is being served yet. Without this the default action killed it by signal.
  let onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopped before serving');
    void server.flushLogger(logger).finally(() => process.exit(0));
  };
  const handler = (signal: NodeJS.Signals): void => onSignal(signal);
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);

  let namespaces: NamespaceLabelCache | undefined;
  try {
    if (hasClusterAccess(o.kubeconfig)) {
      // The Kubernetes client is heavy; dev mode never loads it.
      const { loadKubeConfig, startNamespaceCache } = await import('../server/namespaces.ts');
      namespaces = await startNamespaceCache(loadKubeConfig(o.kubeconfig), (err) => logger.warn({ err }, 'namespace informer error'));
      logger.info('watching Namespace labels for routing');
    }
    const running = await server.startServer({
      host: o.host,
      port: o.port,
      tls: o.certFile !== undefined && o.keyFile !== undefined
        ? { certFile: o.certFile, keyFile: o.keyFile }
        : { devCertsDir: o.certsDir, dnsNames: o.dnsNames },
      workers: o.workers,
      minTlsVersion: o.minTlsVersion,
      logger,
      webhookTimeoutSeconds: o.webhookTimeoutSeconds,
      policy,
      controllerName: o.controllerName,
      namespaces,
      shutdownGraceMs: o.shutdownGraceSeconds * 1000,
    });
    if (running.caFile !== undefined) logger.info({ caFile: running.caFile }, `trust ${running.caFile} to call ${running.url}`);
    return await new Promise<number>((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
        logger.info({ signal }, 'shutting down: finishing in-flight requests');
        Promise.all([running.close(), namespaces?.stop()]).then(
          async () => {
            logger.info('stopped');
            await server.flushLogger(logger);
            resolve(0);
          },
          async (err) => {
            logger.error({ err }, 'shutdown failed');
            await server.flushLogger(logger);
            resolve(1);
          },
        );
      };
      onSignal = stop;
    });
  } catch (e) {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    logger.fatal({ err: e }, 'cannot start');
    await server.flushLogger(logger);
    await namespaces?.stop();
    return 1;
  }
}
