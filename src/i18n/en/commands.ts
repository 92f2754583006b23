/** What `--help` says about each command: its description, arguments and options, and the longer text after them. */
export const commands = {
  roster: {
    description: 'work with the consent roster (the CSV of pupils and their photo consent)',
    checkDescription: 'read a consent roster and show what privacy-filter understood from it: columns, classes, consent counts, problems',
    csvArgument: 'the roster file exported from the administration or Excel',
    json: 'print the summary as JSON on stdout (for scripts), every pupil with their answers included',
    pupils: 'also list every pupil with their answer per purpose and per scope',
    column:
      'which column holds a field, when its header is not recognised; repeatable. ' +
      'Fields: id, name, class, photo, internal, group, public. Example: --column public="Foto\'s op website"',
    checkHelp: `
The roster is the CSV file exported from the pupil administration or Excel: one row per pupil.
Separators ; , and tab are all fine; so are UTF-8 and Excel's Windows "CSV".

Columns it recognises (Dutch or English, case and accents do not matter):
  pupil id   Leerlingnummer, llnr, Leerling nr, Pupil ID, Student ID, id
  name       Naam, Name, or Roepnaam + Tussenvoegsel + Achternaam
  class      Groep, Klas, Stamgroep, Jaargroep, Class
  photo      Foto, Pasfoto, Portrait (optional: a portrait file next to the roster)
  consent    one yes/no column per scope:
               internal  Toestemming intern, Intern, Nieuwsbrief, Internal
               group     Foto's in de groep, Toestemming groep, Groepsapp, Group
               public    Foto's op website, Website, Social media, Schoolgids, Toestemming publiek, Public
             or one column listing the allowed scopes: Toestemming, Consent, Scopes
             with values like "groep, intern", "publiek", or empty for none.

Scopes: internal = the whole school (newsletter), group = the parents of the pupil's own class in the
school app, public = website, social media, press. They are separate: public consent does not imply internal.

Yes/no answers: ja/nee, yes/no, j/n, y/n, 1/0, true/false, waar/onwaar, x or ✓ for yes, toestemming/geen
toestemming, wel/niet. An empty cell means NO consent. When several columns count for one scope (Website and
Social media), a pupil has that consent only when all of them say yes.

Each yes/no consent column is kept as a purpose of its own, named by its header (Website, Social media,
Nieuwsbrief, Foto's in Parro): scan --purpose "Social media" needs exactly that answer, --scope public every
public purpose.

Nothing is written: this only shows how the file was read, so you can check it before a scan.
Examples:
  privacy-filter roster check leerlingen.csv
  privacy-filter roster check leerlingen.csv --pupils
  privacy-filter roster check export.csv --column public="Foto's op website" --column id=Nr`,
  },
  scan: {
    description: 'Copy a folder of photos for a scope, with the faces of pupils without consent anonymised, and write a report.',
    photosArgument: 'the folder of event photos (it is never changed)',
    scope: 'where the photos go: internal (school), group (one class) or public (website); several with commas (public,internal), analysed once',
    purpose: 'one of the school\'s own consent purposes, a consent column of the roster (e.g. "Social media"), instead of a whole scope; repeatable',
    class: 'the class group the photos go to (required for --scope group), e.g. 5b',
    out: 'output folder (default: beside the photos, e.g. sportdag-public)',
    report: 'report folder (default: <output>-report)',
    roster: 'use this roster instead of the one from init',
    column: 'which roster column holds a field, e.g. public="Foto\'s op website" (repeatable; overrides what init saved)',
    portraits: 'enrol from these portraits for this scan only, instead of the faces from init',
    action: 'a face that may not be shown: blur it, or drop the whole photo',
    unknown: 'faces of people not on the roster',
    small: 'faces too small to recognise',
    dropPortraits: 'drop a photo whose main subject would have to be anonymised',
    style: 'how faces are anonymised',
    quality: 'JPEG/WebP quality of the copies, 1-100',
    threshold: (max: number, fallback: number) => `face distance up to which a pupil counts as recognised, at most ${max} (default ${fallback})`,
    jobs: 'face-engine workers, one per core unless you say otherwise',
    noCache: 'analyse every photo again instead of reusing earlier results',
    quiet: 'no progress bar',
    json: 'print the summary as JSON',
  },
  recheck: {
    description: 'check the photos earlier scans published against the roster as it is now: which must come down',
    roster: 'check against this roster instead of the one from init',
    json: 'print {"takedown": [...]} as JSON (for scripts)',
    help: `
For a nightly job after the roster export: it checks every file the scans of this working folder published
(the list of earlier scans in .privacy-filter/) against the roster as it is now, from what each scan recorded. It reads no
photo, loads no model and writes nothing.

Exit codes: 0 nothing must come down, 5 some published files show a pupil who may no longer be shown (they are
listed), 4 nothing to take down among the scans it could check, but some earlier scans could not be checked (their
report folder was moved or deleted, or its record is damaged; they are listed), 2 something to fix first (no roster,
no working folder).

Examples:
  privacy-filter recheck
  privacy-filter recheck --roster leerlingen-nieuw.csv --json`,
  },
  review: {
    description: 'Look through a scan in your browser and correct it: who a face is, a face the scan missed, a photo to leave out.',
    folderArgument: "the scan's report folder (default: the most recent scan here)",
    noOpen: 'only print the address, do not open the browser',
  },
  correct: {
    description: 'Correct a face of a scanned photo without the browser; the next scan of that photo applies it, for every scope.',
    photoArgument: 'the photo, as a path to it in the folder you scanned',
    faceArgument: 'the face number in report.json (1 = the first face listed for that photo)',
    whatArgument: 'a pupil number, not-a-pupil, blur or not-a-face',
    addBox: "a face the scan missed, in the photo's pixels as you see it upright",
    drop: 'leave this photo out of every output',
    undo: 'take back the correction of that face (a box you drew: remove it)',
    group: 'name every face of this group of one person at once (its "group" in report.json): correct --group <id> <pupil number | not-a-pupil | blur>',
    except: 'with --group: leave this face of the group out (someone else), e.g. photos/sportdag-01.jpg:2 (repeatable)',
  },
  demo: {
    description: 'Run the whole flow on the shipped demo photos, in a folder of its own: roster check, enrolment, a scan and its report.',
    folder: 'where the demo goes',
    review: 'then open the review page on the scan',
    noOpen: 'with --review: only print the address',
  },
  doctor: {
    description: 'Check that everything privacy-filter needs runs on this computer.',
  },
  enrol: {
    initDescription:
      "Set up this folder: check the consent roster and enrol every pupil's face from the portraits, in a new .privacy-filter " +
      'folder here (replacing any faces enrolled here before).',
    initRoster: 'the consent roster exported from the pupil administration',
    noEncrypt: 'store the enrolled faces NOT encrypted (only on a disk that is encrypted otherwise)',
    retention: (days: number) => `days the analysis of a photo is kept (default ${days})`,
    enrollDescription:
      'Enrol pupils from portraits (<folder>/<pupil number or name>.jpg or <folder>/<pupil number or name>/*.jpg) into the .privacy-filter ' +
      'folder here or above: their new faces replace their old ones, other enrolled pupils keep theirs. Stores face descriptors, never the portraits.',
    enrollRoster: 'the consent roster export (default: the one saved by the last init or enroll)',
    portraits: 'reference portraits, one or more per pupil, named after the pupil number or name (default: the folder saved before)',
    column: 'which roster column holds a field, e.g. public="Foto\'s op website" (repeatable)',
    purposeName: 'a short name for a consent column, for scan --purpose, e.g. insta="Social media" (repeatable)',
    dryRun: 'only show which portrait goes to which pupil (by number or by name); enrol nothing, write nothing',
    quiet: 'no progress bar',
  },
};
