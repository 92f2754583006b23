import type { Shape } from '../catalogue.js';
import type { video as en } from '../en/video.js';

export const video: Shape<typeof en> = {
  videosOption: 'de video\'s in de map: filter ze zoals de foto\'s (filter), of sla ze over (skip: in het verslag, niet gekopieerd)',
  muteOption: 'laat het geluid weg uit de gedeelde video\'s (in wat er gezegd wordt kan de naam van een kind vallen)',
  progressUnit: 'beelden',
  progressPhase: (stage: 'analyse' | 'render', clip: string, index: number, total: number) =>
    `${stage === 'analyse' ? 'gezichten zoeken in' : 'schrijven van'} video ${index} van ${total}: ${clip}`,
  summaryClips: (count: number) => `  en ${count} ${count === 1 ? 'video' : "video's"} (de regels hieronder tellen foto's en video's samen)`,
};
