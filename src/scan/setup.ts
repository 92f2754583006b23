/** Checks and lookups done before a scan starts, so that every refusal happens before anything is written. */
import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { realPathOf } from '../paths.js';
import type { MatchOptions, Template } from '../faces/engine-types.js';
import { MATCH_DEFAULTS } from '../faces/match.js';
import { spellingIn } from '../pupil-ids.js';
import type { SkippedFile, VideoChoice } from '../report/types.js';
import type { Roster } from '../roster/types.js';
import type { ScanFolders } from './folders.js';
import { surveyFolder } from './walk.js';

/** The matcher's settings with `--threshold`: `uncertain` must still start at or beyond the new threshold. */
export function matchOptionsFor(threshold: number | undefined): MatchOptions {
  if (threshold === undefined) return MATCH_DEFAULTS;
  return { ...MATCH_DEFAULTS, threshold, uncertainBelow: Math.max(MATCH_DEFAULTS.uncertainBelow, threshold) };
}

/**
 * The templates with each pupil id as today's roster spells it: faces enrolled as 1001 are pupil 01001 of an export
 * that writes leading zeros (src/pupil-ids.ts). `respelled` lists where the two differ, to be told.
 */
export function inRosterSpelling(roster: Roster, templates: readonly Template[]): { templates: Template[]; respelled: { enrolled: string; roster: string }[] } {
  const rosterId = spellingIn(roster.pupils.map((pupil) => pupil.id));
  const respelled: { enrolled: string; roster: string }[] = [];
  const spelled = templates.map((template) => {
    const id = rosterId(template.pupilId);
    if (id === undefined || id === template.pupilId) return template;
    if (id.toLowerCase() !== template.pupilId.toLowerCase()) respelled.push({ enrolled: template.pupilId, roster: id });
    return { ...template, pupilId: id };
  });
  return { templates: spelled, respelled };
}

export async function resolveFolders(folders: ScanFolders): Promise<ScanFolders> {
  return {
    input: await realPathOf(folders.input),
    output: await realPathOf(folders.output),
    review: await realPathOf(folders.review),
    report: await realPathOf(folders.report),
  };
}

/**
 * The photos to scan, and the files under the folder that will not be (each with why).
 * @throws UserError when the folder is missing, is a file, or holds no photos.
 */
export async function findInputPhotos(input: string, videos: VideoChoice = 'filter'): Promise<{ photos: string[]; clips: string[]; skipped: SkippedFile[] }> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(input)).isDirectory();
  } catch {
    throw new UserError(msg.scan.photosFolderMissing(input), { hint: msg.scan.photosFolderMissingHint });
  }
  if (!isDirectory) {
    throw new UserError(msg.scan.photosFolderIsFile(input), { hint: msg.scan.photosFolderIsFileHint });
  }
  const survey = await surveyFolder(input);
  const { photos } = survey;
  // --videos skip: the clips are listed in the report, so the teacher knows they were not made safe.
  const clips = videos === 'filter' ? survey.clips : [];
  const skipped = videos === 'filter' ? survey.skipped : [...survey.skipped, ...survey.clips.map((file) => ({ file, reason: 'videos-skipped' as const }))].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (photos.length === 0 && clips.length === 0) {
    const found = skipped.filter((file) => file.reason === 'video' || file.reason === 'videos-skipped').length;
    throw new UserError(msg.video.noMedia(input, found, survey.clips.length > 0), { hint: msg.video.noMediaHint });
  }
  return { photos, clips, skipped };
}
