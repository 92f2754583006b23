/**
 * A worker thread of the analysis pool: one detector and one describer, created once, analysing one photo at a
 * time. Only file paths come in and small analyses go out, so no decoded photo ever crosses threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError, toError } from '../errors.js';
import { createDescriber } from '../faces/describer.js';
import { createDetector } from '../faces/detector.js';
import { PhotoReadError } from '../images/load.js';
import { inProcessAnalyzer } from './analyze.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './pool.js';

const port = parentPort;
if (port == null) throw new Error('src/scan/worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;

const ready = (async () => {
  const detector = await createDetector({ threads: setup.detectorThreads });
  const describer = await createDescriber();
  return inProcessAnalyzer({ detector, describer });
})();

ready.then(
  (analyzer) => port.postMessage({ type: 'ready', backend: analyzer.backend, settingsKey: analyzer.settingsKey } satisfies WorkerReply),
  (caught: unknown) => port.postMessage({ type: 'failed', ...describeError(caught) } satisfies WorkerReply),
);

port.on('message', (request: WorkerRequest) => {
  void (async () => {
    try {
      const analyzer = await ready;
      const analysis = await analyzer.analyze(request.file);
      port.postMessage({ type: 'result', id: request.id, analysis } satisfies WorkerReply);
    } catch (caught) {
      port.postMessage({ type: 'error', id: request.id, ...describeError(caught) } satisfies WorkerReply);
    }
  })();
});

function describeError(caught: unknown): { photo: boolean; name: string; message: string; stack: string | null; file: string | null } {
  const error = toError(caught);
  return {
    photo: caught instanceof PhotoReadError,
    name: error.name,
    // A UserError's place and hint must survive the thread boundary: send it formatted.
    message: caught instanceof UserError ? caught.format() : error.message,
    stack: error.stack ?? null,
    file: caught instanceof PhotoReadError ? caught.file : null,
  };
}
