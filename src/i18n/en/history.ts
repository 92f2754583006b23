/** What the record of earlier scans says when it is damaged (src/history/). */
export const history = {
  outsideFolder: (ledger: string, relative: string, source: string, dir: string) =>
    `${ledger} names ${relative} for ${source}, which is not a file inside ${dir}: ignored, nothing there was touched.`,
};
