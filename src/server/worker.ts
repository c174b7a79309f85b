// A worker thread of the admission pool: the rule engine and the defaulter, answering the bodies the
// main thread hands over. Namespace labels (for routing) arrive as a snapshot and then as changes.
import { parentPort, workerData } from 'node:worker_threads';
import { defaultingPatch } from '../admission/defaulting.ts';
import type { HandlerDeps } from '../admission/handlers.ts';
import { warmUp } from '../admission/warmup.ts';
import { reviewObject } from '../engine/index.ts';
import { answerAdmission } from './answer.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './pool.ts';

const config = workerData as WorkerConfig;
const namespaces = new Map(config.namespaces);
const deps: HandlerDeps = {
  review: reviewObject,
  defaults: defaultingPatch,
  policy: config.policy,
  controllerName: config.controllerName,
  namespaceLabels: (name) => namespaces.get(name),
};
warmUp(deps.review, deps.defaults);

const port = parentPort!;
port.on('message', (m: ToWorker) => {
  if (m.type === 'answer') {
    // Each answer leaves as soon as it is ready: holding a batch's answers back until the last one
    // makes the main thread and this one take turns instead of overlapping (p99 4.0 → 6.3 ms).
    for (const i of m.items) port.postMessage({ id: i.id, answer: answerAdmission(i.webhook, i.body, deps) } satisfies FromWorker);
  } else if (m.labels === undefined) namespaces.delete(m.name);
  else namespaces.set(m.name, m.labels);
});
port.postMessage({ ready: true });
