// Structured JSON logs on stdout. Asynchronous writes: while one write is in flight the next lines
// are batched, so a busy webhook does not pay a syscall per request and a quiet one logs at once.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false });
  return pino({ level, base: { name: 'batchguard' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** Resolves once every line logged so far is written, in order; called before the process exits. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
