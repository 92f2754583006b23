import type { Shape } from '../catalogue.js';
import type { recheck as en } from '../en/recheck.js';

export const recheck: Shape<typeof en> = {
  noStore: 'Er is hier of hoger geen map .privacy-filter, dus geen eerdere scans om te controleren.',
  noStoreHint: 'Voer recheck uit in de map waar je init en scan gebruikt hebt.',
  noRoster: 'Geen leerlingenlijst opgegeven, en init heeft er geen bewaard.',
  noRosterHint: 'Geef de leerlingenlijst op met --roster <csv>.',
  unchecked: {
    'report-folder-gone': 'de verslagmap is weg (verwijderd of verplaatst), dus wat die scan gepubliceerd heeft kan niet gecontroleerd worden',
    'ledger-missing': 'in de verslagmap staat het overzicht van de scan (.privacy-filter-scan.json) niet meer',
    'ledger-damaged': 'het overzicht van de scan (.privacy-filter-scan.json) is beschadigd',
  },
  nothingRecorded: 'In deze werkmap zijn geen eerdere scans vastgelegd: er is niets te controleren.',
  checked: (scans: number, roster: string) =>
    `De bestanden die ${scans === 1 ? 'één eerdere scan' : `${scans} eerdere scans`} gepubliceerd ${scans === 1 ? 'heeft' : 'hebben'} zijn gecontroleerd tegen ${roster}.`,
  scanFor: (target: string, input: string, output: string) => `Scan voor ${target}: ${input} → ${output}`,
  nothingToTakeDown: '  niets offline te halen',
  takeDown: (file: string) => `  HAAL OFFLINE ${file}`,
  published: (date: string) => ` (gepubliceerd ${date})`,
  unrecorded: (count: number) =>
    `  ${count} gepubliceerde ${count === 1 ? 'bestand is' : 'bestanden zijn'} geschreven door een oudere versie die niet vastlegde wie erop staat: niet gecontroleerd. Voer die scan opnieuw uit om ze te controleren.`,
  couldNotCheck: 'Niet te controleren:',
  uncheckedAdvice: (count: number) =>
    `  Wat ${count === 1 ? 'die scan' : 'die scans'} gepubliceerd ${count === 1 ? 'heeft' : 'hebben'}, kan een leerling tonen die niet meer getoond mag worden. Zet de verslagmap terug waar de scan hem schreef, of voer die scan opnieuw uit (dezelfde foto's, dezelfde --out) voor een nieuw overzicht; kijk tot die tijd de gepubliceerde foto's zelf na.`,
  allClear: 'Er hoeft niets offline.',
  partlyClear: (count: number) =>
    `Bij de scans die gecontroleerd konden worden hoeft niets offline, maar ${count === 1 ? 'één scan kon' : `${count} scans konden`} niet gecontroleerd worden (zie hierboven).`,
  mustComeDown: (count: number) =>
    `${count} gepubliceerde ${count === 1 ? 'bestand toont' : 'bestanden tonen'} iemand die niet meer getoond mag worden: haal ${count === 1 ? 'het' : 'ze'} offline overal waar ${count === 1 ? 'het' : 'ze'} gedeeld ${count === 1 ? 'is' : 'zijn'}. Voer de scan opnieuw uit voor nieuwe kopieën.`,
};
