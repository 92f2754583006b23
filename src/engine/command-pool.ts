/**
 * The one worker pool of a command. `scan --portraits` enrols and then scans on the same workers, with the models
 * loaded once: starting a second pool would load every model a second time (seconds per worker, and memory).
 *
 * Nothing starts until something asks for it, so a command that is refused before it needs an engine starts no
 * thread, and a rescan whose photos are all cached loads no model. Whoever opens the pool closes it.
 */
import { ENGINE_DEFAULTS } from './defaults.js';
import { createWorkerPool, type PoolOptions, type WorkerPool } from './pool.js';

export interface CommandPool {
  /** Workers in the pool (at least 1). */
  readonly workers: number;
  /** The pool, its threads started on the first call (without models: those load with `withModels` or a first job). */
  started(): Promise<WorkerPool>;
  /**
   * The pool with the face engines loaded in every worker, once per command: a broken model stops here, before any
   * photo or portrait. @throws UserError when a model is missing or altered.
   */
  withModels(): Promise<{ readonly pool: WorkerPool; readonly backend: string; readonly settingsKey: string }>;
  /** Ends the threads, if any were started. */
  close(): Promise<void>;
}

export interface CommandPoolOptions {
  readonly workers: number;
  /** Called as each job finishes (see PoolOptions.onJobDone): for tests. */
  readonly onJobDone?: PoolOptions['onJobDone'];
  /** Starts the worker pool; tests count pools through it. Default createWorkerPool. */
  readonly createPool?: (options: PoolOptions) => Promise<WorkerPool>;
}

export function openCommandPool(options: CommandPoolOptions): CommandPool {
  const workers = Math.max(1, options.workers);
  const create = options.createPool ?? createWorkerPool;
  let pool: Promise<WorkerPool> | null = null;
  let loaded: Promise<{ pool: WorkerPool; backend: string; settingsKey: string }> | null = null;
  const started = (): Promise<WorkerPool> => {
    pool ??= create({
      workers,
      detectorThreads: ENGINE_DEFAULTS.detectorThreads,
      ...(options.onJobDone !== undefined ? { onJobDone: options.onJobDone } : {}),
    });
    return pool;
  };
  return {
    workers,
    started,
    withModels() {
      loaded ??= started().then(async (ready) => ({ pool: ready, ...(await ready.startEngines()) }));
      return loaded;
    },
    async close() {
      const running = pool;
      pool = null;
      loaded = null;
      if (running !== null) await running.then((ready) => ready.close(), () => undefined);
    },
  };
}

/** Runs `task` with a command pool of its own, closed when the task ends, however it ends. */
export async function withCommandPool<T>(options: CommandPoolOptions, task: (pool: CommandPool) => Promise<T>): Promise<T> {
  const pool = openCommandPool(options);
  try {
    return await task(pool);
  } finally {
    await pool.close();
  }
}
