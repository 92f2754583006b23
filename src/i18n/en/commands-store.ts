/** The commands on the store: show, forget, passphrase, config (src/cli/show.ts … config.ts, store-access.ts). */
const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const storeCommands = {
  noStore: (storeDir: string) => `There is no ${storeDir} folder here or above: nothing is enrolled.`,
  noStoreHint: (command: string) => `Run ${command} in the folder where you ran privacy-filter init (or enroll).`,

  show: {
    description: "Tell what privacy-filter holds about one pupil (a parent's right of access): enrolled faces, corrections, reports naming them.",
    idArgument: 'the pupil number as in the roster',
    jsonOption: 'print it as JSON',
    where: (dir: string, encrypted: boolean) => `${dir}${encrypted ? ' (encrypted)' : ' (NOT encrypted)'}`,
    holdsNothing: (where: string, id: string) => `${where} holds nothing about pupil ${id}: no enrolled face, no learned face, no correction.`,
    holds: (where: string, id: string) => `What ${where} holds about pupil ${id}:`,
    enrolledNone: '  Enrolled faces: none.',
    enrolled: (portraits: number, date: string | null) =>
      `  Enrolled faces: ${count(portraits, 'portrait', 'portraits')} (descriptors only, never the photos), enrolled ${date ?? 'at an unknown date'}.`,
    correctionsNone: '  Learned faces and corrections: none.',
    corrections: (n: number, learned: number, latest: string) =>
      `  Corrections naming them: ${n} (${count(learned, 'learned face', 'learned faces')}), the latest on ${latest}.`,
    cache: (days: number) => `The analysis cache holds the faces found in scanned photos and clips without any name; each is deleted ${days} days after the analysis.`,
    reportsNone: 'Reports of earlier scans that name them: none.',
    reports: 'Reports of earlier scans that name them (outside the store: you decide whether to keep them):',
    /** `photos` names the first few of `total`; `more` is how many it leaves out. */
    report: (folder: string, date: string, scope: string, total: number, photos: string, more: number) =>
      `  ${folder} (${date}, ${scope}): ${count(total, 'photo', 'photos')}: ${photos}${more > 0 ? `, and ${more} more` : ''}`,
  },

  forget: {
    description: 'Erase what is held about pupils: when they leave the school or their parents ask.',
    idsArgument: 'pupil numbers as in the roster',
    notOnRosterOption: 'erase every enrolled pupil the roster no longer lists (pupils who left)',
    rosterOption: 'with --not-on-roster: this roster export instead of the one from init',
    allOption: 'erase every enrolled face, correction, the list of earlier scans and the analysis cache (asks first)',
    yesOption: 'with --all: erase without asking (for batch jobs, where there is no terminal to ask in)',
    lostPassphraseOption: 'with --all: the passphrase is lost, so erase the whole store, its key included, without it; then run init again',
    idsAndAll: 'Give pupil numbers, or --all / --not-on-roster, not both.',
    rosterAlone: '--roster goes with --not-on-roster.',
    yesAlone: '--yes and --lost-passphrase go with --all.',
    whichPupils: 'Which pupils? Give one or more pupil numbers, --not-on-roster, or --all.',
    whichPupilsHint: 'For example: privacy-filter forget 1234 1235',
    whichRoster: 'Which roster? None was given and none was saved by init.',
    whichRosterHint: 'Add --roster <export.csv>.',
    allOnRoster: (roster: string) => `Every enrolled pupil is on ${roster}: nothing was erased.`,
    notOnRoster: (n: number, roster: string, ids: string) => `${count(n, 'enrolled pupil', 'enrolled pupils')} no longer on ${roster}: ${ids}.`,
    erasedFace: (id: string, portraits: number) => `Erased the enrolled face of pupil ${id} (${count(portraits, 'portrait', 'portraits')}).`,
    erasedCorrections: (id: string, n: number) => `Erased ${count(n, 'correction', 'corrections')} naming pupil ${id}, with the faces learned from them.`,
    reportsStillName: (id: string) => `  Reports outside the store still name ${id}; delete them if they must go too:`,
    report: (folder: string, date: string, photos: number) => `    ${folder} (${date}, ${count(photos, 'photo', 'photos')})`,
    noLongerRecognised: 'A scan no longer recognises them; privacy-filter show <pupil number> confirms that nothing is held.',
    cacheRemains: 'The analysis cache still holds the unnamed faces found in scanned photos and clips until its retention ends; privacy-filter forget --all erases it now.',
    allHeading: (dir: string) => `forget --all erases, in ${dir}:`,
    allFaces: (pupils: number | null) =>
      `  - the enrolled faces (${pupils === null ? 'every pupil' : count(pupils, 'pupil', 'pupils')}): a scan then recognises nobody and blurs every face;`,
    allCorrections: '  - every correction made on the review page or with correct, and the faces learned from them;',
    allScans: (folders: number | null) =>
      `  - the list of earlier scans (${folders === null ? 'report folders' : count(folders, 'report folder', 'report folders')}): recheck can then no longer check the photos those scans published, nor tell which to take down when consent changes;`,
    allCache: '  - the analysis cache (the faces found in scanned photos and clips): the next scan analyses them again.',
    allKey: '  - and, because the passphrase is lost, the key (vault.json) and the set-up (roster, portraits folder, retention): run privacy-filter init again.',
    allKept: (encrypted: boolean) => `  Kept: the set-up (roster, portraits folder, retention)${encrypted ? ' and the passphrase' : ''}.`,
    allNotTouched: '  Not touched: the report folders of earlier scans (they name pupils; delete them yourself if they must go too).',
    noTerminal: 'There is no terminal to confirm it in.',
    noTerminalHint: 'Add --yes to erase all of it (in a batch job), or run the command in a terminal. Nothing was erased.',
    confirm: (word: string) => `This cannot be undone. Type ${word} to erase it all: `,
    notConfirmed: 'Not confirmed: nothing was erased.',
    notConfirmedHint: (word: string) => `Type ${word} to erase, or add --yes.`,
    erasedEverything: (dir: string) => `Erased everything in ${dir}, its key included. Run privacy-filter init to start again with a new passphrase.`,
    erasedAll: (dir: string) => `Erased every enrolled face, correction, the list of earlier scans and the analysis cache in ${dir}.`,
    recheckCannot: 'recheck can no longer check the scans run before now; the report folders of those scans are still where they were.',
  },

  passphrase: {
    description: 'Change the passphrase of the store (without enrolling again), or encrypt a store that is not encrypted.',
    changed: (dir: string) => `Changed the passphrase of ${dir}. The enrolled faces are unchanged; use the new passphrase from now on.`,
    encrypted: (dir: string) => `Encrypted ${dir} under the passphrase; the plain files are removed.`,
    askUnlock: (storeDir: string) => `Passphrase of ${storeDir}: `,
    askNew: (storeDir: string, min: number) =>
      `Choose a passphrase for the enrolled faces in ${storeDir}\n(at least ${min} characters; it cannot be recovered, so keep it safe): `,
    askChange: 'New passphrase: ',
    askAgain: 'Type it again: ',
    differ: 'The two passphrases differ. Nothing was changed.',
    differHint: 'Run the command again and type the same passphrase twice.',
    stopped: 'Stopped: no passphrase was given. Nothing was changed.',
  },

  config: {
    description: 'Show how the store is set up, or change how long it keeps the analyses of photos.',
    retentionOption: (min: number, max: number) => `days the analysis of a photo (the faces found in it) is kept, ${min}-${max}`,
    badRetention: (min: number, max: number, value: string) => `Expected a whole number of days from ${min} to ${max} but received "${value}".`,
    retentionSet: (days: number, removed: number) => `The analysis of a photo is now kept ${days} days.${removed > 0 ? ` Deleted ${removed} older ones.` : ''}`,
    store: 'Store',
    encrypted: 'Encrypted',
    encryptedYes: 'yes (AES-256-GCM, key from your passphrase by scrypt)',
    encryptedNo: 'NO (made with init --no-encrypt; privacy-filter passphrase encrypts it)',
    retention: 'Retention',
    retentionDays: (days: number) => `analyses of photos are kept ${days} days`,
    roster: 'Roster',
    rosterNone: '(none yet)',
    portraits: 'Portraits',
    portraitsNone: '(none)',
  },
};
