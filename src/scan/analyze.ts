/**
 * The expensive part of a scan — decode, detect, describe — behind one small interface, so that a pool of worker
 * threads (one pair of face engines each) can replace the in-process version without touching the pipeline.
 */
import type { FaceDescriber, FaceDetector, PhotoAnalysis } from '../faces/engine-types.js';
import type { Box, Size } from '../faces/types.js';
import { loadPhoto } from '../images/load.js';
import type { AnalysisCache } from '../store/cache.js';
import { hashFile } from '../store/cache.js';
import type { RenderOptions } from './render.js';

export interface PhotoAnalyzer {
  /** Which tensorflow backend describes faces, for the report. */
  readonly backend: string;
  /** Changes whenever an analysis could change: the cache key. */
  readonly settingsKey: string;
  /** Faces and descriptors of one photo. @throws PhotoReadError for a file that is not a readable photo. */
  analyze(file: string): Promise<PhotoAnalysis>;
  /** Renders a decided photo elsewhere (the worker pool); without it the pipeline renders in this thread. */
  readonly render?: (file: string, imageSize: Size, boxes: readonly Box[], options: RenderOptions) => Promise<{ data: Buffer; extension: string }>;
  close(): Promise<void>;
}

/** Runs both engines in this thread. The decoded photo is dropped as soon as the engines are done with it. */
export function inProcessAnalyzer(engines: { detector: FaceDetector; describer: FaceDescriber }): PhotoAnalyzer {
  const { detector, describer } = engines;
  return {
    backend: describer.backend,
    settingsKey: analysisKey(detector.settingsKey, describer.settingsKey),
    async analyze(file) {
      const { rgb } = await loadPhoto(file);
      const faces = await detector.detect(rgb);
      const descriptors = await describer.describe(rgb, faces);
      return { imageSize: { width: rgb.width, height: rgb.height }, faces, descriptors };
    },
    async close() {
      await Promise.allSettled([detector.close(), describer.close()]);
    },
  };
}

export function analysisKey(detectorKey: string, describerKey: string): string {
  return `${detectorKey}|${describerKey}`;
}

/** Puts a content-hash cache in front of an analyzer: a rerun after a consent change only re-decides. */
export function cachedAnalyzer(analyzer: PhotoAnalyzer, cache: AnalysisCache | null): PhotoAnalyzer {
  if (cache == null) return analyzer;
  return {
    backend: analyzer.backend,
    settingsKey: analyzer.settingsKey,
    async analyze(file) {
      const hash = await hashFile(file);
      const hit = await cache.get(hash);
      if (hit != null) return hit;
      const analysis = await analyzer.analyze(file);
      await cache.put(hash, analysis);
      return analysis;
    },
    ...(analyzer.render !== undefined ? { render: analyzer.render } : {}),
    close: () => analyzer.close(),
  };
}
