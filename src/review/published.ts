/**
 * The published copy of a photo, for the review page's "preview as published": only a file this scan wrote and that
 * is still what it wrote. The page must never show something else as "what goes out" — a file put there by hand, a
 * link to the original, or a path an edited report.json points outside the output folder — so each of these gives
 * null, and the server answers 404.
 */
import { hashFile } from '../store/cache.js';
import { resolveInside } from '../paths.js';
import type { ReportFile } from '../report/decode.js';
import { readLedger } from '../history/ledger.js';

/**
 * The output file of the report's photo `index`, or null when there is none the scan can vouch for: nothing was
 * published, the scan's ledger does not name this file for this photo, the path leads outside the output folder (a
 * link too), or its bytes are no longer those the scan wrote (sha256 in the ledger).
 */
export async function publishedFile(reportDir: string, report: Pick<ReportFile, 'output' | 'photos'>, index: number): Promise<string | null> {
  const photo = Number.isInteger(index) ? report.photos[index] : undefined;
  if (photo === undefined || photo.output === null) return null;
  const ledger = await readLedger({ report: reportDir }, () => undefined);
  if (ledger === null || ledger.output !== report.output || ledger.outputs[photo.source] !== photo.output) return null;
  const sha256 = ledger.renders?.[photo.source]?.sha256;
  if (typeof sha256 !== 'string') return null;
  const file = await resolveInside(report.output, photo.output);
  if (file === null) return null;
  const actual = await hashFile(file).catch(() => null);
  return actual === sha256 ? file : null;
}
