// `batchguard controller`: runs the embedded Job controller until SIGINT/SIGTERM; with --cert-manage
// the elected replica also runs the webhook certificate manager (src/certs, its --cert-* flags).
import { hostname } from 'node:os';
import { CERTIFICATE_FLAGS_USAGE, parseCertificateFlags } from '../certs/flags.ts';
import { parseControllerArgs, USAGE } from '../controller/options.ts';

export async function main(argv: string[]): Promise<number> {
  const certs = parseCertificateFlags(argv);
  const parsed = certs.ok ? parseControllerArgs(certs.rest, process.env, `${hostname()}_${process.pid}`) : certs;
  if (!parsed.ok) {
    process.stderr.write(`batchguard controller: ${parsed.message}\n\n${USAGE}\n${CERTIFICATE_FLAGS_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n${CERTIFICATE_FLAGS_USAGE}`);
    return 0;
  }
  const options = parsed.options;
  const certificates = certs.ok ? certs.certificates : undefined;
  const log = (message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${message}\n`);
  };
  // Loaded lazily so `--help` and flag errors never touch the Kubernetes client.
  const { runController } = await import('../controller/run.ts');
  const whileLeading = certificates
    ? async (signal: AbortSignal): Promise<void> => {
      const { runCertificateManager } = await import('../certs/manager.ts');
      await runCertificateManager({
        ...certificates,
        namespace: certificates.namespace ?? options.leaseNamespace,
        kubeconfig: options.kubeconfig,
        signal,
        logger: {
          info: (fields, message) => log(`certificates: ${message} ${JSON.stringify(fields)}`),
          warn: (fields, message) => log(`certificates: ${message} ${JSON.stringify(fields)}`),
        },
      });
    }
    : undefined;
  const controller = await runController(options, { log, whileLeading });
  return await new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      controller.stop().then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
