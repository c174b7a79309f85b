// Starts the real server in-process on a free port, with development certificates in a temp dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.ts';
import { createClient, type Client } from './https-client.ts';

export interface TestServer {
  running: RunningServer;
  client: Client;
  caPem: string;
  stop(): Promise<void>;
}

export async function startTestServer(over: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'bg-int-'));
  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    tls: { devCertsDir: join(dir, 'certs') },
    logger: pino({ level: process.env.BATCHGUARD_TEST_LOG ?? 'silent' }),
    ...over,
  });
  const caPem = running.caPem ?? '';
  const client = createClient(running.url, caPem);
  return {
    running,
    client,
    caPem,
    async stop() {
      client.close();
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
