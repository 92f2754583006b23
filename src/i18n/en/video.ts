/** Clips in a scan (issue 23): the options, progress and the summary's line. */
export const video = {
  videosOption: 'the clips in the folder: filter them like the photos, or skip them (listed in the report, not copied)',
  muteOption: 'leave the sound out of the published clips (speech can name a child)',
  progressUnit: 'frames',
  progressPhase: (stage: 'analyse' | 'render', clip: string, index: number, total: number) =>
    `${stage === 'analyse' ? 'finding faces in' : 'writing'} clip ${index} of ${total}: ${clip}`,
  summaryClips: (count: number) => `  and ${count} ${count === 1 ? 'clip' : 'clips'} (the lines below count photos and clips together)`,
  noMedia: (folder: string, videos: number, skipped: boolean) =>
    `There are no photos in ${folder}${videos > 0 ? ` (${videos === 1 ? 'one video' : `${videos} videos`}, ${skipped ? 'left out by --videos skip' : 'in a format this tool does not filter'})` : ''}.`,
  noMediaHint: 'privacy-filter reads .jpg, .jpeg, .png, .webp, .heic, .tif and similar files, and .mp4, .mov, .m4v, .3gp, .avi, .mkv and .webm clips, also in subfolders.',
  clipFacts: (seconds: string, frames: number, sound: 'kept' | 'muted' | 'none') =>
    `video, ${seconds} s, ${frames} frames · ${sound === 'kept' ? 'sound kept' : sound === 'muted' ? 'sound left out (--mute)' : 'no sound'}`,
  trackSpan: (from: string, to: string) => `${from}–${to} s`,
  noTracks: 'No faces found in any frame.',
};
