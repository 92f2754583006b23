/** Clips in a scan (issue 23): the options, progress and the summary's line. */
export const video = {
  videosOption: 'the clips in the folder: filter them like the photos, or skip them (listed in the report, not copied)',
  muteOption: 'leave the sound out of the published clips (speech can name a child)',
  progressUnit: 'frames',
  progressPhase: (stage: 'analyse' | 'render', clip: string, index: number, total: number) =>
    `${stage === 'analyse' ? 'finding faces in' : 'writing'} clip ${index} of ${total}: ${clip}`,
  summaryClips: (count: number) => `  and ${count} ${count === 1 ? 'clip' : 'clips'} (the lines below count photos and clips together)`,
};
