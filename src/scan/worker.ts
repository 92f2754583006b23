/**
 * A worker thread of the scan's pool. It analyses photos (one detector and one describer, created on the first
 * analysis, so a rescan whose analyses are all cached never loads a model) and renders decided photos (anonymise,
 * strip metadata, encode), one job at a time. Only paths and boxes come in and small analyses or encoded photos go
 * out, so no decoded photo crosses threads and the main thread never blocks on pixels.
 */
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { UserError, toError } from '../errors.js';
import { createFaceEngines } from '../faces/engines.js';
import { PhotoReadError } from '../images/load.js';
import { inProcessAnalyzer, type PhotoAnalyzer } from './analyze.js';
import type { SerializedError, WorkerReply, WorkerRequest, WorkerSetup } from './pool.js';
import { renderPhoto } from './render.js';

const port = parentPort;
if (port == null) throw new Error('src/scan/worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;
// Each photo is decoded once per job and never again: libvips' operation cache would only hold memory.
sharp.cache(false);

let engines: Promise<PhotoAnalyzer> | null = null;
function startEngines(): Promise<PhotoAnalyzer> {
  engines ??= createFaceEngines({ threads: setup.detectorThreads }).then(inProcessAnalyzer);
  return engines;
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'start': {
      const analyzer = await startEngines();
      return { type: 'started', id: request.id, backend: analyzer.backend, settingsKey: analyzer.settingsKey };
    }
    case 'analyze': {
      const analyzer = await startEngines();
      return { type: 'analysis', id: request.id, analysis: await analyzer.analyze(request.file), backend: analyzer.backend };
    }
    case 'render': {
      const { data, extension } = await renderPhoto(request.file, request.imageSize, request.boxes, request.options);
      return { type: 'rendered', id: request.id, data, extension };
    }
    default:
      return assertNever(request);
  }
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    // Encoded photos are a few MB: copying them is cheaper than proving a native buffer may be transferred.
    (reply) => port.postMessage(reply),
    (caught: unknown) => port.postMessage({ type: 'error', id: request.id, error: serializeError(caught) } satisfies WorkerReply),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);

function serializeError(caught: unknown): SerializedError {
  const error = toError(caught);
  return {
    kind: caught instanceof PhotoReadError ? 'photo' : caught instanceof UserError ? 'user' : 'other',
    name: error.name,
    // A UserError's place and hint must survive the thread boundary: send it formatted.
    message: caught instanceof UserError ? caught.format() : error.message,
    stack: error.stack ?? null,
    file: caught instanceof PhotoReadError ? caught.file : null,
  };
}

function assertNever(value: never): never {
  throw new Error(`unknown request ${JSON.stringify(value)}`);
}
