// `batchguard controller`: runs the embedded Job controller until SIGINT/SIGTERM.
import { hostname } from 'node:os';
import { parseControllerArgs, USAGE } from '../controller/options.ts';

export async function main(argv: string[]): Promise<number> {
  const parsed = parseControllerArgs(argv, process.env, `${hostname()}_${process.pid}`);
  if (!parsed.ok) {
    process.stderr.write(`batchguard controller: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Loaded lazily so `--help` and flag errors never touch the Kubernetes client.
  const { runController } = await import('../controller/run.ts');
  const controller = await runController(parsed.options);
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
