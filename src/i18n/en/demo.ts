/** What `demo` prints (src/demo/demo.ts). */
export const demo = {
  noFixtures: 'The demo photos are not here.',
  noFixturesHint: 'Run the demo from a checkout of privacy-filter (they live in fixtures/demo).',
  folderTaken: (dir: string) => `${dir} already holds other files; the demo needs a folder of its own.`,
  folderTakenHint: 'Give another --folder, or remove that folder.',
  runsIn: (dir: string) => `The demo runs in ${dir}: an invented roster of six pupils, two portraits, three photos.`,
  stepRoster: 'Check the roster',
  stepInit: 'Enrol the pupils from their portraits',
  stepScan: 'Scan the photos for the school website',
  step: (what: string, command: string) => `== ${what}: ${command}`,
  whereEverythingIs: 'Where everything is:',
  store: (dir: string) => `  ${dir}   the enrolled faces (descriptors only; never share this folder)`,
  output: (dir: string) => `  ${dir}   the copy you may publish: "Joe" (no consent) anonymised, "Barack" kept`,
  report: (file: string) => `  ${file}   the report to look through`,
  next: 'Next, look through the scan and correct it in your browser:',
  passphrase: (passphrase: string) =>
    `  (The demo's faces are encrypted under the demo passphrase, "${passphrase}": the command gives it, so nothing asks you for one.`,
  ownPassphrase: '  For real pupils, init asks you to choose your own passphrase.)',
};
