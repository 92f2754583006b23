import type { Shape } from '../catalogue.js';
import type { common as en } from '../en/common.js';

export const common: Shape<typeof en> = {
  programDescription:
    'Vervaag of verwijder de gezichten van leerlingen zonder toestemming voor beeldmateriaal voordat je foto\'s deelt.\n' +
    'Alles gebeurt op deze computer: geen foto of gezicht verlaat hem.',
  versionOption: 'toon het versienummer',
  langOption: 'taal van meldingen, hulp en verslagen: nl of en (standaard: de taal van het systeem)',
  helpAfterError: '(gebruik --help om te zien hoe het werkt)',
  internalError: 'interne fout (een bug; meld die alsjeblieft met de tekst hieronder)',
  badLang: (value: string) => `--lang moet nl of en zijn, niet "${value}"`,
  column: (name: string) => `kolom "${name}"`,
  columnNumber: (n: number) => `kolom ${n}`,
};
