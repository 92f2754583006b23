/**
 * Analysis on every core: a pool of worker threads, each with its own face engines.
 * The wasm recogniser uses one core per instance and onnxruntime is told how many threads to take, so a pool of
 * workers — not more threads inside one — is what keeps every core busy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import { PhotoReadError } from '../images/load.js';
import type { PhotoAnalyzer } from './analyze.js';

export interface WorkerSetup {
  /** onnxruntime intra-op threads for the detector of this worker. */
  readonly detectorThreads: number;
}

export interface WorkerRequest {
  readonly id: number;
  readonly file: string;
}

interface SerializedError {
  readonly photo: boolean;
  readonly name: string;
  readonly message: string;
  readonly stack: string | null;
  readonly file: string | null;
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly backend: string; readonly settingsKey: string }
  | ({ readonly type: 'failed' } & SerializedError)
  | { readonly type: 'result'; readonly id: number; readonly analysis: PhotoAnalysis }
  | ({ readonly type: 'error'; readonly id: number } & SerializedError);

export interface PoolOptions {
  /** Worker threads, each with a detector and a describer. */
  readonly workers: number;
  readonly detectorThreads: number;
}

interface Pending {
  readonly id: number;
  readonly file: string;
  readonly resolve: (analysis: PhotoAnalysis) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * Starts `workers` threads and waits until every one has loaded its models.
 * @throws UserError (or the worker's own error) when the engines cannot start, e.g. a model file is missing.
 */
export async function createWorkerPool(options: PoolOptions): Promise<PhotoAnalyzer> {
  const script = workerScript();
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;
  let info: { backend: string; settingsKey: string } | null = null;

  const spawn = (): Promise<Slot> =>
    new Promise<Slot>((resolve, reject) => {
      const worker = new Worker(script, { workerData: { detectorThreads: options.detectorThreads } satisfies WorkerSetup });
      const slot: Slot = { worker, busy: null };
      let started = false;
      worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'ready':
            started = true;
            info ??= { backend: reply.backend, settingsKey: reply.settingsKey };
            resolve(slot);
            return;
          case 'failed':
            reject(revive(reply));
            return;
          case 'result':
          case 'error': {
            const pending = slot.busy;
            slot.busy = null;
            if (pending != null && pending.id === reply.id) {
              if (reply.type === 'result') pending.resolve(reply.analysis);
              else pending.reject(revive(reply));
            }
            pump();
            return;
          }
          default:
            return assertNever(reply);
        }
      });
      worker.on('error', (error) => {
        if (!started) reject(error);
        // The photo in flight fails (it is reported as an error, never published); a fresh worker takes its place.
        const pending = slot.busy;
        slot.busy = null;
        pending?.reject(new Error(`the face engine stopped while analysing this photo: ${error.message}`));
        if (started && !closed) replace(slot);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new Error(`a face engine worker exited with code ${code} before it was ready`));
      });
    });

  const replace = (dead: Slot): void => {
    const index = slots.indexOf(dead);
    void dead.worker.terminate();
    spawn().then(
      (fresh) => {
        if (closed) return void fresh.worker.terminate();
        if (index >= 0) slots[index] = fresh;
        pump();
      },
      () => {
        if (index >= 0) slots.splice(index, 1);
        if (slots.length === 0) for (const pending of queue.splice(0)) pending.reject(new Error('no face engine is running'));
      },
    );
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.busy != null) continue;
      const pending = queue.shift();
      if (pending === undefined) return;
      slot.busy = pending;
      slot.worker.postMessage({ id: pending.id, file: pending.file } satisfies WorkerRequest);
    }
  };

  try {
    const started = await Promise.all(Array.from({ length: Math.max(1, options.workers) }, spawn));
    slots.push(...started);
  } catch (caught) {
    closed = true;
    await Promise.allSettled(slots.map((slot) => slot.worker.terminate()));
    throw caught;
  }
  const { backend, settingsKey } = info ?? { backend: 'unknown', settingsKey: 'unknown' };

  return {
    backend,
    settingsKey,
    analyze(file) {
      if (closed) return Promise.reject(new Error('the analysis pool is closed'));
      return new Promise<PhotoAnalysis>((resolve, reject) => {
        queue.push({ id: nextId++, file, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the analysis pool was closed'));
      await Promise.allSettled(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/** Errors cross threads as plain data; a photo that cannot be read must stay a PhotoReadError on this side. */
function revive(error: SerializedError): Error {
  if (error.photo && error.file != null) {
    const revived = new PhotoReadError(error.file, '');
    revived.message = error.message;
    return revived;
  }
  if (error.name === 'UserError') return new UserError(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack != null) revived.stack = error.stack;
  return revived;
}

/** The compiled worker. Under vitest this module runs from src/, but a worker needs JavaScript: use dist/. */
function workerScript(): URL {
  const here = fileURLToPath(import.meta.url);
  const url = here.endsWith('.ts') ? new URL('../../dist/src/scan/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url);
  if (!existsSync(url)) {
    throw new UserError(`the face engine worker ${fileURLToPath(url)} is missing`, { hint: 'Run `npm run build` (or `npm ci`) in the privacy-filter folder.' });
  }
  return url;
}

function assertNever(value: never): never {
  throw new Error(`unexpected worker reply ${JSON.stringify(value)}`);
}
