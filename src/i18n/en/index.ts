/**
 * The English catalogue: it sets the shape every other language follows. One file per part of the tool (add yours
 * beside these and list it here and in nl/index.ts), so parallel work on different parts does not collide.
 */
import { common } from './common.js';
import { store } from './store.js';
import { storeCommands } from './commands-store.js';
import { video } from './video.js';

export const en = {
  common,
  store,
  storeCommands,
  video,
};
