/**
 * A complete report.json `options` for a report built by hand (tests, scripts/review-corpus.ts): the defaults a plain
 * scan writes, with `overrides`.
 */
import { MATCH_DEFAULTS } from '../src/faces/match.js';
import type { FaceRecord, PhotoRecord, ReportOptions, ScanReport, ScanSummary } from '../src/report/types.js';
import { SCAN_DEFAULTS } from '../src/scan/defaults.js';

export function reportOptions(overrides: Partial<ReportOptions> = {}): ReportOptions {
  return {
    action: SCAN_DEFAULTS.action,
    unknown: SCAN_DEFAULTS.unknown,
    small: SCAN_DEFAULTS.small,
    dropPortraits: SCAN_DEFAULTS.dropMainSubject,
    style: SCAN_DEFAULTS.style,
    quality: SCAN_DEFAULTS.quality,
    threshold: MATCH_DEFAULTS.threshold,
    uncertainBelow: MATCH_DEFAULTS.uncertainBelow,
    margin: MATCH_DEFAULTS.margin,
    roster: '/school/roster.csv',
    rosterOption: null,
    columnOption: null,
    portraits: null,
    cache: true,
    jobs: 2,
    videos: SCAN_DEFAULTS.videos,
    mute: SCAN_DEFAULTS.mute,
    lang: 'en',
    enrolledPupils: 0,
    learnedFaces: 0,
    learnedFacesLeftOut: 0,
    correctedPhotos: 0,
    fromCache: 0,
    fromEarlierTarget: 0,
    analysed: 0,
    keptFromLastRun: 0,
    copiedFromOtherScans: 0,
    ...overrides,
  };
}

/** A face as report.json holds it, built by hand: an unknown face at one place, anonymised, with `overrides`. */
export function faceRecord(overrides: Partial<FaceRecord> = {}): FaceRecord {
  return {
    box: { x: 100, y: 80, width: 120, height: 140 },
    pupil: null,
    distance: null,
    status: 'unknown',
    action: 'anonymised',
    reason: { finding: { kind: 'unknown' }, outcome: { kind: 'anonymised' } },
    correction: null,
    ...overrides,
  };
}

/** The summary a scan writes for `photos`: each decision counted, and their faces. */
export function summaryOf(photos: readonly PhotoRecord[]): ScanSummary {
  const count = (decision: PhotoRecord['decision']): number => photos.filter((p) => p.decision === decision).length;
  return {
    photos: photos.length,
    publish: count('publish'),
    anonymised: count('anonymised'),
    dropped: count('dropped'),
    review: count('review'),
    error: count('error'),
    faces: photos.reduce((n, p) => n + p.faces.length, 0),
  };
}

/**
 * A whole report.json built by hand around `photos`: a public scan of /school/sportdag with the default options, its
 * summary counted from the photos, with `overrides`.
 */
export function scanReport(photos: readonly PhotoRecord[], overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    tool: { name: 'privacy-filter', version: '0.1.0' },
    scope: 'public',
    className: null,
    startedAt: '2026-06-12T15:00:00.000Z',
    finishedAt: '2026-06-12T15:20:00.000Z',
    input: '/school/sportdag',
    output: '/school/sportdag-public',
    reviewDir: '/school/sportdag-public-review',
    backend: 'none',
    interrupted: false,
    options: reportOptions(),
    summary: summaryOf(photos),
    photos,
    ...overrides,
  };
}
