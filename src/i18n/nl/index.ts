/** De Nederlandse catalogus: dezelfde vorm als en/index.ts, gecontroleerd door de compiler. */
import type { Shape } from '../catalogue.js';
import type { en } from '../en/index.js';
import { common } from './common.js';
import { store } from './store.js';
import { storeCommands } from './commands-store.js';
import { report } from './report.js';
import { review } from './review.js';

export const nl: Shape<typeof en> = {
  common,
  store,
  storeCommands,
  report,
  review,
};
