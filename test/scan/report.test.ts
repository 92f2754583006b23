import { describe, expect, it } from 'vitest';
import type { PhotoDecision } from '../../src/policy/types.js';
import type { PhotoRecord, ScanSummary } from '../../src/report/types.js';
import { buildReport, exitCodeFor, summarise } from '../../src/scan/report.js';
import { reportOptions } from '../../scripts/report-options.js';

function record(decision: PhotoDecision, faces = 0): PhotoRecord {
  const face = { box: { x: 0, y: 0, width: 10, height: 10 }, pupil: null, distance: null, status: 'unknown', action: 'anonymised', reason: { finding: { kind: 'unknown' }, outcome: { kind: 'anonymised' } }, correction: null } as const;
  return {
    source: `${decision}.jpg`,
    decision,
    output: null,
    review: null,
    imageSize: { width: 100, height: 100 },
    faces: Array.from({ length: faces }, () => face),
    why: { kind: 'publish', faces: 0 },
    error: null,
  };
}

function summary(counts: Partial<ScanSummary>): ScanSummary {
  return { photos: 0, publish: 0, anonymised: 0, dropped: 0, review: 0, error: 0, faces: 0, ...counts };
}

describe('summarise', () => {
  it('counts decisions and faces', () => {
    const photos = [record('publish', 2), record('publish'), record('anonymised', 3), record('dropped', 1), record('review', 1), record('error')];
    expect(summarise(photos)).toEqual({ photos: 6, clips: 0, publish: 2, anonymised: 1, dropped: 1, review: 1, error: 1, faces: 7, skipped: 0 });
  });

  it('counts clips apart from photos, their decisions and tracks with the photos\'', () => {
    const clip = { ...record('anonymised', 2), kind: 'video' as const };
    expect(summarise([record('publish', 1), clip])).toMatchObject({ photos: 1, clips: 1, publish: 1, anonymised: 1, faces: 3 });
  });

  it('counts the files it did not process (issue 21, finding 11)', () => {
    expect(summarise([record('publish')], [{ file: 'clip.mp4', reason: 'video' }, { file: 'link.jpg', reason: 'symbolic-link' }]).skipped).toBe(2);
  });
});

describe('exitCodeFor', () => {
  it.each([
    ['all decided', summary({ publish: 3, dropped: 1 }), false, 0],
    ['some review', summary({ publish: 3, review: 1 }), false, 3],
    ['some errors', summary({ publish: 3, error: 1 }), false, 4],
    ['errors win over review', summary({ review: 2, error: 1 }), false, 4],
    ['interrupted wins over everything', summary({ review: 2, error: 1 }), true, 130],
    ['nothing at all', summary({}), false, 0],
  ])('%s → %i', (_label, counts, interrupted, code) => {
    expect(exitCodeFor(counts, interrupted)).toBe(code);
  });
});

describe('buildReport', () => {
  it('fills the schema, with the summary computed from the photos and the interruption recorded', () => {
    const folders = { input: '/in', output: '/out', review: '/out-review', report: '/out-report' };
    const report = buildReport([record('publish', 1), record('review', 2)], {
      version: '1.2.3',
      scope: 'group',
      className: '5b',
      startedAt: new Date('2026-05-01T10:00:00Z'),
      finishedAt: new Date('2026-05-01T10:01:00Z'),
      folders,
      backend: 'wasm',
      options: reportOptions(),
      interrupted: true,
    });
    expect(report).toMatchObject({
      tool: { name: 'privacy-filter', version: '1.2.3' },
      scope: 'group',
      className: '5b',
      startedAt: '2026-05-01T10:00:00.000Z',
      finishedAt: '2026-05-01T10:01:00.000Z',
      input: '/in',
      output: '/out',
      reviewDir: '/out-review',
      backend: 'wasm',
      interrupted: true,
      options: reportOptions(),
      summary: { photos: 2, publish: 1, review: 1, faces: 3 },
    });
    expect(report.photos.map((photo) => photo.source)).toEqual(['publish.jpg', 'review.jpg']);
  });
});
