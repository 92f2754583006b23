/** De Nederlandse catalogus: dezelfde vorm als en/index.ts, gecontroleerd door de compiler. */
import type { Shape } from '../catalogue.js';
import type { en } from '../en/index.js';
import { common } from './common.js';
import { report } from './report.js';
import { review } from './review.js';

export const nl: Shape<typeof en> = { common, report, review };
