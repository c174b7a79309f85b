export { startServer, type RunningServer, type ServerOptions, type TlsSource } from './server.ts';
export { loadKubeConfig, startNamespaceCache, type NamespaceLabelCache } from './namespaces.ts';
export { createLogger, flushLogger, type Logger } from './logger.ts';
