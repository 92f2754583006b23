/**
 * A worker thread of the scan's pool. It finds and describes faces (one detector and one describer, created on the
 * first analysis, so a rescan whose analyses are all cached never loads a model), renders decided photos
 * (anonymise, strip metadata, encode) and enrols portraits, one job at a time. Only paths and boxes come in and small analyses or encoded
 * photos go out, so no decoded photo crosses threads and the main thread never blocks on pixels.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { createFaceEngines, type FaceEngines } from '../faces/engines.js';
import { describePortrait } from '../faces/portrait.js';
import { fingerprintPixels } from '../images/fingerprint.js';
import { loadPhoto, readPhotoBytes, type LoadedPhoto } from '../images/load.js';
import { POOL_DEFAULTS, type WorkerReply, type WorkerRequest, type WorkerSetup } from './pool.js';
import { serializeError } from './thread-errors.js';
import { analysisKey } from './analyze.js';
import { renderPhoto } from './render.js';

const port = parentPort;
if (port == null) throw new Error('src/engine/worker.ts must run as a worker thread');
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
const decoded = new Map<string, { readonly contentHash: string | undefined; readonly photo: LoadedPhoto }>();

/** The kept photo when it was decoded from the bytes of `contentHash`; else none. */
function keptPhoto(file: string, contentHash: string | undefined): LoadedPhoto | undefined {
  const kept = decoded.get(file);
  return kept !== undefined && kept.contentHash === contentHash ? kept.photo : undefined;
}

/** The photo decoded from the file's bytes, when they are those of `contentHash`. @throws PhotoReadError */
async function photo(file: string, contentHash: string | undefined): Promise<LoadedPhoto> {
  const kept = keptPhoto(file, contentHash);
  if (kept !== undefined) return kept;
  const loaded = await loadPhoto(file, await readPhotoBytes(file, contentHash));
  decoded.delete(file);
  decoded.set(file, { contentHash, photo: loaded });
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
      const { rgb } = await photo(request.file, request.contentHash);
      const faces = await detector.detect(rgb);
      const fingerprint = fingerprintPixels({ ...rgb, channels: 3 });
      return { type: 'detected', id: request.id, imageSize: { width: rgb.width, height: rgb.height }, fingerprint, faces, backend: describer.backend };
    }
    case 'describe': {
      const { describer } = await startEngines();
      const { rgb } = await photo(request.file, request.contentHash);
      return { type: 'described', id: request.id, descriptors: await describer.describe(rgb, request.faces) };
    }
    case 'render': {
      // Rendering anonymises the decoded photo in place: it leaves this worker's keeping.
      const kept = keptPhoto(request.file, request.contentHash);
      decoded.delete(request.file);
      const { data, extension } = await renderPhoto(request.file, request.contentHash, request.imageSize, request.boxes, request.options, kept);
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
  const exitOn = setup.exitOn;
  // Tests only (see ExitOn): die the way a native crash does, with no error event and no reply.
  if (exitOn !== undefined && 'file' in request && path.basename(request.file) === exitOn.name && Atomics.load(exitOn.times, 0) > 0) {
    Atomics.sub(exitOn.times, 0, 1);
    process.exit(3);
  }
  handle(request).then(
    // Encoded photos are a few MB: copying them is cheaper than proving a native buffer may be transferred.
    (reply) => port.postMessage(reply),
    (caught: unknown) => port.postMessage({ type: 'error', id: request.id, error: serializeError(caught) } satisfies WorkerReply),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);

function assertNever(value: never): never {
  throw new Error(`unknown request ${JSON.stringify(value)}`);
}
