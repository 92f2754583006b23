/** Exit codes, documented in the README. */
export const EXIT = Object.freeze({
  /** Everything decided; the output is complete. */
  ok: 0,
  /** Something the user can fix: bad roster, missing folder, wrong option. Nothing was written. */
  userError: 2,
  /** Wrong command-line usage. */
  usage: 2,
  /** The scan finished, but some photos need a person to look at them (see the review folder). */
  review: 3,
  /** The scan finished, but some photos could not be read; they were not published. */
  photoErrors: 4,
  /** `recheck`: nothing to take down among the scans it could check, but some could not be checked (the output says which). */
  notChecked: 4,
  /** `recheck`: files published earlier show a pupil who may no longer be shown; take them down (the output says which). */
  takedown: 5,
  /** Stopped with Ctrl-C or a kill: the report lists the photos done; run the same command again to finish. 128 + SIGINT, as shells report it. */
  interrupted: 130,
  /** A bug. */
  bug: 70,
});
