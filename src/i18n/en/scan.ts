/** What `scan` says when it refuses to start (src/scan/). */

/** The folders of a scan, as its messages name them. */
export type ScanFolderKind = 'input' | 'output' | 'review' | 'report';

export const scan = {
  noTarget: 'Say where the photos go.',
  noTargetHint: 'Add --scope public, internal or group (several with commas: --scope public,internal), or --purpose with a consent column of the roster.',
  groupNeedsClass: '--scope group needs the class the photos go to.',
  addClassHint: 'Add --class with the class as the roster writes it, e.g. --class 5b.',
  purposeNeedsClass: (purpose: string) => `--purpose "${purpose}" is for the parents of one class, so it needs the class the photos go to.`,
  oneFolderForTargets: '--out and --report name one folder, but this scan has several targets.',
  oneFolderForTargetsHint: 'Leave them out: each target gets the folders a scan for it alone would get (e.g. sportdag-public and sportdag-internal).',
  targetsShareFolder: (first: string, second: string, folder: string) => `The targets ${first} and ${second} would write into the same folder ${folder}.`,
  targetsShareFolderHint: 'Scan for them one at a time, each with its own --out folder.',
  /** `pupils`: the first few, named; `more`: how many more there are (0 for none). */
  unknownKeepExposes: (count: number, target: string, pupils: string, more: number) =>
    `--unknown keep would publish ${count === 1 ? 'a pupil' : `${count} pupils`} without consent for ${target}, because ${count === 1 ? 'this pupil has' : 'they have'} no enrolled face and so look like strangers: ${pupils}${more > 0 ? ` and ${more} more` : ''}.`,
  unknownKeepHint: 'Enrol them first (privacy-filter enroll --portraits <folder> with a portrait of each), or choose --unknown blur, drop or review.',
  noRoster: 'No roster and no enrolled pupils found in this folder or above it.',
  noRosterHint: 'Run privacy-filter init --roster <csv> --portraits <folder> first, in the folder you work in.',
  noneEnrolled: 'No pupils are enrolled yet, so no face could be recognised.',
  noneEnrolledHint: 'Run privacy-filter init --roster <csv> --portraits <folder> first (or give scan --portraits).',
  photosFolderMissing: (folder: string) => `The photos folder ${folder} does not exist.`,
  photosFolderMissingHint: 'Check the spelling, or drag the folder onto the terminal window to paste its path.',
  photosFolderIsFile: (file: string) => `${file} is a file, not a folder.`,
  photosFolderIsFileHint: 'Give the folder that holds the photos.',
  folderInside: (inner: ScanFolderKind, innerFolder: string, same: boolean, outer: ScanFolderKind, outerFolder: string) =>
    `The ${inner} folder ${innerFolder} is ${same ? 'the same as' : 'inside'} the ${outer} folder ${outerFolder}.`,
  outsideInputHint: 'Choose an --out folder outside the photos folder, e.g. beside it; the originals are never changed.',
  outsideOutputHint: 'The output folder must hold only photos you can share: put the report and review folders beside it (--report).',
  separateFoldersHint: 'Choose separate folders for the output, the review photos and the report.',
  outputIsFile: (file: string) => `${file} is a file, not a folder.`,
  outputIsFileHint: 'Choose another --out or --report folder.',
  reportOfOtherScan: (report: string, input: string, output: string) => `The report folder ${report} belongs to a scan of ${input} into ${output}.`,
  reportOfOtherScanHint: 'Choose another --report folder (or --out), or delete the old report folder.',
  /** `was`: a scope ("public", "group 5b") or a purpose's name; `purpose` says which. */
  outputForOtherTarget: (output: string, was: string, purpose: boolean) =>
    `The output folder ${output} holds photos chosen for ${purpose ? `the purpose "${was}"` : was}, not for this scope.`,
  outputForOtherTargetHint: 'Use another --out folder for each scope (the default does that), or delete the old output folder.',
  /** `files`: the first three; `more`: how many more (0 for none). */
  foreignFiles: (kind: ScanFolderKind, folder: string, files: string, more: number) =>
    `The ${kind} folder ${folder} already holds files that this scan did not write: ${files}${more > 0 ? ` and ${more} more` : ''}.`,
  foreignOutputHint: 'Choose an empty or new --out folder: privacy-filter will not mix its photos with others, which may not be safe to share.',
  foreignFilesHint: (option: string) => `Choose an empty or new ${option} folder, or move those files away.`,
  // Warnings while a scan runs (issue 25).
  reviewOption: '--out (the review folder lies beside the output)',
  /** `shown`: "007 as 7, …" made with respelledAs. */
  respelled: (count: number, shown: string) =>
    `the roster writes ${count === 1 ? 'a pupil number' : `${count} pupil numbers`} with other leading zeros than enrolment did; taken as the same pupil${count === 1 ? '' : 's'} (${shown}). See docs/roster.md.`,
  respelledAs: (enrolled: string, roster: string) => `${enrolled} as ${roster}`,
  earlierNotAbsolute: (report: string) => `the list of earlier scans names ${report}, which is not an absolute folder: ignored.`,
  earlierGone: (report: string) => `the report folder ${report} of an earlier scan no longer exists: it is taken off the list of earlier scans.`,
  earlierUnreadable: (ledger: string) =>
    `${ledger} could not be read (missing, unreadable or damaged): that scan stays on the list of earlier scans ` +
    '(recheck needs it), but none of its files is reused. Restore the file, or delete the report folder if the scan is gone for good.',
  placedOutside: (kind: 'output' | 'review', file: string, source: string, folder: string) =>
    `the ${kind} file ${file} recorded for ${source} lies outside ${folder}: it was not removed.`,
  cannotOpen: (cause: string) => `the file cannot be opened (${cause})`,
  /** A report record's error (report.json/csv/html), in the report's language. */
  couldNotRemove: (file: string, problem: string) => `could not remove ${file} (${problem}); delete it by hand before sharing the output`,
  unexpectedError: (message: string) => `unexpected error: ${message}`,
};
