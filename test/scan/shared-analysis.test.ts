/** Several targets over one analysis: each photo's faces are found once, and by its bytes, not only its name. */
import { describe, expect, it } from 'vitest';
import type { PhotoAnalysis } from '../../src/faces/engine-types.js';
import type { CachedAnalyzer } from '../../src/engine/analyze.js';
import { sharedAnalysis } from '../../src/scan/shared-analysis.js';

function counting(): CachedAnalyzer & { calls: [string, string | undefined][] } {
  const calls: [string, string | undefined][] = [];
  return {
    calls,
    backend: 'stub',
    settingsKey: 'stub',
    stats: { cached: 0, analysed: 0 },
    async analyze(file, contentHash): Promise<PhotoAnalysis> {
      calls.push([file, contentHash]);
      if (file === 'bad.jpg') throw new Error('unreadable');
      return { imageSize: { width: 10, height: 10 }, faces: [], descriptors: [] };
    },
    render: () => Promise.reject(new Error('not rendered here')),
    contentHash: (file) => Promise.resolve(`hash of ${file}`),
    async close() {},
  };
}

describe('sharedAnalysis', () => {
  it('analyses a photo once for every target, passing its content hash on', async () => {
    const engines = counting();
    const shared = sharedAnalysis(engines);
    await shared.analyzer.analyze('a.jpg', 'h1');
    await shared.analyzer.analyze('a.jpg', 'h1');
    await shared.analyzer.analyze('a.jpg', 'h1');
    expect(engines.calls).toEqual([['a.jpg', 'h1']]);
    expect(shared.reused).toBe(2);
  });

  it('analyses a photo again when its bytes changed between targets, and retries one that failed', async () => {
    const engines = counting();
    const shared = sharedAnalysis(engines);
    await shared.analyzer.analyze('a.jpg', 'h1');
    await shared.analyzer.analyze('a.jpg', 'h2');
    await expect(shared.analyzer.analyze('bad.jpg', 'h3')).rejects.toThrow('unreadable');
    await expect(shared.analyzer.analyze('bad.jpg', 'h3')).rejects.toThrow('unreadable');
    expect(engines.calls).toEqual([
      ['a.jpg', 'h1'],
      ['a.jpg', 'h2'],
      ['bad.jpg', 'h3'],
      ['bad.jpg', 'h3'],
    ]);
    expect(shared.reused).toBe(0);
  });
});
