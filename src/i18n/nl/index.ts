/** De Nederlandse catalogus: dezelfde vorm als en/index.ts, gecontroleerd door de compiler. */
import type { Shape } from '../catalogue.js';
import type { en } from '../en/index.js';
import { common } from './common.js';
import { store } from './store.js';
import { storeCommands } from './commands-store.js';
import { video } from './video.js';

export const nl: Shape<typeof en> = {
  common,
  store,
  storeCommands,
  video,
};
