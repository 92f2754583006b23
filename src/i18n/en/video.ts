/** Clips in a scan (issue 23): progress, the summary's lines, the report's words for a clip. */
export const video = {
  videosOption: 'the clips in the folder: filter them like the photos, or skip them (listed in the report, not copied)',
  muteOption: 'leave the sound out of the published clips (speech can name a child)',
  progressUnit: 'frames',
  progressPhase: (stage: 'analyse' | 'render', clip: string, index: number, total: number) =>
    `${stage === 'analyse' ? 'finding faces in' : 'writing'} clip ${index} of ${total}: ${clip}`,
  summaryClips: (count: number) => `  clips (counted with the decisions above): ${count}`,
  trackLabel: (n: number, from: string, to: string) => `face ${n}, ${from}–${to}`,
  sound: (sound: 'kept' | 'muted' | 'none') => (sound === 'kept' ? 'sound kept' : sound === 'muted' ? 'sound left out (--mute)' : 'no sound'),
  clipFacts: (seconds: string, frames: number) => `video, ${seconds} s, ${frames} frames`,
  noStrip: 'No strip of frames',
};
