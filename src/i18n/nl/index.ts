/** De Nederlandse catalogus: dezelfde vorm als en/index.ts, gecontroleerd door de compiler. */
import type { Shape } from '../catalogue.js';
import type { en } from '../en/index.js';
import { common } from './common.js';
import { store } from './store.js';
import { storeCommands } from './commands-store.js';
import { video } from './video.js';
import { report } from './report.js';
import { review } from './review.js';
import { scan } from './scan.js';
import { enrol } from './enrol.js';
import { videoFiles } from './video-files.js';
// i18n-cli: the CLI's own parts
import { cli } from './cli.js';
import { commands } from './commands.js';
import { roster } from './roster.js';
import { policy } from './policy.js';
import { scanSummary } from './scanSummary.js';
import { progress } from './progress.js';
import { demo } from './demo.js';
import { system } from './system.js';
import { doctor } from './doctor.js';
import { recheck } from './recheck.js';
import { correct } from './correct.js';
import { faces } from './faces.js';
import { images } from './images.js';
import { history } from './history.js';

export const nl: Shape<typeof en> = {
  common,
  store,
  storeCommands,
  video,
  report,
  review,
  scan,
  enrol,
  videoFiles,
  // i18n-cli
  cli,
  commands,
  roster,
  policy,
  scanSummary,
  progress,
  demo,
  system,
  doctor,
  recheck,
  correct,
  faces,
  images,
  history,
};
