import type { Shape } from '../catalogue.js';
import type { demo as en } from '../en/demo.js';

export const demo: Shape<typeof en> = {
  noFixtures: 'De voorbeeldfoto\'s van de demo zijn er niet.',
  noFixturesHint: 'Start de demo vanuit een kopie van privacy-filter (ze staan in fixtures/demo).',
  folderTaken: (dir: string) => `In ${dir} staan al andere bestanden; de demo heeft een eigen map nodig.`,
  folderTakenHint: 'Kies een andere map met --folder, of verwijder die map.',
  runsIn: (dir: string) => `De demo draait in ${dir}: een verzonnen leerlingenlijst met zes leerlingen, twee portretfoto's, drie foto's.`,
  stepRoster: 'De leerlingenlijst controleren',
  stepInit: 'De gezichten van de leerlingen inlezen uit hun portretfoto\'s',
  stepScan: 'De foto\'s scannen voor de website van de school',
  step: (what: string, command: string) => `== ${what}: ${command}`,
  whereEverythingIs: 'Waar alles staat:',
  store: (dir: string) => `  ${dir}   de ingelezen gezichten (alleen kenmerken; deel deze map nooit)`,
  output: (dir: string) => `  ${dir}   de kopie die je mag publiceren: "Joe" (geen toestemming) onherkenbaar gemaakt, "Barack" zichtbaar`,
  report: (file: string) => `  ${file}   het verslag om door te kijken`,
  next: 'Bekijk daarna de scan en verbeter hem in je browser:',
  passphrase: (passphrase: string) =>
    `  (De gezichten van de demo zijn versleuteld met het wachtwoord van de demo, "${passphrase}": de opdracht geeft het mee, dus niemand vraagt je erom.`,
  ownPassphrase: '  Voor echte leerlingen vraagt init je een eigen wachtwoord te kiezen.)',
};
