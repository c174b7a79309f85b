// batchguard's server with the rule engine replaced by a constant "allowed" verdict: isolates what
// the transport (TLS, body, JSON, metrics, logs) costs, apart from the rules.
//   node bench/server/transport-only.ts PORT CERTS_DIR [LOG_LEVEL=info]
import { startServer, createLogger } from '../../src/server/index.ts';

const [port, certsDir, logLevel = 'info'] = process.argv.slice(2);
const running = await startServer({
  host: '127.0.0.1',
  port: Number(port),
  tls: { devCertsDir: certsDir },
  logger: createLogger(logLevel),
  review: (input) => ({ kind: input.kind, name: '', namespace: '', errors: [], warnings: [], patch: [], supported: true }),
});
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
