/** De Nederlandse catalogus: dezelfde vorm als en/index.ts, gecontroleerd door de compiler. */
import type { Shape } from '../catalogue.js';
import type { en } from '../en/index.js';
import { common } from './common.js';
import { enrol } from './enrol.js';
import { scan } from './scan.js';

export const nl: Shape<typeof en> = { common, scan, enrol };
