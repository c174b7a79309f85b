// Structured JSON logs on stdout. Asynchronous writes: while one write is in flight the next lines
// are batched, so a busy webhook does not pay a syscall per request and a quiet one logs at once.
import pino, { type Logger } from 'pino';

export type { Logger };

const destinations = new WeakMap<Logger, ReturnType<typeof pino.destination>>();

export function createLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false });
  const logger = pino({ level, base: { name: 'batchguard' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  destinations.set(logger, destination);
  return logger;
}

/** Writes what is buffered; called before the process exits. */
export function flushLogger(logger: Logger): void {
  try {
    destinations.get(logger)?.flushSync();
  } catch {
    // A destination not yet open has nothing buffered to lose.
  }
}
