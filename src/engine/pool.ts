/**
 * Every core busy: a pool of worker threads that analyse photos (each with its own face engines) and render the
 * decided ones. The wasm recogniser uses one core per instance and onnxruntime is told how many threads to take,
 * so a pool of workers — not more threads inside one engine — is what keeps every core busy; and rendering there
 * keeps the main thread free to hand out the next photo.
 *
 * A photo is analysed in steps: one worker finds its faces, then its faces are described a few at a time. The worker
 * that found them keeps the decoded photo and takes those steps (and the photo's rendering) first, but an idle worker
 * takes them over rather than wait: otherwise one crowd photo of 60 faces at the end of a folder (10 s of describing)
 * keeps one core busy while the others have nothing to do.
 *
 * Enrolment uses the same pool: one `portrait` job per portrait (decode, find the pupil's face, describe it), on
 * whichever worker is free.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { keepNativeLibrariesLocal } from '../native-env.js';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { PortraitOutcome } from '../faces/portrait.js';
import type { Descriptor, Detection } from '../faces/types.js';
import type { Box, Size } from '../geometry.js';
import type { PhotoFingerprint } from '../images/fingerprint.js';
import type { RenderOptions } from './render.js';
import { reviveError, type SerializedError } from './thread-errors.js';

export interface WorkerSetup {
  /** onnxruntime intra-op threads for the detector of this worker. */
  readonly detectorThreads: number;
  /** Tests only (PoolOptions.exitOn): the worker ends its thread when given a job for this photo. */
  readonly exitOn?: ExitOn;
}

/**
 * For tests of a worker that dies: a job for a photo named `name` ends the worker's thread at once (process.exit, no
 * error event) while `times[0]`, shared by all workers, is above 0. Only code can set it; no option or variable does.
 */
export interface ExitOn {
  readonly name: string;
  readonly times: Int32Array;
}

/**
 * A photo's jobs name the sha256 of the bytes the scan decided on (`contentHash`): a worker reads the file, and works
 * on it only when it still holds those bytes, so faces found in one photo are never rendered on another.
 */
type Job =
  | { readonly type: 'start' }
  | { readonly type: 'detect'; readonly file: string; readonly contentHash?: string }
  | { readonly type: 'describe'; readonly file: string; readonly contentHash?: string; readonly faces: readonly Detection[] }
  | {
      readonly type: 'render';
      readonly file: string;
      readonly contentHash: string;
      readonly imageSize: Size;
      readonly boxes: readonly Box[];
      readonly options: RenderOptions;
    }
  /** Enrolment: decode a portrait, pick the pupil's face, describe it — one job, as a portrait is one face. */
  | { readonly type: 'portrait'; readonly file: string };

export type WorkerRequest = Job & { readonly id: number };

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'started'; readonly id: number; readonly backend: string; readonly settingsKey: string }
  | { readonly type: 'detected'; readonly id: number; readonly imageSize: Size; readonly fingerprint: PhotoFingerprint; readonly faces: Detection[]; readonly backend: string }
  | { readonly type: 'described'; readonly id: number; readonly descriptors: (Descriptor | null)[] }
  | { readonly type: 'rendered'; readonly id: number; readonly data: Uint8Array; readonly extension: string }
  | { readonly type: 'portrait'; readonly id: number; readonly outcome: PortraitOutcome }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError };

export interface PoolOptions {
  readonly workers: number;
  readonly detectorThreads: number;
  /** Faces described per step; default POOL_DEFAULTS.facesPerStep. */
  readonly facesPerStep?: number;
  /** Called as each job finishes, with the index of the worker that did it and the photo: for tests. */
  readonly onJobDone?: (type: Job['type'], worker: number, file: string | null) => void;
  /** Tests only: see ExitOn. */
  readonly exitOn?: ExitOn;
}

export const POOL_DEFAULTS = Object.freeze({
  /**
   * About half a second of describing on wasm: small enough that an idle worker can take over part of a crowd photo,
   * large enough that the messages cost nothing. Even, so that faces pair up in the describer's batches of 2 as they
   * would in one call.
   */
  facesPerStep: 4,
  /**
   * Decoded photos a worker keeps, newest last: two, so that the next photo's faces can be found while the last one
   * is described and rendered; 36 MB each at 12 MP.
   */
  keptDecoded: 2,
});

