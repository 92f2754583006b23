/**
 * A worker thread of the scan's pool. It finds and describes faces (one detector and one describer, created on the
 * first analysis, so a rescan whose analyses are all cached never loads a model), renders decided photos
 * (anonymise, strip metadata, encode) and enrols portraits, one job at a time. Only paths and boxes come in and small analyses or encoded
 * photos go out, so no decoded photo crosses threads and the main thread never blocks on pixels.
 */
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { UserError, toError } from '../errors.js';
import { createFaceEngines, type FaceEngines } from '../faces/engines.js';
import { describePortrait } from '../faces/enroll.js';
import { loadPhoto, PhotoReadError, type LoadedPhoto } from '../images/load.js';
import { POOL_DEFAULTS, type SerializedError, type WorkerReply, type WorkerRequest, type WorkerSetup } from './pool.js';
import { analysisKey } from './analyze.js';
import { renderPhoto } from './render.js';

const port = parentPort;
if (port == null) throw new Error('src/scan/worker.ts must run as a worker thread');
const setup = workerData as WorkerSetup;
// Decoded photos are kept below, by this module; libvips' own operation cache would only hold memory twice.
sharp.cache(false);

let engines: Promise<FaceEngines> | null = null;
function startEngines(): Promise<FaceEngines> {
  engines ??= createFaceEngines({ threads: setup.detectorThreads });
  return engines;
}

/**
 * The photos this worker decoded last (POOL_DEFAULTS.keptDecoded), in the order they were decoded: the pool sends a
 * photo's describing and rendering to the worker that found its faces, so it is decoded once. A hit does not make a
 * photo newer, so the pool can tell from the order of detections which photos a worker still holds.
 */
const decoded = new Map<string, LoadedPhoto>();

async function photo(file: string): Promise<LoadedPhoto> {
  const kept = decoded.get(file);
  if (kept != null) return kept;
  const loaded = await loadPhoto(file);
  decoded.set(file, loaded);
  for (const old of decoded.keys()) if (decoded.size > POOL_DEFAULTS.keptDecoded) decoded.delete(old);
  return loaded;
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'start': {
      const { detector, describer } = await startEngines();
      return { type: 'started', id: request.id, backend: describer.backend, settingsKey: analysisKey(detector.settingsKey, describer.settingsKey) };
    }
    case 'detect': {
      const { detector, describer } = await startEngines();
      const { rgb } = await photo(request.file);
      const faces = await detector.detect(rgb);
      return { type: 'detected', id: request.id, imageSize: { width: rgb.width, height: rgb.height }, faces, backend: describer.backend };
    }
    case 'describe': {
      const { describer } = await startEngines();
      const { rgb } = await photo(request.file);
      return { type: 'described', id: request.id, descriptors: await describer.describe(rgb, request.faces) };
    }
    case 'render': {
      // Rendering anonymises the decoded photo in place: it leaves this worker's keeping.
      const kept = decoded.get(request.file);
      decoded.delete(request.file);
      const { data, extension } = await renderPhoto(request.file, request.imageSize, request.boxes, request.options, kept);
      return { type: 'rendered', id: request.id, data, extension };
    }
    case 'portrait':
      // Not kept decoded: nothing else is done with a portrait once its face is described.
      return { type: 'portrait', id: request.id, outcome: await describePortrait(request.file, await startEngines()) };
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
