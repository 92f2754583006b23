import type { Shape } from '../catalogue.js';
import type { video as en } from '../en/video.js';

export const video: Shape<typeof en> = {
  videosOption: 'de video\'s in de map: filter ze zoals de foto\'s (filter), of sla ze over (skip: in het verslag, niet gekopieerd)',
  muteOption: 'laat het geluid weg uit de gedeelde video\'s (in wat er gezegd wordt kan de naam van een kind vallen)',
  progressUnit: 'beelden',
  progressPhase: (stage: 'analyse' | 'render', clip: string, index: number, total: number) =>
    `${stage === 'analyse' ? 'gezichten zoeken in' : 'schrijven van'} video ${index} van ${total}: ${clip}`,
  summaryClips: (count: number) => `  en ${count} ${count === 1 ? 'video' : "video's"} (de regels hieronder tellen foto's en video's samen)`,
  noMedia: (folder: string, videos: number, skipped: boolean) =>
    `Er staan geen foto's in ${folder}${videos > 0 ? ` (${videos === 1 ? 'één video' : `${videos} video's`}, ${skipped ? 'weggelaten door --videos skip' : 'in een vorm die dit programma niet filtert'})` : ''}.`,
  noMediaHint: 'privacy-filter leest .jpg, .jpeg, .png, .webp, .heic, .tif en vergelijkbare bestanden, en video\'s in .mp4, .mov, .m4v, .3gp, .avi, .mkv en .webm, ook in submappen.',
  clipFacts: (seconds: string, frames: number, sound: 'kept' | 'muted' | 'none') =>
    `video, ${seconds} s, ${frames} beelden · ${sound === 'kept' ? 'geluid behouden' : sound === 'muted' ? 'geluid weggelaten (--mute)' : 'geen geluid'}`,
  trackSpan: (from: string, to: string) => `${from}–${to} s`,
  noTracks: 'In geen enkel beeld een gezicht gevonden.',
};
