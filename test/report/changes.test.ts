/** The "Changed since the last scan" section of report.html: first on the page, with thumbnails, escaped. */
import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../src/report/html.js';
import type { PhotoRecord, ScanReport } from '../../src/report/types.js';
import { scanReport } from '../../scripts/report-options.js';

function report(changes: ScanReport['changes']): ScanReport {
  const photo: PhotoRecord = { source: 'a.jpg', decision: 'anonymised', output: 'a.jpg', review: null, imageSize: { width: 10, height: 10 }, faces: [], why: { kind: 'anonymised' }, error: null };
  return scanReport([photo], { purpose: 'Social media', backend: 'wasm', ...(changes !== undefined ? { changes } : {}) });
}

describe('report.html changes', () => {
  it('comes first, with the photo thumbnail, what to do, the date and the reason', () => {
    const html = reportHtml(
      report([
        { source: 'a.jpg', output: 'a.jpg', change: 'replaced', reason: 'consent for public withdrawn for <b>Lotte</b> (5b)', pupils: ['1'], publishedAt: '2026-06-12T09:30:00.000Z' },
        { source: 'gone.jpg', output: 'gone.jpg', change: 'withdrawn', reason: 'the photo is no longer in the photos folder', pupils: [], publishedAt: null },
      ]),
      [{ kind: 'ok', href: 'thumbs/0001.jpg' }],
      new Map(),
    );
    const changes = html.indexOf('<section id="changes">');
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThan(html.indexOf('<section id="anonymised"'));
    const section = html.slice(changes, html.indexOf('</section>', changes));
    expect(section).toContain('Changed since the last scan <span class="count">2</span>');
    expect(section).toContain('<img src="thumbs/0001.jpg"');
    expect(section).toContain('Replaced — replace the posted copy');
    expect(section).toContain('Withdrawn — take it down wherever it was posted');
    expect(section).toContain('published 12 June 2026');
    expect(section).toContain('&lt;b&gt;Lotte&lt;/b&gt;');
    expect(section).toContain('takedown.csv in this folder lists them');
    // A photo gone from the input has no thumbnail left.
    expect(section).toContain('<div class="placeholder">No preview</div>');
    expect(html).toContain('purpose “Social media” — public');
  });

  it('is left out when nothing changed, as after a first scan', () => {
    expect(reportHtml(report([]), [], new Map())).not.toContain('Changed since the last scan');
    expect(reportHtml(report(undefined), [], new Map())).not.toContain('Changed since the last scan');
  });
});
