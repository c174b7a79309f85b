export { startServer, type RunningServer, type ServerOptions, type TlsSource } from './server.ts';
export { createLogger, flushLogger, type Logger } from './logger.ts';
