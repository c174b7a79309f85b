// The express application: health, readiness and metrics. The admission endpoints reach their
// handlers through the fast path in admission.ts, ahead of express's router (see server.ts).
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';

export interface AppState {
  /** Why the server is not ready, or undefined when it is. */
  notReadyReason(): string | undefined;
  registry: Registry;
}

export function createApp(state: AppState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });
  app.get('/readyz', (_req, res) => {
    const reason = state.notReadyReason();
    if (reason === undefined) res.type('text/plain').send('ok');
    else res.status(503).type('text/plain').send(reason);
  });
  app.get('/metrics', async (_req, res, next) => {
    try {
      const body = await state.registry.metrics();
      res.type(state.registry.contentType).send(body);
    } catch (e) {
      next(e);
    }
  });
  return app;
}
