/**
 * The report: the reasons report.json, report.csv and report.html give, report.html's page, the CSV headers and
 * takedown.csv. Functions take their values already formatted (numbers in the report's language), and hold no logic
 * of their own: a plural is a key of its own, so every language says it its own way.
 * Entries under `html` are HTML: their placeholders receive escaped text.
 */
export const report = {
  pupil: (id: string) => `pupil ${id}`,
  pupilNamed: (name: string, id: string) => `${name} (pupil ${id})`,
  /** Between consent needs: "public and Website". */
  and: ' and ',
  /** What a consent need is called after "has consent for …" / "has no consent for …". */
  scopeNeed: { public: 'public', internal: 'internal', group: 'group' },
  /** The scope in the report's header. */
  scope: { public: 'public', internal: 'internal', group: 'group' },
  status: { consented: 'consent', 'not-consented': 'no consent', uncertain: 'uncertain', unknown: 'unknown', 'too-small': 'too small' },
  action: { kept: 'kept', anonymised: 'anonymised' },
  /** A photo's decision as one word, for the counts at the top of report.html and report.csv's decision column. */
  decision: { review: 'review', error: 'error', dropped: 'dropped', anonymised: 'anonymised', publish: 'published' },
  /** The teacher's words for each correction, as the review page and `correct` offer them. */
  correction: {
    pupil: 'this is a pupil',
    'not-a-pupil': 'not a pupil',
    blur: 'always blur',
    'not-a-face': 'not a face',
    added: 'a face the scan missed',
  },
  namedByYou: 'named by you',
  correctedAs: (correction: string) => `${correction} — named by you`,

  faceLine: (n: string, reason: string) => `face ${n}: ${reason}`,
  findingThen: (finding: string, outcome: string) => `${finding} — ${outcome}`,
  overruled: (finding: string, outcome: string, said: string) =>
    `${finding} — ${outcome} (you said ${said}, but the recogniser is sure this is a pupil without consent here, so it stays anonymised)`,
  saidPupil: (finding: string, outcome: string) => `named by you: ${finding} — ${outcome}`,
  saidNotAPupil: (outcome: string) => `not a pupil, you said: treated as an unknown person — ${outcome}`,
  saidBlur: (finding: string, outcome: string) => `${finding}; you said always blur — ${outcome}`,
  saidNotAFace: (outcome: string) => `not a face, you said — ${outcome}`,
  saidAdded: (outcome: string) => `a face you drew (the scan had missed it) — ${outcome}`,

  finding: {
    consent: (pupil: string, needs: string) => `${pupil} has consent for ${needs}`,
    noConsent: (pupil: string, needs: string) => `${pupil} has no consent for ${needs}`,
    consentInGroup: (pupil: string, group: string, needs: string) => `${pupil} (${group}) has consent for ${needs}`,
    noConsentInGroup: (pupil: string, group: string, needs: string) => `${pupil} (${group}) has no consent for ${needs}`,
    inTarget: (pupilClass: string) => `class ${pupilClass}, the target group`,
    notInTarget: (pupilClass: string, targetClass: string) => `class ${pupilClass}, not ${targetClass}`,
    notOnRoster: (pupil: string) => `${pupil} is not in the roster (left the school?), so has no consent`,
    uncertain: (nearest: string, distance: string) => `not sure who this is (nearest: ${nearest}, distance ${distance}), so treated as without consent`,
    unknown: 'unknown person (not an enrolled pupil)',
    tooSmall: 'face too small to recognise',
  },

  outcome: {
    kept: 'kept',
    keptUnknown: 'kept (unknown faces are kept)',
    keptSmall: 'kept (small faces are kept)',
    anonymised: 'anonymised',
    droppedAction: 'photo dropped (photos with a face that may not be shown are dropped)',
    droppedMainSubject: 'photo dropped (this face is the main subject, and photos whose main subject must be anonymised are dropped)',
    droppedUnknown: 'photo dropped (photos with unknown faces are dropped)',
    droppedSmall: 'photo dropped (photos with small faces are dropped)',
    reviewUnknown: 'photo to review (unknown faces go to review)',
    reviewSmall: 'photo to review (small faces go to review)',
  },

  photoReason: {
    review: (faces: string) => `to review: a person must look at face ${faces}`,
    dropped: (faces: string) => `dropped because of face ${faces}`,
    droppedByYou: 'dropped: you left this photo out',
    anonymised: 'published with faces anonymised',
    publishNoFaces: 'published: no faces found',
    publish: 'published: every face may be shown',
    unreadable: 'The photo could not be read, so it was not published.',
    failed: 'Something went wrong with this photo, so it was not published.',
    notRemoved: (files: string) => `An earlier copy of this photo may no longer be shared but could not be removed: delete ${files} by hand.`,
    resembles:
      'to review: it looks like a photo you corrected, but not surely the same photo, so your corrections were not applied; correct this one too',
    cannotPlace: 'to review: it is a photo you corrected, but cut, turned or mirrored, so your corrections do not fit it; correct this one too',
  },

  skip: {
    'symbolic-link': 'a link to a file elsewhere: links are not followed, so it was not checked and not copied. Copy the photo itself into the folder to scan it',
    video: 'a video in a format this tool does not filter, so it was not checked and not copied. Do not share it without looking at every child in it, or save it from the phone as .mp4 and scan again',
    'videos-skipped': 'a video, left out by --videos skip: not checked and not copied. Do not share it without looking at every child in it, or scan again without --videos skip',
    'not-a-photo': 'not a photo this tool reads (another type of file), so it was not checked and not copied',
    hidden: 'hidden (its name starts with a dot, like system files), so it was not checked and not copied',
    unreadable: 'a folder that could not be opened (no permission), so nothing in it was checked or copied',
  },

  /** What changed since the last scan into the same folders (report.json's `changes`, takedown.csv, `recheck`). */
  cause: {
    consentWithdrawn: (needs: string, pupil: string) => `consent for ${needs} withdrawn for ${pupil}`,
    leftRoster: (pupil: string) => `${pupil} is no longer on the roster`,
    notRecognised: (pupil: string) => `${pupil} was not recognised this time, so is anonymised now`,
    nowShown: (pupil: string) => `${pupil} is shown now`,
    hiddenFace: (after: string, before: string) => `${after} face hidden now instead of ${before}`,
    hiddenFaces: (after: string, before: string) => `${after} faces hidden now instead of ${before}`,
    photoRemoved: 'the photo is no longer in the photos folder',
    notDecided: 'the scan was stopped before this photo; run it again to see whether it may be published',
    decision: (why: string) => `not published now: ${why}`,
    decisionFaces: (why: string, faces: string) => `not published now: ${why} (${faces})`,
    published: 'published now; the last scan did not publish it',
    unrecorded: 'written again; the earlier scan did not record who it showed',
    pupilWithClass: (name: string, className: string) => `${name} (${className})`,
  },

  csv: {
    header: {
      source: 'source',
      decision: 'decision',
      output: 'output',
      review: 'review',
      face: 'face',
      pupil: 'pupil',
      name: 'name',
      status: 'status',
      action: 'action',
      distance: 'distance',
      x: 'x',
      y: 'y',
      width: 'width',
      height: 'height',
      group: 'group',
      reasons: 'reasons',
    },
    /** The decision, status and action columns: report.json's own values in English, so old sheets keep working. */
    decision: { review: 'review', error: 'error', dropped: 'dropped', anonymised: 'anonymised', publish: 'publish' },
    status: { consented: 'consented', 'not-consented': 'not-consented', uncertain: 'uncertain', unknown: 'unknown', 'too-small': 'too-small' },
    action: { kept: 'kept', anonymised: 'anonymised' },
    skipped: 'skipped',
    takedownHeader: { file: 'file', published: 'published', change: 'change', todo: 'what to do', source: 'source', reason: 'reason' },
    change: { withdrawn: 'withdrawn', replaced: 'replaced', new: 'new' },
    takeDown: 'take down wherever it was posted',
    replace: 'replace the posted copy with the one in the output folder',
  },

  thumbs: {
    linkOut: (folder: string) => `${folder} is a link out of the report folder, so no thumbnails were written`,
  },

  html: {
    title: (scope: string) => `privacy-filter report — ${scope}`,
    heading: 'privacy-filter report',
    doNotShare:
      '<strong>Do not share this report folder.</strong> The thumbnails below show the <em>original</em> photos,\nwith every face visible. Share only the output folder.',
    interrupted: 'The scan was stopped before the end: this report lists only the photos done so far.',
    scope: 'Scope',
    purpose: (purpose: string) => `purpose “${purpose}”`,
    ofClass: (className: string) => `class ${className}`,
    scanned: 'Scanned',
    photos: 'Photos',
    photosAndFaces: (photos: string, faces: string) => `${photos} photos, ${faces} faces`,
    people: 'People',
    peopleFace: (faces: string) => `${faces} face nobody was matched to`,
    peopleFaces: (faces: string) => `${faces} faces nobody was matched to`,
    groupedOne: (groups: string) => `grouped into ${groups} person`,
    groupedMany: (groups: string) => `grouped into ${groups} people`,
    nameGroup: (command: string) => `name a whole group at once with ${command}`,
    nameGroupCommand: 'privacy-filter correct --group &lt;group&gt; &lt;pupil number | not-a-pupil | blur&gt;',
    input: 'Input',
    output: 'Output',
    review: 'Review',
    notProcessed: 'not processed',
    dashed: '— a dashed box is anonymised in the output.',
    decisionTitle: {
      review: 'To review — a person must look at these (copies in the review folder)',
      error: 'Could not be read — not published',
      dropped: 'Dropped — not published',
      anonymised: 'Published with faces anonymised',
      publish: 'Published as they are',
    },
    noPhotos: 'No photos were scanned.',
    change: {
      withdrawn: 'Withdrawn — take it down wherever it was posted',
      replaced: 'Replaced — replace the posted copy with the new one',
      new: 'New — published now, not by the last scan',
    },
    publishedOn: (date: string) => `published ${date}`,
    changedOne: (n: string) => `${n} published photo has changed: take down or replace the copies you posted. takedown.csv in this folder lists it.`,
    changedMany: (n: string) => `${n} published photos have changed: take down or replace the copies you posted. takedown.csv in this folder lists them.`,
    changes: 'Changed since the last scan',
    skipped: 'Not processed — not checked and not in the output',
    noPreview: 'No preview',
    noPreviewBecause: (why: string) => `No preview: ${why}`,
    unreadable: 'This photo could not be read.',
    toReview: 'review',
    distance: (distance: string) => `distance ${distance}`,
    inGroup: (group: string) => ` — group ${group}`,
  },
};
