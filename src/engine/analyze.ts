/**
 * The expensive part of a scan — decode, detect, describe — behind one small interface, so that a pool of worker
 * threads (one pair of face engines each) can replace the in-process version without touching the pipeline.
 */
import type { FaceDescriber, FaceDetector, PhotoAnalysis } from '../faces/engine-types.js';
import type { Box, Size } from '../geometry.js';
import { fingerprintPixels } from '../images/fingerprint.js';
import { loadPhoto, readPhotoBytes } from '../images/load.js';
import type { AnalysisCache } from '../store/cache.js';
import { hashFile } from '../store/cache.js';
import { renderPhoto, type RenderOptions } from './render.js';

export interface PhotoAnalyzer {
  /** Which engine describes faces (onnxruntime, or tfjs as the fallback), for the report. */
  readonly backend: string;
  /** Changes whenever an analysis could change: the cache key. */
  readonly settingsKey: string;
  /**
   * Faces and descriptors of one photo; with `contentHash`, of exactly the bytes of that sha256.
   * @throws PhotoReadError for a file that is not a readable photo, or no longer holds the bytes of `contentHash`.
   */
  analyze(file: string, contentHash?: string): Promise<PhotoAnalysis>;
  /**
   * Renders a decided photo (see renderPhoto) from the bytes of `contentHash` only: on the worker that has it
   * decoded, or in this thread (`rendersInThisThread`).
   */
  readonly render: (file: string, contentHash: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions) => Promise<{ data: Buffer; extension: string }>;
  /** The sha256 of a photo's bytes: the one hash that decides what the photo is for the whole scan. */
  readonly contentHash: (file: string) => Promise<string>;
  close(): Promise<void>;
}

/** Rendering and hashing in this thread: for an analyzer without a worker pool (tests, the in-process engines). */
export const rendersInThisThread: Pick<PhotoAnalyzer, 'render' | 'contentHash'> = Object.freeze({
  render: (file: string, contentHash: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions) =>
    renderPhoto(file, contentHash, imageSize, boxes, options),
  contentHash: hashFile,
});

/** Runs both engines in this thread. The decoded photo is dropped as soon as the engines are done with it. */
export function inProcessAnalyzer(engines: { detector: FaceDetector; describer: FaceDescriber }): PhotoAnalyzer {
  const { detector, describer } = engines;
  return {
    backend: describer.backend,
    settingsKey: analysisKey(detector.settingsKey, describer.settingsKey),
    async analyze(file, contentHash) {
      const { rgb } = await loadPhoto(file, await readPhotoBytes(file, contentHash));
      const faces = await detector.detect(rgb);
      const descriptors = await describer.describe(rgb, faces);
      return { imageSize: { width: rgb.width, height: rgb.height }, fingerprint: fingerprintPixels({ ...rgb, channels: 3 }), faces, descriptors };
    },
    ...rendersInThisThread,
    async close() {
      await Promise.allSettled([detector.close(), describer.close()]);
    },
  };
}

export function analysisKey(detectorKey: string, describerKey: string): string {
  return `${detectorKey}|${describerKey}`;
}

export interface CachedAnalyzer extends PhotoAnalyzer {
  /** Photos the cache answered, and photos the engines analysed, so far. */
  readonly stats: { readonly cached: number; readonly analysed: number };
}

/**
 * Puts a content-hash cache in front of an analyzer: a rerun after a consent change only re-decides.
 * With `cache` null every photo is analysed (and counted). Photos are hashed by the analyzer's own `contentHash`.
 */
export function cachedAnalyzer(analyzer: PhotoAnalyzer, cache: AnalysisCache | null): CachedAnalyzer {
  const stats = { cached: 0, analysed: 0 };
  return {
    get backend() {
      return analyzer.backend;
    },
    settingsKey: analyzer.settingsKey,
    stats,
    async analyze(file, contentHash) {
      // The hash the caller decided on, so that the cache files the analysis of exactly those bytes under it.
      const hash = contentHash ?? (cache != null ? await analyzer.contentHash(file) : undefined);
      if (cache != null && hash !== undefined) {
        const hit = await cache.get(hash);
        if (hit != null) {
          stats.cached += 1;
          return hit;
        }
      }
      const analysis = await analyzer.analyze(file, hash);
      stats.analysed += 1;
      if (cache != null && hash !== undefined) await cache.put(hash, analysis);
      return analysis;
    },
    render: analyzer.render,
    contentHash: analyzer.contentHash,
    close: () => analyzer.close(),
  };
}
