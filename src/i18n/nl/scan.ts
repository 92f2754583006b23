import type { Shape } from '../catalogue.js';
import type { ScanFolderKind, scan as en } from '../en/scan.js';

const MAP: Readonly<Record<ScanFolderKind, string>> = {
  input: 'fotomap',
  output: 'uitvoermap',
  review: 'map met foto\'s om te beoordelen',
  report: 'verslagmap',
};

/** De naam van een map; een onbekende naam blijft zoals hij is. */
function map(kind: ScanFolderKind): string {
  return MAP[kind] ?? kind;
}

export const scan: Shape<typeof en> = {
  noTarget: 'Zeg waar de foto\'s heen gaan.',
  noTargetHint: 'Voeg --scope public, internal of group toe (meer met komma\'s: --scope public,internal), of --purpose met een toestemmingskolom van de leerlingenlijst.',
  groupNeedsClass: '--scope group heeft de klas nodig waar de foto\'s heen gaan.',
  addClassHint: 'Voeg --class toe met de klas zoals de leerlingenlijst die schrijft, bijvoorbeeld --class 5b.',
  purposeNeedsClass: (purpose) => `--purpose "${purpose}" is voor de ouders van één klas, dus is de klas nodig waar de foto's heen gaan.`,
  oneFolderForTargets: '--out en --report noemen één map, maar deze scan heeft meer doelen.',
  oneFolderForTargetsHint: 'Laat ze weg: elk doel krijgt de mappen die een scan voor alleen dat doel zou krijgen (bijvoorbeeld sportdag-public en sportdag-internal).',
  targetsShareFolder: (first, second, folder) => `De doelen ${first} en ${second} zouden in dezelfde map ${folder} schrijven.`,
  targetsShareFolderHint: 'Scan voor ze één voor één, elk met een eigen --out-map.',
  unknownKeepExposes: (count, target, pupils, more) =>
    `--unknown keep zou ${count === 1 ? 'een leerling' : `${count} leerlingen`} zonder toestemming voor ${target} publiceren, omdat ${count === 1 ? 'deze leerling geen ingelezen gezicht heeft en er dus uitziet als een onbekende' : 'ze geen ingelezen gezicht hebben en er dus uitzien als onbekenden'}: ${pupils}${more > 0 ? ` en nog ${more}` : ''}.`,
  unknownKeepHint: 'Lees eerst hun gezicht in (privacy-filter enroll --portraits <map> met een portretfoto van elk), of kies --unknown blur, drop of review.',
  noRoster: 'Geen leerlingenlijst en geen ingelezen gezichten gevonden in deze map of erboven.',
  noRosterHint: 'Voer eerst privacy-filter init --roster <csv> --portraits <map> uit, in de map waarin je werkt.',
  noneEnrolled: 'Er zijn nog geen gezichten van leerlingen ingelezen, dus kan geen gezicht worden herkend.',
  noneEnrolledHint: 'Voer eerst privacy-filter init --roster <csv> --portraits <map> uit (of geef scan --portraits).',
  photosFolderMissing: (folder) => `De fotomap ${folder} bestaat niet.`,
  photosFolderMissingHint: 'Controleer de spelling, of sleep de map naar het terminalvenster om het pad te plakken.',
  photosFolderIsFile: (file) => `${file} is een bestand, geen map.`,
  photosFolderIsFileHint: 'Geef de map met de foto\'s.',
  folderInside: (inner, innerFolder, same, outer, outerFolder) =>
    `De ${map(inner)} ${innerFolder} ${same ? 'is dezelfde als' : 'ligt in'} de ${map(outer)} ${outerFolder}.`,
  outsideInputHint: 'Kies een --out-map buiten de fotomap, bijvoorbeeld ernaast; de originelen worden nooit veranderd.',
  outsideOutputHint: 'In de uitvoermap horen alleen foto\'s die je mag delen: zet de verslagmap en de map om te beoordelen ernaast (--report).',
  separateFoldersHint: 'Kies aparte mappen voor de uitvoer, de foto\'s om te beoordelen en het verslag.',
  outputIsFile: (file) => `${file} is een bestand, geen map.`,
  outputIsFileHint: 'Kies een andere --out- of --report-map.',
  reportOfOtherScan: (report, input, output) => `De verslagmap ${report} hoort bij een scan van ${input} naar ${output}.`,
  reportOfOtherScanHint: 'Kies een andere --report-map (of --out), of verwijder de oude verslagmap.',
  outputForOtherTarget: (output, was, purpose) =>
    `De uitvoermap ${output} bevat foto's die gekozen zijn voor ${purpose ? `het doel "${was}"` : was}, niet voor dit bereik.`,
  outputForOtherTargetHint: 'Gebruik voor elk bereik een andere --out-map (dat doet de standaard al), of verwijder de oude uitvoermap.',
  foreignFiles: (kind, folder, files, more) =>
    `In de ${map(kind)} ${folder} staan al bestanden die deze scan niet heeft geschreven: ${files}${more > 0 ? ` en nog ${more}` : ''}.`,
  foreignOutputHint: 'Kies een lege of nieuwe --out-map: privacy-filter mengt zijn foto\'s niet met andere, die misschien niet veilig te delen zijn.',
  foreignFilesHint: (option) => `Kies een lege of nieuwe ${option}-map, of zet die bestanden ergens anders neer.`,
  // Warnings while a scan runs (issue 25).
  reviewOption: '--out (de beoordelingsmap staat naast de uitvoermap)',
  respelled: (count, shown) =>
    `de leerlingenlijst schrijft ${count === 1 ? 'een leerlingnummer' : `${count} leerlingnummers`} met andere voorloopnullen dan bij het inlezen; ${count === 1 ? 'die wordt gezien als dezelfde leerling' : 'die worden gezien als dezelfde leerlingen'} (${shown}). Zie docs/roster.md.`,
  respelledAs: (enrolled, roster) => `${enrolled} als ${roster}`,
  earlierNotAbsolute: (report) => `de lijst van eerdere scans noemt ${report}, wat geen volledig mappad is: genegeerd.`,
  earlierGone: (report) => `de verslagmap ${report} van een eerdere scan bestaat niet meer: die gaat van de lijst van eerdere scans af.`,
  earlierUnreadable: (ledger) =>
    `${ledger} kon niet worden gelezen (ontbreekt, onleesbaar of beschadigd): die scan blijft op de lijst van eerdere scans ` +
    '(recheck heeft hem nodig), maar geen van zijn bestanden wordt hergebruikt. Zet het bestand terug, of verwijder de verslagmap als de scan echt weg mag.',
  placedOutside: (kind, file, source, folder) =>
    `het bestand ${file} dat voor ${source} is vastgelegd, ligt buiten de ${map(kind)} ${folder}: het is niet verwijderd.`,
  cannotOpen: (cause) => `het bestand kan niet worden geopend (${cause})`,
  couldNotRemove: (file, problem) => `kon ${file} niet verwijderen (${problem}); verwijder het zelf voordat je de uitvoer deelt`,
  unexpectedError: (message) => `onverwachte fout: ${message}`,
};
