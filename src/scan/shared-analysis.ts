/** One analysis for every target of a run: each photo's faces are found once, whatever number of outputs it goes to. */
import type { CachedAnalyzer, PhotoAnalyzer } from '../engine/analyze.js';
import type { PhotoAnalysis } from '../faces/engine-types.js';
import type { Fingerprint } from '../images/fingerprint.js';

export interface SharedAnalysis {
  readonly analyzer: PhotoAnalyzer;
  /** Analyses answered from memory so far. */
  readonly reused: number;
  /** The fingerprints of the photos analysed so far, by sha256. */
  fingerprints(): Promise<Map<string, Fingerprint>>;
}

/**
 * The analyzer with each photo's analysis kept for the run's later targets: faces and descriptors are small (128
 * numbers a face), and it is what makes several targets one analysis even with --no-cache.
 */
export function sharedAnalysis(analyzer: CachedAnalyzer): SharedAnalysis {
  const analyses = new Map<string, Promise<PhotoAnalysis>>();
  const state = { reused: 0 };
  const wrapped: PhotoAnalyzer = {
    get backend() {
      return analyzer.backend;
    },
    settingsKey: analyzer.settingsKey,
    analyze(file, contentHash) {
      // By the bytes as well as the name: a photo edited between two targets is analysed again, never rendered with
      // the faces of what it was.
      const key = `${file}\u0000${contentHash ?? ''}`;
      const known = analyses.get(key);
      if (known !== undefined) {
        state.reused += 1;
        return known;
      }
      const analysis = analyzer.analyze(file, contentHash);
      analyses.set(key, analysis);
      // A photo that failed is tried again by the next target rather than failing it from memory.
      analysis.catch(() => analyses.delete(key));
      return analysis;
    },
    render: analyzer.render,
    contentHash: analyzer.contentHash,
    close: () => analyzer.close(),
  };
  return {
    analyzer: wrapped,
    get reused() {
      return state.reused;
    },
    async fingerprints() {
      const out = new Map<string, Fingerprint>();
      for (const [key, analysis] of analyses) {
        const hash = key.split('\u0000')[1];
        const fingerprint = await analysis.then((a) => a.fingerprint, () => undefined);
        if (hash !== undefined && hash !== '' && fingerprint !== undefined) out.set(hash, fingerprint);
      }
      return out;
    },
  };
}
