// Structured JSON logs on stdout. Asynchronous, buffered writes: one log line per admission request
// must not cost a write syscall on the hot path.
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return pino({ level, base: { name: 'batchguard' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** Writes what is buffered; called before the process exits. */
export function flushLogger(logger: Logger): void {
  try {
    logger.flush();
  } catch {
    // A destination not yet ready has nothing buffered to lose.
  }
}
