import type { Shape } from '../catalogue.js';
import type { enrol as en } from '../en/enrol.js';

export const enrol: Shape<typeof en> = {
  whichRoster: 'Welke leerlingenlijst? Er is geen lijst gegeven en een eerdere enroll heeft er geen bewaard.',
  whichRosterHint: 'Voer privacy-filter enroll --roster <export.csv> --portraits <map> uit.',
  noPortraitMatches: 'Geen enkele portretfoto past bij een leerlingnummer of naam uit de leerlingenlijst.',
  noPortraitMatchesHint:
    'Geef elke portretfoto het leerlingnummer als naam (1234.jpg) of de naam van de leerling (Sem de Vries.jpg), of zet hem in een map met die naam, of vul de ' +
    'fotokolom van de leerlingenlijst. --dry-run laat zien hoe elk bestand is gekoppeld.',
  nothingEnrolled: (why) => `Uit geen enkele portretfoto kon een gezicht worden ingelezen.\n${why}`,
  nothingEnrolledHint: 'Geef --portraits een map met per leerling één duidelijke foto recht van voren, genoemd naar het leerlingnummer.',
  portraitsFolderMissing: (folder) => `De map met portretfoto's ${folder} bestaat niet.`,
  checkSpellingHint: 'Controleer de spelling van het pad.',
  portraitsFolderUnreadable: 'De map met portretfoto\'s kan niet worden geopend.',
  portraitsFolderUnreadableHint: 'Controleer het pad bij --portraits: het moet een map zijn met een foto of een submap per leerlingnummer.',
};
