import type { Shape } from '../catalogue.js';
import type { commands as en } from '../en/commands.js';

export const commands: Shape<typeof en> = {
  roster: {
    description: 'werken met de leerlingenlijst (de CSV met leerlingen en hun toestemming voor beeldmateriaal)',
    checkDescription: 'lees een leerlingenlijst en laat zien wat privacy-filter ervan begrepen heeft: kolommen, groepen, aantallen toestemmingen, fouten',
    csvArgument: 'de leerlingenlijst, geëxporteerd uit de leerlingadministratie of Excel',
    json: 'toon de samenvatting als JSON (voor scripts), met elke leerling en zijn of haar antwoorden',
    pupils: 'toon ook elke leerling met het antwoord per doel en per bereik',
    column:
      'welke kolom een gegeven bevat, als de kolomnaam niet herkend wordt; mag vaker. ' +
      'Gegevens: id, name, class, photo, internal, group, public. Voorbeeld: --column public="Foto\'s op website"',
    checkHelp: `
De leerlingenlijst is het CSV-bestand uit de leerlingadministratie (ParnasSys, Esis, Magister) of Excel:
één regel per leerling. Scheidingstekens ; , en tab mogen allemaal; UTF-8 en de "CSV" van Excel onder Windows ook.

Kolommen die herkend worden (Nederlands of Engels, hoofdletters en accenten maken niet uit):
  leerlingnummer  Leerlingnummer, llnr, Leerling nr, Pupil ID, Student ID, id
  naam            Naam, Name, of Roepnaam + Tussenvoegsel + Achternaam
  groep           Groep, Klas, Stamgroep, Jaargroep, Class
  foto            Foto, Pasfoto, Portrait (niet verplicht: een portretfoto naast de lijst)
  toestemming     één ja/nee-kolom per bereik:
                    internal  Toestemming intern, Intern, Nieuwsbrief, Internal
                    group     Foto's in de groep, Toestemming groep, Groepsapp, Group
                    public    Foto's op website, Website, Social media, Schoolgids, Toestemming publiek, Public
                  of één kolom met de toegestane bereiken: Toestemming, Consent, Scopes
                  met waarden als "groep, intern", "publiek", of leeg voor geen.

Bereiken: internal (intern) = de hele school (nieuwsbrief), group (groep) = de ouders van de eigen groep van de
leerling in de schoolapp, public (publiek) = website, sociale media, pers. Ze staan los van elkaar: toestemming voor
publiek betekent niet ook toestemming voor intern.

Ja/nee-antwoorden: ja/nee, yes/no, j/n, y/n, 1/0, true/false, waar/onwaar, x of ✓ voor ja, toestemming/geen
toestemming, wel/niet. Een lege cel betekent GEEN toestemming. Tellen meerdere kolommen voor één bereik (Website en
Social media), dan heeft een leerling die toestemming alleen als ze allemaal ja zeggen.

Elke ja/nee-kolom blijft ook een eigen doel, met de kolomnaam als naam (Website, Social media, Nieuwsbrief,
Foto's in Parro): scan --purpose "Social media" vraagt precies dat antwoord, --scope public elk publiek doel.

Er wordt niets geschreven: dit laat alleen zien hoe het bestand gelezen is, zodat je het vóór een scan kunt controleren.
Voorbeelden:
  privacy-filter roster check leerlingen.csv
  privacy-filter roster check leerlingen.csv --pupils
  privacy-filter roster check export.csv --column public="Foto's op website" --column id=Nr`,
  },
  scan: {
    description: 'Kopieer een map met foto\'s voor een bereik, met de gezichten van leerlingen zonder toestemming onherkenbaar gemaakt, en schrijf een verslag.',
    photosArgument: 'de map met foto\'s van de activiteit (die blijft altijd onveranderd)',
    scope: 'waar de foto\'s heen gaan: internal (school), group (één groep) of public (website); meerdere met komma\'s (public,internal), één keer bekeken',
    purpose: 'een eigen toestemmingsdoel van de school, een ja/nee-kolom van de leerlingenlijst (bijv. "Social media"), in plaats van een heel bereik; mag vaker',
    class: 'de groep waar de foto\'s heen gaan (verplicht bij --scope group), bijv. 5b',
    out: 'map voor de kopie (standaard: naast de foto\'s, bijv. sportdag-public)',
    report: 'map voor het verslag (standaard: <kopie>-report)',
    roster: 'gebruik deze leerlingenlijst in plaats van die van init',
    column: 'welke kolom van de leerlingenlijst een gegeven bevat, bijv. public="Foto\'s op website" (mag vaker; gaat voor wat init bewaard heeft)',
    portraits: 'lees voor alleen deze scan de gezichten uit deze portretfoto\'s, in plaats van die van init',
    action: 'een gezicht dat niet getoond mag worden: vervaag het, of laat de hele foto weg',
    unknown: 'gezichten van mensen die niet op de leerlingenlijst staan',
    small: 'gezichten die te klein zijn om te herkennen',
    dropPortraits: 'laat een foto weg waarvan het hoofdonderwerp onherkenbaar gemaakt zou moeten worden',
    style: 'hoe gezichten onherkenbaar gemaakt worden',
    quality: 'JPEG/WebP-kwaliteit van de kopieën, 1-100',
    threshold: (max: number, fallback: number) => `gezichtsafstand tot waar een leerling als herkend telt, hoogstens ${max} (standaard ${fallback})`,
    jobs: 'aantal werkers voor de gezichtsherkenning, standaard één per processorkern',
    noCache: 'bekijk elke foto opnieuw in plaats van eerdere resultaten te gebruiken',
    quiet: 'geen voortgangsbalk',
    json: 'toon de samenvatting als JSON',
  },
  recheck: {
    description: 'controleer de foto\'s die eerdere scans gepubliceerd hebben tegen de leerlingenlijst van nu: welke moeten offline',
    roster: 'controleer tegen deze leerlingenlijst in plaats van die van init',
    json: 'toon {"takedown": [...]} als JSON (voor scripts)',
    help: `
Voor een nachtelijke taak na de export van de leerlingenlijst: controleert elk bestand dat de scans van deze werkmap
gepubliceerd hebben (de lijst van eerdere scans in .privacy-filter/) tegen de leerlingenlijst van nu, met wat elke
scan heeft vastgelegd. Leest geen foto, laadt geen model en schrijft niets.

Afsluitcodes: 0 er hoeft niets offline, 5 sommige gepubliceerde bestanden tonen een leerling die niet meer getoond mag
worden (ze staan in de lijst), 4 niets offline te halen bij de scans die gecontroleerd konden worden, maar sommige
eerdere scans konden niet gecontroleerd worden (hun verslagmap is verplaatst of verwijderd, of het verslag is
beschadigd; ze staan in de lijst), 2 eerst iets op te lossen (geen leerlingenlijst, geen werkmap).

Voorbeelden:
  privacy-filter recheck
  privacy-filter recheck --roster leerlingen-nieuw.csv --json`,
  },
  review: {
    description: 'Bekijk een scan in je browser en verbeter hem: wie een gezicht is, een gezicht dat de scan miste, een foto die weg moet.',
    folderArgument: 'de verslagmap van de scan (standaard: de laatste scan hier)',
    noOpen: 'toon alleen het adres, open de browser niet',
  },
  correct: {
    description: 'Verbeter een gezicht op een gescande foto zonder browser; de volgende scan van die foto past het toe, voor elk bereik.',
    photoArgument: 'de foto, als pad in de map die je gescand hebt',
    faceArgument: 'het nummer van het gezicht in report.json (1 = het eerste gezicht van die foto)',
    whatArgument: 'een leerlingnummer, not-a-pupil (geen leerling), blur (altijd vervagen) of not-a-face (geen gezicht)',
    addBox: 'een gezicht dat de scan miste, in pixels van de foto zoals je hem rechtop ziet',
    drop: 'laat deze foto weg uit elke kopie',
    undo: 'maak de verbetering van dat gezicht ongedaan (een vak dat je tekende: haal het weg)',
    group: 'benoem alle gezichten van deze groep van één persoon tegelijk (de "group" in report.json): correct --group <id> <leerlingnummer | not-a-pupil | blur>',
    except: 'bij --group: laat dit gezicht buiten de groep (iemand anders), bijv. photos/sportdag-01.jpg:2 (mag vaker)',
  },
  demo: {
    description: 'Doorloop alles met de meegeleverde voorbeeldfoto\'s, in een eigen map: leerlingenlijst controleren, gezichten inlezen, een scan en het verslag.',
    folder: 'waar de demo komt',
    review: 'open daarna de beoordelingspagina van de scan',
    noOpen: 'bij --review: toon alleen het adres',
  },
  doctor: {
    description: 'Controleer of alles wat privacy-filter nodig heeft werkt op deze computer.',
  },
  enrol: {
    initDescription:
      'Richt deze map in: controleer de leerlingenlijst en lees het gezicht van elke leerling in uit de portretfoto\'s, in een nieuwe ' +
      '.privacy-filter-map hier (gezichten die hier eerder zijn ingelezen worden vervangen).',
    initRoster: 'de leerlingenlijst, geëxporteerd uit de leerlingadministratie',
    noEncrypt: 'bewaar de ingelezen gezichten NIET versleuteld (alleen op een schijf die al versleuteld is)',
    retention: (days: number) => `aantal dagen dat de analyse van een foto bewaard blijft (standaard ${days})`,
    enrollDescription:
      'Lees leerlingen in uit portretfoto\'s (<map>/<leerlingnummer of naam>.jpg of <map>/<leerlingnummer of naam>/*.jpg) in de .privacy-filter-map ' +
      'hier of hoger: hun nieuwe gezichten vervangen de oude, andere ingelezen leerlingen houden de hunne. Bewaart kenmerken van gezichten, nooit de portretfoto\'s.',
    enrollRoster: 'de leerlingenlijst (standaard: die van de laatste init of enroll)',
    portraits: 'portretfoto\'s, één of meer per leerling, genoemd naar leerlingnummer of naam (standaard: de map van de vorige keer)',
    column: 'welke kolom van de leerlingenlijst een gegeven bevat, bijv. public="Foto\'s op website" (mag vaker)',
    purposeName: 'een korte naam voor een toestemmingskolom, voor scan --purpose, bijv. insta="Social media" (mag vaker)',
    dryRun: 'laat alleen zien welke portretfoto bij welke leerling hoort (op nummer of op naam); leest niets in, schrijft niets',
    quiet: 'geen voortgangsbalk',
  },
};
