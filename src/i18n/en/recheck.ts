/** What `recheck` prints (src/cli/recheck.ts). */
export const recheck = {
  noStore: 'There is no .privacy-filter folder here or above, so no earlier scans to check.',
  noStoreHint: 'Run recheck in the folder where you ran init and scan.',
  noRoster: 'No roster given and none recorded by init.',
  noRosterHint: 'Give the roster with --roster <csv>.',
  unchecked: {
    'report-folder-gone': 'the report folder is gone (deleted or moved), so what that scan published cannot be checked',
    'ledger-missing': "the report folder no longer holds the scan's record (.privacy-filter-scan.json)",
    'ledger-damaged': "the scan's record (.privacy-filter-scan.json) is damaged",
  },
  nothingRecorded: 'No earlier scans are recorded in this working folder: nothing to check.',
  checked: (scans: number, roster: string) =>
    `Checked the files ${scans === 1 ? 'one earlier scan' : `${scans} earlier scans`} published against ${roster}.`,
  scanFor: (target: string, input: string, output: string) => `Scan for ${target}: ${input} → ${output}`,
  nothingToTakeDown: '  nothing to take down',
  takeDown: (file: string) => `  TAKE DOWN ${file}`,
  published: (date: string) => ` (published ${date})`,
  unrecorded: (count: number) =>
    `  ${count} published ${count === 1 ? 'file was' : 'files were'} written by an older version that did not record who is in them: not checked. Run that scan again to check them.`,
  couldNotCheck: 'Could not check:',
  uncheckedAdvice: (count: number) =>
    `  What ${count === 1 ? 'that scan' : 'those scans'} published may show a pupil who may no longer be shown. Put the report folder back where the scan wrote it, or run that scan again (same photos, same --out) to write a new record; until then, look through ${count === 1 ? 'its' : 'their'} published photos yourself.`,
  allClear: 'Nothing must come down.',
  partlyClear: (count: number) =>
    `Nothing must come down from the scans that could be checked, but ${count === 1 ? 'one scan' : `${count} scans`} could not be checked (see above).`,
  mustComeDown: (count: number) =>
    `${count} published ${count === 1 ? 'file shows' : 'files show'} someone who may no longer be shown: take ${count === 1 ? 'it' : 'them'} down wherever ${count === 1 ? 'it was' : 'they were'} posted. Run the scan again for new copies.`,
};
