/** What report.json records of how the scan ran, from the request and what prepare resolved. Pure. */
import path from 'node:path';
import type { MatchOptions } from '../faces/engine-types.js';
import type { ScanRunOptions } from '../report/types.js';
import type { ScanRequest } from './prepare.js';

/**
 * @param rosterFile the roster the scan read (absolute).
 * @param match the matcher's settings the scan used (`--threshold` applied).
 */
export function runOptionsOf(request: ScanRequest, rosterFile: string, match: MatchOptions): ScanRunOptions {
  return {
    action: request.action,
    unknown: request.unknown,
    small: request.small,
    dropPortraits: request.dropPortraits,
    style: request.style,
    quality: request.quality,
    threshold: match.threshold,
    uncertainBelow: match.uncertainBelow,
    margin: match.margin,
    roster: rosterFile,
    rosterOption: request.roster != null ? rosterFile : null,
    columnOption: request.columns != null && request.columns.length > 0 ? request.columns.join('\n') : null,
    portraits: request.portraits != null ? path.resolve(request.cwd, request.portraits) : null,
    cache: request.cache,
    videos: request.videos,
    mute: request.mute,
    jobs: request.jobs,
    lang: request.lang,
  };
}
