/** The native libraries' switches are set in the main thread; a worker started without them refuses to load onnxruntime. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NATIVE_ENV } from '../src/native-env.js';
import { repoRoot } from './helpers/shared.js';

/** What keepNativeLibrariesLocal() does in a worker thread whose environment is `env`. */
function inWorker(env: Record<string, string>): Promise<string> {
  const module = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'native-env.js')).href;
  const code = `const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(module)}).then((m) => { m.keepNativeLibrariesLocal(); parentPort.postMessage('ok'); }, (e) => parentPort.postMessage(String(e)))
  .catch((e) => parentPort.postMessage(String(e)));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(`try { ${code} } catch (e) { require('node:worker_threads').parentPort.postMessage(String(e)); }`, { eval: true, env });
    worker.once('message', (message: string) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });
}

describe('keepNativeLibrariesLocal', () => {
  it('switches onnxruntime telemetry off', () => {
    expect(NATIVE_ENV).toEqual({ ORT_DISABLE_TELEMETRY: '1' });
  });

  it('in a worker, passes when the main thread set the switches and throws when it did not', async () => {
    expect(await inWorker({ ...NATIVE_ENV })).toBe('ok');
    expect(await inWorker({})).toMatch(/ORT_DISABLE_TELEMETRY=1 was not set before this worker thread started/);
  });
});