export interface WorkerPool {
  /** Loads the face engines in every worker; a broken model stops here, before any photo. @throws UserError */
  startEngines(): Promise<{ backend: string; settingsKey: string }>;
  /** What runs the recogniser (onnxruntime, or a tfjs backend as the fallback), once an engine has started; else null. */
  readonly backend: string | null;
  /** @throws PhotoReadError for a file that is not a readable photo, or no longer holds the bytes of `contentHash`. */
  analyze(file: string, contentHash?: string): Promise<PhotoAnalysis>;
  /** Anonymises `boxes`, strips metadata, encodes: the bytes to publish, made from the bytes of `contentHash` only. */
  render(file: string, contentHash: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions): Promise<{ data: Buffer; extension: string }>;
  /** The enrolment outcome of one portrait (src/faces/portrait.ts `describePortrait`), on whichever worker is free. */
  describePortrait(file: string): Promise<PortraitOutcome>;
  close(): Promise<void>;
}

interface Pending {
  readonly request: WorkerRequest;
  /** The worker that has the photo decoded: it takes this job first, though any idle worker may. */
  affinity: Slot | null;
  readonly resolve: (done: { reply: WorkerReply; slot: Slot }) => void;
  readonly reject: (error: Error) => void;
  /** Workers that died while doing this job: at the second the job fails, so a photo that kills workers ends. */
  deaths: number;
}

interface Slot {
  readonly worker: Worker;
  readonly index: number;
  busy: Pending | null;
  /** Set once its death was handled: an error event is followed by an exit event. */
  lost: boolean;
}

