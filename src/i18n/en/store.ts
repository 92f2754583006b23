/** The store (`.privacy-filter/`): its documents, encryption, passphrase, retention and a pupil's data (src/store/). */
export const store = {
  // A damaged document, and how each one is rebuilt.
  documentAltered: 'This file of privacy-filter was altered or is incomplete: it does not decrypt (a truncated copy, a disk error, or an edit).',
  documentDamaged: 'This file of privacy-filter is damaged (perhaps an interrupted copy or a manual edit).',
  rebuildConfig: 'Run privacy-filter enroll --roster <csv> --portraits <folder> (or init) again to rebuild it.',
  rebuildTemplates: 'The enrolled faces cannot be rebuilt from it: restore .privacy-filter from a backup, or run privacy-filter enroll again.',
  rebuildScans: 'Delete it: it only lists the report folders of earlier scans, and the next scan starts a new list.',
  rebuildSettings: 'Delete it and set the retention again with privacy-filter config --retention <days>.',
  rebuildOther: 'Restore it from a backup, or delete it.',
  cacheEntryDamaged: (file: string) => `${file} was altered or damaged; the photo is analysed again.`,
  // For corrections.ts and cache.ts, which other work changes at the same time: they still say these in English.
  correctionsDamaged: 'The file with your corrections is damaged (perhaps an interrupted copy or a manual edit).',
  correctionsDamagedHint: 'Restore it from a backup, or delete it and make the corrections again in privacy-filter review.',
  cacheEntryOutside: (file: string, dir: string) => `the analysis cache entry ${file} would lie outside ${dir} (a symbolic link?): it was not used.`,
  otherDescriber: 'The enrolled faces were made with another version of the face recogniser and cannot be compared.',
  otherDescriberHint: 'Run privacy-filter enroll again to re-enrol every pupil with this version.',

  // Opening, converting and sweeping.
  encryptedAlready: 'This store is encrypted already; --no-encrypt only applies to a new store.',
  encryptedAlreadyHint: 'Leave out --no-encrypt. Nothing was changed.',
  lostVault: (files: string, more: number) =>
    `vault.json is missing, but the store holds encrypted files (${files}${more > 0 ? `, and ${more} more` : ''}): without vault.json they cannot be opened, not even with the passphrase.`,
  lostVaultHint: (storeDir: string) =>
    `Restore vault.json into ${storeDir} from a backup (or copy the whole .privacy-filter folder again). Nothing was changed or deleted. ` +
    'Only if there is no backup: privacy-filter forget --all --lost-passphrase erases the store, and you enrol again.',
  encryptedStore: (storeDir: string, files: number) =>
    `Encrypted the store in ${storeDir} (${files} file${files === 1 ? '' : 's'}); the plain files are removed. ` +
    'The analysis cache was emptied: the next scan analyses its photos again.',
  plainFileIgnored: (file: string) => `${file} is not encrypted and is ignored (the store is encrypted); delete it.`,
  sweptCache: (removed: number, cacheDir: string) =>
    `Deleted ${removed} analysis${removed === 1 ? '' : 'es'} of photos older than the retention from ${cacheDir}.`,

  // The passphrase.
  noTerminalForNewPassphrase: 'Which new passphrase? There is no terminal to ask it in.',
  noTerminalForNewPassphraseHint: (newEnv: string, env: string) =>
    `Run privacy-filter passphrase in a terminal, or set ${newEnv} (and ${env} to the current one).`,
  noTerminalToChoosePassphrase: 'The enrolled faces are stored encrypted, under a passphrase you choose, and there is no terminal to ask it in.',
  noTerminalToUnlock: 'The enrolled faces here are encrypted, and there is no terminal to ask the passphrase in.',
  noTerminalHint: (env: string) => `Set ${env} to the passphrase (for batch jobs), or run the command in a terminal. Nothing was changed.`,
  passphraseTooShort: (min: number) => `The passphrase must have at least ${min} characters.`,
  passphraseTooShortHint: 'Choose a longer one, e.g. four unrelated words. Nothing was changed.',
  vaultDamaged: 'vault.json, which holds the key of the encrypted store, is damaged.',
  vaultDamagedHint: 'Restore .privacy-filter from a backup; without it the enrolled faces cannot be read. Or erase the folder and enrol again.',
  wrongPassphrase: 'The passphrase is wrong: it does not open the encrypted store.',
  wrongPassphraseHint: (env: string) =>
    `Check ${env}, or type it again. If it is lost, the enrolled faces cannot be recovered: erase the store with privacy-filter forget --all --lost-passphrase and run init again. Nothing was changed.`,

  // A pupil's data, and its age.
  nothingHeld: (id: string) => `Nothing is held about pupil number "${id}": no enrolled face, no correction. Nothing was erased.`,
  nothingHeldHint: 'Check the number against the roster; privacy-filter show <pupil number> tells what is held.',
  oldPortraitsHeading: 'Portraits older than a school year (children change; a recent portrait is recognised better):',
  oldTemplatesHeading: 'Enrolled more than a school year ago and not renewed now: enrol them from a new portrait, or forget them if they left:',
  enrolledOn: (pupil: string, date: string) => `${pupil}: enrolled ${date}`,
};
