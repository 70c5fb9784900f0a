// Entry point of an `explain --file` row worker (bundled to dist/rowWorker.js): loads its own model
// session, then explains the rows it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { loadModel, type LoadedModel } from '../model';
import { explainRow, type RowOptions } from './rowRecord';
import type { RowWorkerReply, RowWorkerRequest } from './rowWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('rowWorkerMain runs as a worker thread only');
const post = (m: RowWorkerReply): void => port.postMessage(m);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let model: LoadedModel | null = null;
let opts: RowOptions = {};
// Rows are explained in arrival order; the parent sends a worker one row at a time anyway.
let queue: Promise<void> = Promise.resolve();
// A stop abandons the row in progress at its next check, so the session is idle when released
// (terminating a thread inside an ONNX Runtime call aborts the whole process).
const stop = new AbortController();

port.on('message', (req: RowWorkerRequest) => {
  if (req.type === 'init') {
    opts = req.opts;
    loadModel(req.spec).then(
      (m) => {
        model = m;
        post({
          type: 'ready',
          info: { id: m.id, numLayers: m.config.numLayers, numHeads: m.config.numHeads, task: m.config.task },
        });
      },
      (err: unknown) => post({ type: 'init-error', message: message(err) }),
    );
    return;
  }
  if (req.type === 'stop') {
    stop.abort();
    queue = queue.then(async () => {
      await model?.dispose().catch(() => undefined);
      model = null;
      post({ type: 'stopped' });
    });
    return;
  }
  const { id, input } = req;
  queue = queue.then(async () => {
    try {
      if (!model) throw new Error('the worker has no model');
      post({ type: 'result', id, record: await explainRow(model, input, opts, stop.signal) });
    } catch (err) {
      post({ type: 'error', id, message: message(err) });
    }
  });
});