/** Starts `workers` threads (without models: those load on the first analysis or `startEngines`). */
export async function createWorkerPool(options: PoolOptions): Promise<WorkerPool> {
  const script = workerScript();
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let nextIndex = 0;
  let closed = false;
  let backend: string | null = null;
  const facesPerStep = Math.max(1, options.facesPerStep ?? POOL_DEFAULTS.facesPerStep);
  /** Which worker found the faces of a photo, and so has it decoded, until the photo is rendered. */
  const decodedIn = new Map<string, Slot>();
  const remember = (file: string, slot: Slot): void => {
    decodedIn.delete(file);
    decodedIn.set(file, slot);
    // The worker drops its oldest decoded photos beyond keptDecoded (a photo dropped or copied is never rendered, so
    // nothing else would take it out of this map): forget those too.
    const held = [...decodedIn].filter(([, holder]) => holder === slot);
    for (const [old] of held.slice(0, Math.max(0, held.length - POOL_DEFAULTS.keptDecoded))) decodedIn.delete(old);
  };

  const spawn = (): Promise<Slot> =>
    new Promise<Slot>((resolve, reject) => {
      const setup: WorkerSetup = { detectorThreads: options.detectorThreads, ...(options.exitOn !== undefined ? { exitOn: options.exitOn } : {}) };
      // The worker's engines load onnxruntime, which reads its telemetry switch from the process's environment.
      keepNativeLibrariesLocal();
      const worker = new Worker(script, { workerData: setup });
      const slot: Slot = { worker, index: nextIndex++, busy: null, lost: false };
      let ready = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          ready = true;
          resolve(slot);
          return;
        }
        const pending = slot.busy;
        slot.busy = null;
        if (pending != null && pending.request.id === reply.id) {
          options.onJobDone?.(pending.request.type, slot.index, 'file' in pending.request ? pending.request.file : null);
          if (reply.type === 'error') pending.reject(reviveError(reply.error));
          else pending.resolve({ reply, slot });
        }
        pump();
      });
      worker.on('error', (error) => {
        if (!ready) return reject(error);
        lost(slot, error.message);
      });
      // A worker can also end without an error event (process.exit in native code, an abort): its job must not wait forever.
      worker.on('exit', (code) => {
        if (!ready) return reject(new Error(`a worker exited with code ${code} before it was ready`));
        lost(slot, `it exited with code ${code}`);
      });
    });

  /**
   * A worker died: its job goes to another worker once (the photo may not be what killed it), and fails the second
   * time (a photo becomes an error, never published); a fresh worker takes the dead one's place.
   */
  const lost = (slot: Slot, why: string): void => {
    if (slot.lost) return;
    slot.lost = true;
    const pending = slot.busy;
    slot.busy = null;
    if (pending != null) {
      pending.deaths += 1;
      if (closed) pending.reject(new Error('the worker pool was closed'));
      else if (pending.deaths < 2 && pending.request.type !== 'start') {
        pending.affinity = null;
        queue.unshift(pending);
      } else pending.reject(new Error(`the worker stopped while working on this photo (${why})${pending.deaths > 1 ? ', also on a second try' : ''}`));
    }
    if (!closed) replace(slot);
  };

  const replace = (dead: Slot): void => {
    const index = slots.indexOf(dead);
    if (index >= 0) slots.splice(index, 1);
    for (const pending of queue) if (pending.affinity === dead) pending.affinity = null;
    for (const [file, slot] of decodedIn) if (slot === dead) decodedIn.delete(file);
    void dead.worker.terminate();
    pump();
    spawn().then(
      (fresh) => {
        if (closed) return void fresh.worker.terminate();
        slots.push(fresh);
        pump();
      },
      () => {
        if (slots.length === 0) for (const pending of queue.splice(0)) pending.reject(new Error('no worker is running'));
      },
    );
  };

  const pump = (): void => {
    // First every idle worker takes the steps of photos it has decoded; then new photos; then, rather than stand
    // idle, the oldest step of a photo another worker has decoded (decoding it again costs less than waiting).
    for (const slot of slots) {
      if (slot.busy == null) run(slot, queue.findIndex((pending) => pending.affinity === slot));
    }
    for (const slot of slots) {
      if (slot.busy != null || queue.length === 0) continue;
      const free = queue.findIndex((pending) => pending.affinity === null);
      run(slot, free >= 0 ? free : 0);
    }
  };

  const run = (slot: Slot, index: number): void => {
    if (index < 0) return;
    const [pending] = queue.splice(index, 1);
    if (pending === undefined) return;
    slot.busy = pending;
    slot.worker.postMessage(pending.request);
  };

  const submit = (job: Job, route: { slot?: Slot; affinity?: Slot | null } = {}): Promise<{ reply: WorkerReply; slot: Slot }> => {
    if (closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { request: { ...job, id: nextId++ }, affinity: route.affinity ?? null, resolve, reject, deaths: 0 };
      if (route.slot !== undefined) {
        // Sent to one particular worker (loading its engines): it is idle, as nothing was queued yet.
        route.slot.busy = pending;
        route.slot.worker.postMessage(pending.request);
      } else {
        queue.push(pending);
        pump();
      }
    });
  };

  try {
    slots.push(...(await Promise.all(Array.from({ length: Math.max(1, options.workers) }, spawn))));
  } catch (caught) {
    closed = true;
    await Promise.allSettled(slots.map((slot) => slot.worker.terminate()));
    throw caught;
  }

  return {
    get backend() {
      return backend;
    },
    async startEngines() {
      const replies = await Promise.all(slots.filter((slot) => slot.busy == null).map((slot) => submit({ type: 'start' }, { slot })));
      const first = replies[0]?.reply;
      if (first?.type !== 'started') throw new Error('the workers did not start their engines');
      backend = first.backend;
      return { backend: first.backend, settingsKey: first.settingsKey };
    },
    async analyze(file, contentHash) {
      const hashed = contentHash === undefined ? {} : { contentHash };
      const detected = await submit({ type: 'detect', file, ...hashed });
      if (detected.reply.type !== 'detected') throw new Error(`unexpected reply ${detected.reply.type} to a detection`);
      const { imageSize, fingerprint, faces } = detected.reply;
      backend ??= detected.reply.backend;
      remember(file, detected.slot);
      const steps: Promise<{ reply: WorkerReply }>[] = [];
      for (let start = 0; start < faces.length; start += facesPerStep) {
        steps.push(submit({ type: 'describe', file, ...hashed, faces: faces.slice(start, start + facesPerStep) }, { affinity: detected.slot }));
      }
      const descriptors = (await Promise.all(steps)).flatMap(({ reply }) => {
        if (reply.type !== 'described') throw new Error(`unexpected reply ${reply.type} to a description`);
        return reply.descriptors;
      });
      return { imageSize, fingerprint, faces, descriptors } satisfies PhotoAnalysis;
    },
    async render(file, contentHash, imageSize, boxes, renderOptions) {
      const affinity = decodedIn.get(file) ?? null;
      decodedIn.delete(file);
      const { reply } = await submit({ type: 'render', file, contentHash, imageSize, boxes, options: renderOptions }, { affinity });
      if (reply.type !== 'rendered') throw new Error(`unexpected reply ${reply.type} to a render`);
      return { data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength), extension: reply.extension };
    },
    async describePortrait(file) {
      const { reply } = await submit({ type: 'portrait', file });
      if (reply.type !== 'portrait') throw new Error(`unexpected reply ${reply.type} to a portrait`);
      return reply.outcome;
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the worker pool was closed'));
      await Promise.allSettled(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/** The compiled worker. Under vitest this module runs from src/, but a worker needs JavaScript: use dist/. */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  const url = here.endsWith('.ts') ? new URL('../../dist/src/engine/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
  if (!existsSync(url)) {
    throw new UserError(msg.system.workerMissing(fileURLToPath(url)), { hint: msg.system.workerMissingHint });
  }
  return url;
}
