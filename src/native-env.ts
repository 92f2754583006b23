/**
 * What the native libraries read from the environment when they load, set before any of them loads: nothing of
 * theirs may be written outside the tool's own folders or leave the machine (README: "Local only").
 *
 * onnxruntime-node (1.30, Linux and macOS) otherwise keeps Microsoft telemetry: a device id and a queue of events
 * naming our models, the OS and the CPU under `~/.cache/Microsoft/DeveloperTools/.onnxruntime/`, and a
 * `mat-debug-<pid>.log` in the temp folder per process. `ORT_DISABLE_TELEMETRY=1` is its full opt-out, read once
 * per process when its environment is created. sharp (libvips) and tfjs write nothing there
 * (`test/cli/local-only.test.ts` checks the whole flow).
 */
import { isMainThread } from 'node:worker_threads';

export const NATIVE_ENV: Readonly<Record<string, string>> = Object.freeze({ ORT_DISABLE_TELEMETRY: '1' });

/**
 * Sets NATIVE_ENV for the whole process. Only the main thread can: a worker thread's `process.env` is its own copy,
 * which native code does not see, so the main thread must have called this before it starts a worker (the worker's
 * copy then shows the settings, which is what it checks).
 * @throws Error in a worker thread started before the main thread set them (a bug: the library would phone home).
 */
export function keepNativeLibrariesLocal(): void {
  for (const [name, value] of Object.entries(NATIVE_ENV)) {
    if (process.env[name] === value) continue;
    if (!isMainThread) throw new Error(`${name}=${value} was not set before this worker thread started: call keepNativeLibrariesLocal() in the main thread first`);
    process.env[name] = value;
  }
}
