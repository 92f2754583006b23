/**
 * Every core busy: a pool of worker threads that analyse photos (each with its own face engines) and render the
 * decided ones. The wasm recogniser uses one core per instance and onnxruntime is told how many threads to take,
 * so a pool of workers — not more threads inside one engine — is what keeps every core busy; and rendering there
 * keeps the main thread free to hand out the next photo.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { Box, Size } from '../faces/types.js';
import { PhotoReadError } from '../images/load.js';
import type { RenderOptions } from './render.js';

export interface WorkerSetup {
  /** onnxruntime intra-op threads for the detector of this worker. */
  readonly detectorThreads: number;
}

type Job =
  | { readonly type: 'start' }
  | { readonly type: 'analyze'; readonly file: string }
  | { readonly type: 'render'; readonly file: string; readonly imageSize: Size; readonly boxes: readonly Box[]; readonly options: RenderOptions };

export type WorkerRequest = Job & { readonly id: number };

export interface SerializedError {
  readonly kind: 'photo' | 'user' | 'other';
  readonly name: string;
  readonly message: string;
  readonly stack: string | null;
  readonly file: string | null;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'started'; readonly id: number; readonly backend: string; readonly settingsKey: string }
  | { readonly type: 'analysis'; readonly id: number; readonly analysis: PhotoAnalysis; readonly backend: string }
  | { readonly type: 'rendered'; readonly id: number; readonly data: Uint8Array; readonly extension: string }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError };

export interface PoolOptions {
  readonly workers: number;
  readonly detectorThreads: number;
}

export interface WorkerPool {
  /** Loads the face engines in every worker; a broken model stops here, before any photo. @throws UserError */
  startEngines(): Promise<{ backend: string; settingsKey: string }>;
  /** Which tensorflow backend the recogniser runs on, once an engine has started; else null. */
  readonly backend: string | null;
  /** @throws PhotoReadError for a file that is not a readable photo. */
  analyze(file: string): Promise<PhotoAnalysis>;
  /** Anonymises `boxes`, strips metadata, encodes: the bytes to publish. */
  render(file: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions): Promise<{ data: Buffer; extension: string }>;
  close(): Promise<void>;
}

interface Pending {
  readonly request: WorkerRequest;
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  busy: Pending | null;
}

/** Starts `workers` threads (without models: those load on the first analysis or `startEngines`). */
export async function createWorkerPool(options: PoolOptions): Promise<WorkerPool> {
  const script = workerScript();
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;
  let backend: string | null = null;

  const spawn = (): Promise<Slot> =>
    new Promise<Slot>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { detectorThreads: options.detectorThreads } satisfies WorkerSetup });
      const slot: Slot = { worker, busy: null };
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
          if (reply.type === 'error') pending.reject(revive(reply.error));
          else pending.resolve(reply);
        }
        pump();
      });
      worker.on('error', (error) => {
        if (!ready) return reject(error);
        // The job in flight fails (a photo becomes an error, never published); a fresh worker takes this one's place.
        const pending = slot.busy;
        slot.busy = null;
        pending?.reject(new Error(`the worker stopped while working on this photo: ${error.message}`));
        if (!closed) replace(slot);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`a worker exited with code ${code} before it was ready`));
      });
    });

  const replace = (dead: Slot): void => {
    const index = slots.indexOf(dead);
    if (index >= 0) slots.splice(index, 1);
    void dead.worker.terminate();
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
    for (const slot of slots) {
      if (slot.busy != null) continue;
      const pending = queue.shift();
      if (pending === undefined) return;
      slot.busy = pending;
      slot.worker.postMessage(pending.request);
    }
  };

  const submit = (job: Job, slot?: Slot): Promise<WorkerReply> => {
    if (closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<WorkerReply>((resolve, reject) => {
      const pending: Pending = { request: { ...job, id: nextId++ }, resolve, reject };
      if (slot !== undefined) {
        // Sent to one particular worker (loading its engines): it is idle, as nothing was queued yet.
        slot.busy = pending;
        slot.worker.postMessage(pending.request);
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
      const replies = await Promise.all(slots.filter((slot) => slot.busy == null).map((slot) => submit({ type: 'start' }, slot)));
      const first = replies[0];
      if (first?.type !== 'started') throw new Error('the workers did not start their engines');
      backend = first.backend;
      return { backend: first.backend, settingsKey: first.settingsKey };
    },
    async analyze(file) {
      const reply = await submit({ type: 'analyze', file });
      if (reply.type !== 'analysis') throw new Error(`unexpected reply ${reply.type} to an analysis`);
      backend ??= reply.backend;
      return reply.analysis;
    },
    async render(file, imageSize, boxes, renderOptions) {
      const reply = await submit({ type: 'render', file, imageSize, boxes, options: renderOptions });
      if (reply.type !== 'rendered') throw new Error(`unexpected reply ${reply.type} to a render`);
      return { data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength), extension: reply.extension };
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the worker pool was closed'));
      await Promise.allSettled(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/** Errors cross threads as plain data; a photo that cannot be read must stay a PhotoReadError on this side. */
function revive(error: SerializedError): Error {
  switch (error.kind) {
    case 'photo': {
      const revived = new PhotoReadError(error.file ?? '', '');
      revived.message = error.message;
      return revived;
    }
    case 'user':
      return new UserError(error.message);
    case 'other': {
      const revived = new Error(error.message);
      revived.name = error.name;
      if (error.stack != null) revived.stack = error.stack;
      return revived;
    }
    default:
      return assertNever(error.kind);
  }
}

/** The compiled worker. Under vitest this module runs from src/, but a worker needs JavaScript: use dist/. */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  const url = here.endsWith('.ts') ? new URL('../../dist/src/scan/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
  if (!existsSync(url)) {
    throw new UserError(`the worker ${fileURLToPath(url)} is missing`, { hint: 'Run `npm run build` (or `npm ci`) in the privacy-filter folder.' });
  }
  return url;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
