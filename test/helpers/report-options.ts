/** A complete report.json `options` for tests that build a report by hand: the defaults a plain scan writes. */
import { MATCH_DEFAULTS } from '../../src/faces/match.js';
import type { ReportOptions } from '../../src/report/types.js';
import { SCAN_DEFAULTS } from '../../src/scan/defaults.js';

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
