import type { Shape } from '../catalogue.js';
import type { storeCommands as en } from '../en/commands-store.js';

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const storeCommands: Shape<typeof en> = {
  noStore: (storeDir: string) => `Er is hier of in een map erboven geen map ${storeDir}: er zijn geen leerlingen ingelezen.`,
  noStoreHint: (command: string) => `Voer ${command} uit in de map waar je privacy-filter init (of enroll) hebt uitgevoerd.`,

  show: {
    description: 'Laat zien wat privacy-filter over één leerling bewaart (het inzagerecht van ouders): ingelezen gezichten, correcties, verslagen die de leerling noemen.',
    idArgument: 'het leerlingnummer zoals in de leerlingenlijst',
    jsonOption: 'toon het als JSON',
    where: (dir: string, encrypted: boolean) => `${dir}${encrypted ? ' (versleuteld)' : ' (NIET versleuteld)'}`,
    holdsNothing: (where: string, id: string) => `${where} bewaart niets over leerling ${id}: geen ingelezen gezicht, geen geleerd gezicht, geen correctie.`,
    holds: (where: string, id: string) => `Wat ${where} over leerling ${id} bewaart:`,
    enrolledNone: '  Ingelezen gezichten: geen.',
    enrolled: (portraits: number, date: string | null) =>
      `  Ingelezen gezichten: ${count(portraits, 'portretfoto', 'portretfoto\'s')} (alleen kenmerken, nooit de foto's zelf), ingelezen ${date === null ? 'op een onbekende datum' : `op ${date}`}.`,
    correctionsNone: '  Geleerde gezichten en correcties: geen.',
    corrections: (n: number, learned: number, latest: string) =>
      `  Correcties die de leerling noemen: ${n} (${count(learned, 'geleerd gezicht', 'geleerde gezichten')}), de laatste op ${latest}.`,
    cache: (days: number) =>
      `De opgeslagen analyses van foto's en video's bevatten de gezichten die in gescande foto's en video's zijn gevonden, zonder naam; elke analyse wordt ${days} dagen na het maken verwijderd.`,
    reportsNone: 'Verslagen van eerdere scans die de leerling noemen: geen.',
    reports: 'Verslagen van eerdere scans die de leerling noemen (buiten de opslag: jij beslist of je ze bewaart):',
    report: (folder: string, date: string, scope: string, total: number, photos: string, more: number) =>
      `  ${folder} (${date}, ${scope}): ${count(total, 'foto', 'foto\'s')}: ${photos}${more > 0 ? ` en nog ${more}` : ''}`,
  },

  forget: {
    description: 'Wis wat er over leerlingen bewaard is: als ze van school gaan of hun ouders erom vragen.',
    idsArgument: 'leerlingnummers zoals in de leerlingenlijst',
    notOnRosterOption: 'wis elke ingelezen leerling die niet meer op de leerlingenlijst staat (leerlingen die van school zijn)',
    rosterOption: 'met --not-on-roster: deze export van de leerlingenlijst in plaats van die van init',
    allOption: 'wis alle ingelezen gezichten, correcties, de lijst van eerdere scans en de opgeslagen analyses van foto\'s (vraagt eerst)',
    yesOption: 'met --all: wis zonder te vragen (voor taken zonder terminal om het in te vragen)',
    lostPassphraseOption: 'met --all: het wachtwoord is kwijt, dus wis de hele opslag, sleutel inbegrepen, zonder wachtwoord; voer daarna init opnieuw uit',
    idsAndAll: 'Geef leerlingnummers, of --all / --not-on-roster, niet allebei.',
    rosterAlone: '--roster hoort bij --not-on-roster.',
    yesAlone: '--yes en --lost-passphrase horen bij --all.',
    whichPupils: 'Welke leerlingen? Geef een of meer leerlingnummers, --not-on-roster of --all.',
    whichPupilsHint: 'Bijvoorbeeld: privacy-filter forget 1234 1235',
    whichRoster: 'Welke leerlingenlijst? Er is er geen opgegeven en init heeft er geen bewaard.',
    whichRosterHint: 'Voeg --roster <export.csv> toe.',
    allOnRoster: (roster: string) => `Elke ingelezen leerling staat op ${roster}: er is niets gewist.`,
    notOnRoster: (n: number, roster: string, ids: string) =>
      `${count(n, 'ingelezen leerling staat', 'ingelezen leerlingen staan')} niet meer op ${roster}: ${ids}.`,
    erasedFace: (id: string, portraits: number) => `Het ingelezen gezicht van leerling ${id} is gewist (${count(portraits, 'portretfoto', 'portretfoto\'s')}).`,
    erasedCorrections: (id: string, n: number) =>
      `${count(n, 'correctie', 'correcties')} die leerling ${id} ${n === 1 ? 'noemt, is' : 'noemen, zijn'} gewist, met de gezichten die daaruit geleerd zijn.`,
    reportsStillName: (id: string) => `  Verslagen buiten de opslag noemen ${id} nog; verwijder ze als ze ook weg moeten:`,
    report: (folder: string, date: string, photos: number) => `    ${folder} (${date}, ${count(photos, 'foto', 'foto\'s')})`,
    noLongerRecognised: 'Een scan herkent deze leerlingen niet meer; privacy-filter show <leerlingnummer> bevestigt dat er niets bewaard is.',
    cacheRemains:
      'De opgeslagen analyses bevatten de gezichten zonder naam uit gescande foto\'s en video\'s nog tot de bewaartermijn voorbij is; privacy-filter forget --all wist ze nu.',
    allHeading: (dir: string) => `forget --all wist, in ${dir}:`,
    allFaces: (pupils: number | null) =>
      `  - de ingelezen gezichten (${pupils === null ? 'alle leerlingen' : count(pupils, 'leerling', 'leerlingen')}): een scan herkent dan niemand meer en vervaagt elk gezicht;`,
    allCorrections: '  - elke correctie op de beoordelingspagina of met correct, en de gezichten die daaruit geleerd zijn;',
    allScans: (folders: number | null) =>
      `  - de lijst van eerdere scans (${folders === null ? 'verslagmappen' : count(folders, 'verslagmap', 'verslagmappen')}): recheck kan dan de foto's die die scans hebben gedeeld niet meer controleren, en niet meer zeggen welke offline moeten als een toestemming verandert;`,
    allCache: '  - de opgeslagen analyses van foto\'s en video\'s (de gezichten die erin gevonden zijn): de volgende scan analyseert ze opnieuw.',
    allKey: '  - en, omdat het wachtwoord kwijt is, de sleutel (vault.json) en de instellingen (leerlingenlijst, map met portretfoto\'s, bewaartermijn): voer privacy-filter init opnieuw uit.',
    allKept: (encrypted: boolean) => `  Blijft bewaard: de instellingen (leerlingenlijst, map met portretfoto's, bewaartermijn)${encrypted ? ' en het wachtwoord' : ''}.`,
    allNotTouched: '  Blijft ongemoeid: de verslagmappen van eerdere scans (die noemen leerlingen; verwijder ze zelf als ze ook weg moeten).',
    noTerminal: 'Er is geen terminal om het te bevestigen.',
    noTerminalHint: 'Voeg --yes toe om alles te wissen (in een taak zonder terminal), of voer de opdracht uit in een terminal. Er is niets gewist.',
    confirm: (word: string) => `Dit kan niet ongedaan worden gemaakt. Typ ${word} om alles te wissen: `,
    notConfirmed: 'Niet bevestigd: er is niets gewist.',
    notConfirmedHint: (word: string) => `Typ ${word} om te wissen, of voeg --yes toe.`,
    erasedEverything: (dir: string) => `Alles in ${dir} is gewist, de sleutel inbegrepen. Voer privacy-filter init uit om opnieuw te beginnen met een nieuw wachtwoord.`,
    erasedAll: (dir: string) => `Alle ingelezen gezichten, correcties, de lijst van eerdere scans en de opgeslagen analyses in ${dir} zijn gewist.`,
    recheckCannot: 'recheck kan de scans van voor nu niet meer controleren; de verslagmappen van die scans staan nog waar ze stonden.',
  },

  passphrase: {
    description: 'Verander het wachtwoord van de opslag (zonder opnieuw in te lezen), of versleutel een opslag die nog niet versleuteld is.',
    changed: (dir: string) => `Het wachtwoord van ${dir} is veranderd. De ingelezen gezichten zijn hetzelfde gebleven; gebruik vanaf nu het nieuwe wachtwoord.`,
    encrypted: (dir: string) => `${dir} is versleuteld met het wachtwoord; de onversleutelde bestanden zijn verwijderd.`,
    askUnlock: (storeDir: string) => `Wachtwoord van ${storeDir}: `,
    askNew: (storeDir: string, min: number) =>
      `Kies een wachtwoord voor de ingelezen gezichten in ${storeDir}\n(minstens ${min} tekens; het is niet terug te halen, dus bewaar het goed): `,
    askChange: 'Nieuw wachtwoord: ',
    askAgain: 'Typ het nog een keer: ',
    differ: 'De twee wachtwoorden zijn verschillend. Er is niets veranderd.',
    differHint: 'Voer de opdracht opnieuw uit en typ twee keer hetzelfde wachtwoord.',
    stopped: 'Gestopt: er is geen wachtwoord gegeven. Er is niets veranderd.',
  },

  config: {
    description: 'Laat zien hoe de opslag is ingesteld, of verander hoe lang de analyses van foto\'s bewaard blijven.',
    retentionOption: (min: number, max: number) => `dagen dat de analyse van een foto (de gezichten die erin gevonden zijn) bewaard blijft, ${min}-${max}`,
    badRetention: (min: number, max: number, value: string) => `Verwacht een heel aantal dagen van ${min} tot ${max}, maar kreeg "${value}".`,
    retentionSet: (days: number, removed: number) =>
      `De analyse van een foto blijft nu ${days} dagen bewaard.${removed > 0 ? ` ${removed} oudere ${removed === 1 ? 'is' : 'zijn'} verwijderd.` : ''}`,
    store: 'Opslag',
    encrypted: 'Versleuteld',
    encryptedYes: 'ja (AES-256-GCM, sleutel uit je wachtwoord met scrypt)',
    encryptedNo: 'NEE (gemaakt met init --no-encrypt; privacy-filter passphrase versleutelt de opslag)',
    retention: 'Bewaartermijn',
    retentionDays: (days: number) => `analyses van foto's blijven ${days} dagen bewaard`,
    roster: 'Leerlingenlijst',
    rosterNone: '(nog geen)',
    portraits: 'Portretfoto\'s',
    portraitsNone: '(geen)',
  },
};
