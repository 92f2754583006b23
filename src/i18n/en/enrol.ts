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
};
