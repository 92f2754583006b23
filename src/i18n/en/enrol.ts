/** What enrolment (`init`, `enroll`, `scan --portraits`) says when it refuses (src/enrol/). */
export const enrol = {
  whichRoster: 'Which roster? No roster was given and none was saved by an earlier enroll.',
  whichRosterHint: 'Run privacy-filter enroll --roster <export.csv> --portraits <folder>.',
  noPortraitMatches: 'No portrait matches a pupil number or name of the roster.',
  noPortraitMatchesHint:
    "Name each portrait after the pupil number (1234.jpg) or the pupil's name (Sem de Vries.jpg), or put it in a folder named so, or fill the " +
    "roster's photo column. --dry-run shows how each file was matched.",
  /** `why`: the skip report, a line per portrait. */
  nothingEnrolled: (why: string) => `No face could be enrolled from any portrait.\n${why}`,
  nothingEnrolledHint: 'Give --portraits a folder with one clear, front-facing photo per pupil, named after the pupil number.',
  portraitsFolderMissing: (folder: string) => `The portraits folder ${folder} does not exist.`,
  checkSpellingHint: 'Check the spelling of the path.',
  portraitsFolderUnreadable: 'The portraits folder cannot be opened.',
  portraitsFolderUnreadableHint: 'Check the --portraits path: it should be a folder with a photo or a sub-folder per pupil number.',

  /** What an enrolment reports (src/enrol/report.ts): `init`, `enroll`, their `--dry-run`, and `scan --portraits`. */
  report: {
    portraitsNotUsed: 'Portraits not used:',
    withoutPortrait: 'Pupils without a usable portrait: their faces count as unknown and are blurred by default:',
    noPortraitFound: ' (no portrait found)',
    respelled: 'Named with other leading zeros than the roster writes; used as the same pupil (docs/roster.md):',
    ambiguous: 'Portraits not used because their name fits several pupils:',
    ambiguousHint: '  Add the class to the name (Emma de Jong 5a.jpg) or name the portrait after the pupil number.',
    unmatched: 'In the portraits folder but matching no pupil number or name (a typo in the name?):',
    roster: (file: string, pupils: number) => `Roster ${file}: ${pupils} pupils.`,
    rosterNote: (warning: string) => `  Note: ${warning}`,
    enrolled: (enrolled: number, pupils: number) => `Enrolled ${enrolled} of ${pupils} pupils.`,
    portraitsOf: (who: string, portraits: number) => `  ${who}: ${portraits} portrait${portraits === 1 ? '' : 's'}`,
    keptHeading: 'No new usable portrait; the face enrolled earlier is kept:',
    kept: (who: string, date: string) => `  ${who} (enrolled ${date})`,
    notOnRoster: (ids: string) => `Still enrolled but no longer on the roster: ${ids}.`,
    eraseWith: (ids: string) => `  Erase them with: privacy-filter forget ${ids}`,
    replaced: (who: string) => `No longer enrolled (init starts afresh): ${who}.`,
    replacedHint: '  To add pupils to those enrolled instead, use privacy-filter enroll.',
    outdated: (faces: number) => `Erased ${faces} face${faces === 1 ? '' : 's'} enrolled with an older recogniser version.`,
    replacedDamaged: 'The earlier enrolled faces (templates) were damaged and have been replaced: pupils not enrolled now must be enrolled again.',
    notEncrypted: 'Note: the enrolled faces are NOT encrypted (--no-encrypt); keep this folder on an encrypted disk.',
    savedIn: (folder: string) => `Saved in ${folder}. It holds biometric data of children: it has a .gitignore so git skips it;`,
    doNotShare: '  do not copy it to a shared drive or send it to anyone.',
    next: (className: string) => `Next: privacy-filter scan <photos folder> --scope public   (or --scope internal, or --scope group --class ${className})`,
    // --dry-run
    portraitsIn: (folder: string) => `Portraits in ${folder}:`,
    noPhotosOrFolders: '  (no photos or folders)',
    byNumber: (who: string) => `${who}, by pupil number`,
    byName: (who: string) => `${who}, by name`,
    notUsedAmbiguous: (count: number, who: string) => `NOT USED: the name fits ${count} pupils: ${who}`,
    notUsedNoMatch: 'NOT USED: no pupil with this number or name',
    fromPhotoColumn: "From the roster's photo column:",
    noPortraitFor: (pupils: number) => `No portrait for ${pupils} pupil${pupils === 1 ? '' : 's'} (their faces count as unknown):`,
    sharedNameHint: 'A name two pupils share is never guessed: add the class to the file name (Emma de Jong 5a.jpg) or use the pupil number.',
    dryRunDone: (portraits: number) =>
      `Nothing was enrolled or written (--dry-run). ${portraits} portrait${portraits === 1 ? '' : 's'} would be read; run the same command without --dry-run to enrol.`,
  },
  /** Why a portrait gave no face (src/faces/portrait.ts), after its file name in the skip report. */
  skip: {
    cannotRead: (cause: string) => `cannot read photo: ${cause}`,
    noFace: 'no face found',
    unclear: (percent: number) => `no face found clearly enough (the best looks ${percent} % like a face); use a sharp, frontal portrait`,
    ambiguous: 'several faces and no clear main one',
    tooSmall: (side: number) => `face too small to recognise (${side} px); use a closer or larger portrait`,
  },
};
