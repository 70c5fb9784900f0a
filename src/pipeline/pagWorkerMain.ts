// Entry point of the PAG worker thread (bundled to dist/pagWorker.js): correlation and ICD for one
// request at a time, iterations streamed back as they finish.
import { parentPort } from 'node:worker_threads';
import { inProcessLearner } from './learner';
import type { PagWorkerReply, PagWorkerRequest } from './pagWorkerProtocol';

const port = parentPort;
if (!port) throw new Error('pagWorkerMain runs as a worker thread only');
const post = (reply: PagWorkerReply): void => port.postMessage(reply);

port.on('message', (req: PagWorkerRequest) => {
  const { id, n } = req;
  const attention = Array.from({ length: n }, (_, i) => Array.from(req.attention.subarray(i * n, (i + 1) * n)));
  inProcessLearner(attention, {
    samples: req.samples,
    alpha: req.alpha,
    ciTest: req.ciTest,
    maxR: req.maxR,
    maxTests: req.maxTests,
    timeLimitMs: req.timeLimitMs,
    nodes: req.nodes,
    onProgress: req.streamProgress
      ? (p) => post({ id, type: 'progress', r: p.r, pairs: p.pairs, ciTests: p.ciTests })
      : undefined,
    onIteration: req.streamIterations
      ? (it) => post({ id, type: 'iteration', r: it.r, pag: it.pag, ciTests: it.ciTests })
      : undefined,
  }).then(
    ({ learned, correlationMs, pagMs }) =>
      post({
        id,
        type: 'done',
        json: learned.json,
        ciTests: learned.ciTests,
        iterations: learned.iterations,
        converged: learned.converged,
        correlationMs,
        pagMs,
      }),
    (err: unknown) =>
      post({
        id,
        type: 'error',
        name: (err as Error)?.name ?? 'Error',
        message: (err as Error)?.message ?? String(err),
      }),
  );
});
