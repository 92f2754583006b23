import type { Shape } from '../catalogue.js';
import type { report as en } from '../en/report.js';

/**
 * Het verslag. "Groep" is op een Nederlandse school de klas; de groepen gezichten die niet herkend zijn heten hier
 * daarom "personen".
 */
export const report: Shape<typeof en> = {
  pupil: (id: string) => `leerling ${id}`,
  pupilNamed: (name: string, id: string) => `${name} (leerling ${id})`,
  and: ' en ',
  scopeNeed: { public: 'openbare publicatie', internal: 'intern gebruik', group: 'de eigen groep' },
  scope: { public: 'openbaar', internal: 'intern', group: 'groep' },
  status: { consented: 'toestemming', 'not-consented': 'geen toestemming', uncertain: 'onzeker', unknown: 'niet herkend', 'too-small': 'te klein' },
  action: { kept: 'zichtbaar', anonymised: 'onherkenbaar' },
  decision: { review: 'te beoordelen', error: 'fout', dropped: 'weggelaten', anonymised: 'onherkenbaar gemaakt', publish: 'gepubliceerd' },
  correction: {
    pupil: 'dit is een leerling',
    'not-a-pupil': 'geen leerling',
    blur: 'altijd vervagen',
    'not-a-face': 'geen gezicht',
    added: 'een gezicht dat de scan miste',
  },
  namedByYou: 'door jou benoemd',
  correctedAs: (correction: string) => `${correction} — door jou benoemd`,

  faceLine: (n: string, reason: string) => `gezicht ${n}: ${reason}`,
  findingThen: (finding: string, outcome: string) => `${finding} — ${outcome}`,
  overruled: (finding: string, outcome: string, said: string) =>
    `${finding} — ${outcome} (je zei ${said}, maar de herkenning weet zeker dat dit een leerling zonder toestemming is, dus blijft het gezicht onherkenbaar)`,
  saidPupil: (finding: string, outcome: string) => `door jou benoemd: ${finding} — ${outcome}`,
  saidNotAPupil: (outcome: string) => `geen leerling, zei je: behandeld als een onbekende — ${outcome}`,
  saidBlur: (finding: string, outcome: string) => `${finding}; je zei altijd vervagen — ${outcome}`,
  saidNotAFace: (outcome: string) => `geen gezicht, zei je — ${outcome}`,
  saidAdded: (outcome: string) => `een gezicht dat jij hebt aangegeven (de scan had het gemist) — ${outcome}`,

  finding: {
    consent: (pupil: string, needs: string) => `${pupil} heeft toestemming voor ${needs}`,
    noConsent: (pupil: string, needs: string) => `${pupil} heeft geen toestemming voor ${needs}`,
    consentInGroup: (pupil: string, group: string, needs: string) => `${pupil} (${group}) heeft toestemming voor ${needs}`,
    noConsentInGroup: (pupil: string, group: string, needs: string) => `${pupil} (${group}) heeft geen toestemming voor ${needs}`,
    inTarget: (pupilClass: string) => `klas ${pupilClass}, de gekozen groep`,
    notInTarget: (pupilClass: string, targetClass: string) => `klas ${pupilClass}, niet ${targetClass}`,
    notOnRoster: (pupil: string) => `${pupil} staat niet in de leerlingenlijst (van school af?), dus zonder toestemming`,
    uncertain: (nearest: string, distance: string) =>
      `niet zeker wie dit is (lijkt het meest op ${nearest}, afstand ${distance}), dus behandeld als zonder toestemming`,
    unknown: 'niet herkend (geen leerling van wie een portret is ingelezen)',
    tooSmall: 'gezicht te klein om te herkennen',
  },

  outcome: {
    kept: 'zichtbaar gelaten',
    keptUnknown: 'zichtbaar gelaten (gezichten die niet herkend zijn blijven zichtbaar)',
    keptSmall: 'zichtbaar gelaten (kleine gezichten blijven zichtbaar)',
    anonymised: 'onherkenbaar gemaakt',
    droppedAction: "foto weggelaten (foto's met een gezicht dat niet getoond mag worden, worden weggelaten)",
    droppedMainSubject:
      "foto weggelaten (dit gezicht is het onderwerp van de foto, en foto's waarvan het onderwerp onherkenbaar moet worden, worden weggelaten)",
    droppedUnknown: "foto weggelaten (foto's met gezichten die niet herkend zijn, worden weggelaten)",
    droppedSmall: "foto weggelaten (foto's met kleine gezichten worden weggelaten)",
    reviewUnknown: "foto beoordelen (foto's met gezichten die niet herkend zijn, beoordeel je zelf)",
    reviewSmall: "foto beoordelen (foto's met kleine gezichten beoordeel je zelf)",
  },

  photoReason: {
    review: (faces: string) => `beoordelen: iemand moet naar gezicht ${faces} kijken`,
    dropped: (faces: string) => `weggelaten vanwege gezicht ${faces}`,
    droppedByYou: 'weggelaten: je hebt deze foto eruit gelaten',
    anonymised: 'gepubliceerd met gezichten onherkenbaar gemaakt',
    publishNoFaces: 'gepubliceerd: geen gezichten gevonden',
    publish: 'gepubliceerd: elk gezicht mag getoond worden',
    unreadable: 'De foto kon niet worden gelezen, dus is hij niet gepubliceerd.',
    failed: 'Er ging iets mis met deze foto, dus is hij niet gepubliceerd.',
    notRemoved: (files: string) => `Een eerdere kopie van deze foto mag niet meer gedeeld worden, maar kon niet worden verwijderd: verwijder ${files} zelf.`,
    resembles:
      'beoordelen: hij lijkt op een foto die je hebt gecorrigeerd, maar het is niet zeker dezelfde foto, dus zijn je correcties niet toegepast; corrigeer deze ook',
    cannotPlace:
      'beoordelen: het is een foto die je hebt gecorrigeerd, maar bijgesneden, gedraaid of gespiegeld, dus passen je correcties er niet op; corrigeer deze ook',
  },

  skip: {
    'symbolic-link':
      'een snelkoppeling naar een bestand elders: snelkoppelingen worden niet gevolgd, dus niet gecontroleerd en niet gekopieerd. Zet de foto zelf in de map om hem te scannen',
    video: "een video in een vorm die dit programma niet filtert, dus niet gecontroleerd en niet gekopieerd. Deel hem pas als je elk kind erin hebt bekeken, of sla hem op de telefoon op als .mp4 en scan opnieuw",
    'videos-skipped': 'een video, weggelaten door --videos skip: niet gecontroleerd en niet gekopieerd. Deel hem pas als je elk kind erin hebt bekeken, of scan opnieuw zonder --videos skip',
    'not-a-photo': 'geen foto die dit programma kan lezen (een ander soort bestand), dus niet gecontroleerd en niet gekopieerd',
    hidden: 'verborgen (de naam begint met een punt, zoals bij systeembestanden), dus niet gecontroleerd en niet gekopieerd',
    unreadable: 'een map die niet geopend kon worden (geen toegang), dus is niets erin gecontroleerd of gekopieerd',
  },

  cause: {
    consentWithdrawn: (needs: string, pupil: string) => `toestemming voor ${needs} ingetrokken voor ${pupil}`,
    leftRoster: (pupil: string) => `${pupil} staat niet meer in de leerlingenlijst`,
    notRecognised: (pupil: string) => `${pupil} is deze keer niet herkend, dus nu onherkenbaar gemaakt`,
    nowShown: (pupil: string) => `${pupil} is nu zichtbaar`,
    hiddenFace: (after: string, before: string) => `nu ${after} gezicht onherkenbaar in plaats van ${before}`,
    hiddenFaces: (after: string, before: string) => `nu ${after} gezichten onherkenbaar in plaats van ${before}`,
    photoRemoved: 'de foto staat niet meer in de fotomap',
    notDecided: 'de scan is gestopt vóór deze foto; scan opnieuw om te zien of hij gepubliceerd mag worden',
    decision: (why: string) => `nu niet gepubliceerd: ${why}`,
    decisionFaces: (why: string, faces: string) => `nu niet gepubliceerd: ${why} (${faces})`,
    published: 'nu gepubliceerd; de vorige scan publiceerde hem niet',
    unrecorded: 'opnieuw geschreven; de eerdere scan heeft niet vastgelegd wie erop stond',
    pupilWithClass: (name: string, className: string) => `${name} (${className})`,
  },

  csv: {
    header: {
      source: 'bron',
      decision: 'besluit',
      output: 'uitvoer',
      review: 'beoordelen',
      face: 'gezicht',
      pupil: 'leerling',
      name: 'naam',
      status: 'status',
      action: 'actie',
      distance: 'afstand',
      x: 'x',
      y: 'y',
      width: 'breedte',
      height: 'hoogte',
      group: 'groep',
      reasons: 'redenen',
    },
    decision: { review: 'beoordelen', error: 'fout', dropped: 'weggelaten', anonymised: 'onherkenbaar gemaakt', publish: 'gepubliceerd' },
    status: { consented: 'toestemming', 'not-consented': 'geen toestemming', uncertain: 'onzeker', unknown: 'niet herkend', 'too-small': 'te klein' },
    action: { kept: 'zichtbaar', anonymised: 'onherkenbaar' },
    skipped: 'overgeslagen',
    takedownHeader: { file: 'bestand', published: 'gepubliceerd', change: 'wijziging', todo: 'wat te doen', source: 'bron', reason: 'reden' },
    change: { withdrawn: 'ingetrokken', replaced: 'vervangen', new: 'nieuw' },
    takeDown: 'haal hem weg overal waar hij geplaatst is',
    replace: 'vervang de geplaatste kopie door die in de uitvoermap',
  },

  thumbs: {
    linkOut: (folder: string) => `${folder} is een snelkoppeling naar buiten de verslagmap, dus zijn er geen kleine foto's gemaakt`,
  },

  html: {
    title: (scope: string) => `privacy-filter verslag — ${scope}`,
    heading: 'privacy-filter verslag',
    doNotShare:
      "<strong>Deel deze verslagmap niet.</strong> De kleine foto's hieronder tonen de <em>originele</em> foto's,\nmet elk gezicht zichtbaar. Deel alleen de uitvoermap.",
    interrupted: "De scan is voor het einde gestopt: dit verslag noemt alleen de foto's die al klaar waren.",
    scope: 'Bestemming',
    purpose: (purpose: string) => `doel “${purpose}”`,
    ofClass: (className: string) => `klas ${className}`,
    scanned: 'Gescand',
    photos: "Foto's",
    photosAndFaces: (photos: string, faces: string) => `${photos} foto's, ${faces} gezichten`,
    people: 'Personen',
    peopleFace: (faces: string) => `${faces} gezicht dat niet herkend is`,
    peopleFaces: (faces: string) => `${faces} gezichten die niet herkend zijn`,
    groupedOne: (groups: string) => `samengevoegd tot ${groups} persoon`,
    groupedMany: (groups: string) => `samengevoegd tot ${groups} personen`,
    nameGroup: (command: string) => `benoem een persoon in één keer met ${command}`,
    nameGroupCommand: 'privacy-filter correct --group &lt;groep-id&gt; &lt;leerlingnummer | not-a-pupil | blur&gt;',
    input: 'Fotomap',
    output: 'Uitvoermap',
    review: 'Beoordelingsmap',
    notProcessed: 'niet verwerkt',
    dashed: '— een gestippeld kader wordt in de uitvoer onherkenbaar gemaakt.',
    decisionTitle: {
      review: 'Beoordelen — hier moet iemand naar kijken (kopieën in de beoordelingsmap)',
      error: 'Kon niet worden gelezen — niet gepubliceerd',
      dropped: 'Weggelaten — niet gepubliceerd',
      anonymised: 'Gepubliceerd met gezichten onherkenbaar gemaakt',
      publish: 'Gepubliceerd zoals ze zijn',
    },
    noPhotos: "Er zijn geen foto's gescand.",
    change: {
      withdrawn: 'Ingetrokken — haal hem weg overal waar hij geplaatst is',
      replaced: 'Vervangen — vervang de geplaatste kopie door de nieuwe',
      new: 'Nieuw — nu gepubliceerd, door de vorige scan niet',
    },
    publishedOn: (date: string) => `gepubliceerd op ${date}`,
    changedOne: (n: string) => `${n} gepubliceerde foto is veranderd: haal de kopie die je plaatste weg of vervang hem. takedown.csv in deze map noemt hem.`,
    changedMany: (n: string) =>
      `${n} gepubliceerde foto's zijn veranderd: haal de kopieën die je plaatste weg of vervang ze. takedown.csv in deze map noemt ze.`,
    changes: 'Veranderd sinds de vorige scan',
    skipped: 'Niet verwerkt — niet gecontroleerd en niet in de uitvoer',
    noPreview: 'Geen voorbeeld',
    noPreviewBecause: (why: string) => `Geen voorbeeld: ${why}`,
    unreadable: 'Deze foto kon niet worden gelezen.',
    toReview: 'beoordelen',
    distance: (distance: string) => `afstand ${distance}`,
    inGroup: (group: string) => ` — persoon ${group}`,
  },
};
