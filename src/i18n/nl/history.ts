import type { Shape } from '../catalogue.js';
import type { history as en } from '../en/history.js';

export const history: Shape<typeof en> = {
  outsideFolder: (ledger: string, relative: string, source: string, dir: string) =>
    `${ledger} noemt ${relative} bij ${source}, en dat is geen bestand in ${dir}: overgeslagen, daar is niets aangeraakt.`,
};
