/**
 * report.html: a contact sheet the teacher looks through offline. One file, no scripts, no external CSS or fonts;
 * thumbnails sit next to it in `thumbs/`. Face boxes are positioned in percent of the photo, so they fit the
 * thumbnail whatever its pixel size. Pure: builds the page from the report, the thumbnails and the names.
 */
import type { CorrectionTag, FaceStatus, PhotoDecision } from '../policy/types.js';
import { THUMB_DEFAULTS, type Thumb } from './thumbs.js';
import { CORRECTION_TEXT, faceReasonText, photoReasonText, skipReasonText } from './reasons.js';
import { DECISION_ORDER } from './text.js';
import type { ChangeRecord } from './history.js';
import type { FaceRecord, PhotoRecord, ScanReport } from './types.js';

/** Exported for the review page (src/review/labels.ts), which shows the same colours and words. */
export const STATUS_COLOUR: Readonly<Record<FaceStatus, string>> = {
  consented: '#1a7f37',
  'not-consented': '#cf222e',
  uncertain: '#d97706',
  unknown: '#57606a',
  'too-small': '#8250df',
};

export const STATUS_TEXT: Readonly<Record<FaceStatus, string>> = {
  consented: 'consent',
  'not-consented': 'no consent',
  uncertain: 'uncertain',
  unknown: 'unknown',
  'too-small': 'too small',
};

const DECISION_TITLE: Record<PhotoDecision, string> = {
  review: 'To review — a person must look at these (copies in the review folder)',
  error: 'Could not be read — not published',
  dropped: 'Dropped — not published',
  anonymised: 'Published with faces anonymised',
  publish: 'Published as they are',
};

export function reportHtml(report: ScanReport, thumbs: readonly Thumb[], names: ReadonlyMap<string, string>): string {
  const sections = DECISION_ORDER.map((decision) => {
    const photos = report.photos.flatMap((photo, index) => (photo.decision === decision ? [{ photo, thumb: thumbs[index] ?? none }] : []));
    if (photos.length === 0) return '';
    return `<section id="${decision}" class="decision-${decision}">
<h2>${esc(DECISION_TITLE[decision])} <span class="count">${photos.length}</span></h2>
<div class="grid">
${photos.map(({ photo, thumb }) => photoCard(photo, thumb, names)).join('\n')}
</div>
</section>`;
  }).join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>privacy-filter report — ${esc(report.scope)}${report.className === null ? '' : ` ${esc(report.className)}`}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${header(report)}
${changesSection(report, thumbs)}
${sections.trim() === '' ? '<p>No photos were scanned.</p>' : sections}
${skippedSection(report)}
</body>
</html>
`;
}

const none: Thumb = { kind: 'none' };
/** Portrait photos are shown at most this high, so one does not fill the screen. */
const THUMB_HEIGHT = THUMB_DEFAULTS.longSide;

function header(report: ScanReport): string {
  const s = report.summary;
  const counts: [PhotoDecision, number][] = [['review', s.review], ['error', s.error], ['dropped', s.dropped], ['anonymised', s.anonymised], ['publish', s.publish]];
  const interrupted = report.interrupted
    ? '<p class="warning">The scan was stopped before the end: this report lists only the photos done so far.</p>'
    : '';
  return `<header>
<h1>privacy-filter report</h1>
<p class="warning"><strong>Do not share this report folder.</strong> The thumbnails below show the <em>original</em> photos,
with every face visible. Share only the output folder.</p>
${interrupted}
<dl class="facts">
<dt>Scope</dt><dd>${report.purpose == null ? '' : `purpose “${esc(report.purpose)}” — `}${esc(report.scope)}${report.className === null ? '' : ` — class ${esc(report.className)}`}</dd>
<dt>Scanned</dt><dd>${esc(formatDate(report.startedAt))}</dd>
<dt>Photos</dt><dd>${s.photos} photos, ${s.faces} faces</dd>${peopleFact(report)}
<dt>Input</dt><dd><code>${esc(report.input)}</code></dd>
<dt>Output</dt><dd><code>${esc(report.output)}</code></dd>
<dt>Review</dt><dd><code>${esc(report.reviewDir)}</code></dd>
</dl>
<nav class="counts">${counts.map(([d, n]) => `<a href="#${d}" class="decision-${d}"><span class="n">${n}</span> ${d === 'publish' ? 'published' : d}</a>`).join('')}${(s.skipped ?? 0) > 0 ? `<a href="#skipped"><span class="n">${s.skipped ?? 0}</span> not processed</a>` : ''}</nav>
<p class="legend">${(Object.keys(STATUS_COLOUR) as FaceStatus[]).map((st) => `<span><i style="border-color:${STATUS_COLOUR[st]}"></i>${esc(STATUS_TEXT[st])}</span>`).join(' ')}
— a dashed box is anonymised in the output.</p>
</header>`;
}

/** How many faces nobody was matched to, in how many people groups, and how to name a group at once; empty when none. */
function peopleFact(report: ScanReport): string {
  const groups = new Set(report.photos.flatMap((photo) => photo.faces.flatMap((face) => (face.group == null ? [] : [face.group]))));
  if (groups.size === 0) return '';
  const faces = report.photos.reduce((n, photo) => n + photo.faces.filter((face) => face.group != null).length, 0);
  return `\n<dt>People</dt><dd>${faces} face${faces === 1 ? '' : 's'} nobody was matched to, grouped into ${groups.size} ${groups.size === 1 ? 'person' : 'people'}; name a whole group at once with <code>privacy-filter correct --group &lt;group&gt; &lt;pupil number | not-a-pupil | blur&gt;</code></dd>`;
}

const CHANGE_TEXT: Record<ChangeRecord['change'], string> = {
  withdrawn: 'Withdrawn — take it down wherever it was posted',
  replaced: 'Replaced — replace the posted copy with the new one',
  new: 'New — published now, not by the last scan',
};

/** First on the page: what the teacher must do about photos already shared. Empty for a first scan. */
function changesSection(report: ScanReport, thumbs: readonly Thumb[]): string {
  const changes = report.changes ?? [];
  if (changes.length === 0) return '';
  const thumbOf = new Map(report.photos.map((photo, index) => [photo.source, thumbs[index] ?? none]));
  const cards = changes.map((change) => {
    const thumb = thumbOf.get(change.source) ?? none;
    const href = thumb.kind === 'ok' ? thumb.href : thumb.kind === 'strip' ? thumb.hrefs[0] : undefined;
    const picture = href !== undefined ? `<img src="${esc(href)}" alt="${esc(change.source)}" loading="lazy">` : '<div class="placeholder">No preview</div>';
    const when = change.publishedAt === null ? '' : `, published ${esc(formatDate(change.publishedAt))}`;
    return `<figure class="card change change-${change.change}"><h3 title="${esc(change.source)}">${esc(change.source)}</h3>
<div class="photo thumb">${picture}</div>
<figcaption><p class="where"><strong>${esc(CHANGE_TEXT[change.change])}</strong>: <code>${esc(change.output)}</code>${when}</p>
<ul class="reasons"><li>${esc(change.reason)}</li></ul></figcaption></figure>`;
  });
  const mustAct = changes.filter((change) => change.change !== 'new').length;
  const note =
    mustAct > 0
      ? `<p class="warning">${mustAct} published ${mustAct === 1 ? 'photo has' : 'photos have'} changed: take down or replace the copies you posted. takedown.csv in this folder lists ${mustAct === 1 ? 'it' : 'them'}.</p>`
      : '';
  return `<section id="changes">
<h2>Changed since the last scan <span class="count">${changes.length}</span></h2>
${note}
<div class="grid">
${cards.join('\n')}
</div>
</section>`;
}

/** Last on the page: the files of the folder that were not processed, so the teacher knows the folder is not all done. */
function skippedSection(report: ScanReport): string {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) return '';
  return `<section id="skipped">
<h2>Not processed — not checked and not in the output <span class="count">${skipped.length}</span></h2>
<ul class="skipped">
${skipped.map((file) => `<li><code>${esc(file.file)}</code>: ${esc(skipReasonText(file.reason))}</li>`).join('\n')}
</ul>
</section>`;
}

function photoCard(photo: PhotoRecord, thumb: Thumb, names: ReadonlyMap<string, string>): string {
  const title = `<h3 title="${esc(photo.source)}">${esc(photo.source)}</h3>`;
  if (photo.decision === 'error' || photo.imageSize === null) {
    return `<figure class="card">${title}<p class="error">${esc(photo.error ?? 'This photo could not be read.')}</p>${reasonList(photo, names)}</figure>`;
  }
  if (photo.kind === 'video') return clipCard(photo, thumb, names, title);
  const size = photo.imageSize;
  const boxes = photo.faces.map((face, index) => faceBox(face, index, size, names)).join('');
  const picture = (() => {
    switch (thumb.kind) {
      case 'ok':
        return `<img src="${esc(thumb.href)}" alt="${esc(photo.source)}" loading="lazy">`;
      case 'failed':
        return `<div class="placeholder">No preview: ${esc(thumb.message)}</div>`;
      case 'none':
      case 'strip':
        return '<div class="placeholder">No preview</div>';
    }
  })();
  const where = photo.output !== null
    ? `<p class="where">→ <code>${esc(photo.output)}</code></p>`
    : photo.review !== null ? `<p class="where">→ review: <code>${esc(photo.review)}</code></p>` : '';
  return `<figure class="card">${title}
<div class="photo" style="aspect-ratio:${size.width} / ${size.height};width:min(100%, ${Math.round((THUMB_HEIGHT * size.width) / size.height)}px)">${picture}${boxes}</div>
<figcaption>${where}${reasonList(photo, names)}</figcaption>
</figure>`;
}

/**
 * A clip: what it is, then a strip of its tracks, one picture each (the face at its best view, unblurred) with its
 * number, who, the decision and when it is on screen; the reasons below as for a photo.
 */
function clipCard(photo: PhotoRecord, thumb: Thumb, names: ReadonlyMap<string, string>, title: string): string {
  const facts = photo.clip === undefined ? '' : `<p class="clip-facts">video, ${photo.clip.duration.toFixed(1)} s, ${photo.clip.frames} frames · ${photo.clip.sound === 'kept' ? 'sound kept' : photo.clip.sound === 'muted' ? 'sound left out (--mute)' : 'no sound'}</p>`;
  const tiles = photo.faces.map((face, index) => {
    const who = face.pupil === null ? '' : names.get(face.pupil) ?? face.pupil;
    const when = face.track === undefined ? '' : `${face.track.from.toFixed(1)}–${face.track.to.toFixed(1)} s`;
    const label = [`${index + 1}`, face.status === 'uncertain' && who !== '' ? `${who}?` : who, STATUS_TEXT[face.status], face.action, correctionLabel(face), when]
      .filter((part) => part !== '')
      .join(' · ');
    const href = thumb.kind === 'strip' ? thumb.hrefs[index] : undefined;
    const picture = href === undefined ? `<div class="placeholder">${thumb.kind === 'failed' ? `No preview: ${esc(thumb.message)}` : 'No preview'}</div>` : `<img src="${esc(href)}" alt="${esc(`${photo.source}, face ${index + 1}`)}" loading="lazy">`;
    return `<figure class="track ${face.action}" style="--c:${STATUS_COLOUR[face.status]}" title="${esc(faceReasonText(face.reason, names))}">${picture}<figcaption>${esc(label)}</figcaption></figure>`;
  });
  const where = photo.output !== null
    ? `<p class="where">→ <code>${esc(photo.output)}</code></p>`
    : photo.review !== null ? `<p class="where">→ review: <code>${esc(photo.review)}</code></p>` : '';
  return `<figure class="card clip">${title}${facts}
<div class="strip">${tiles.length === 0 ? '<p class="placeholder-text">No faces found in any frame.</p>' : tiles.join('')}</div>
<figcaption>${where}${reasonList(photo, names)}</figcaption>
</figure>`;
}

function faceBox(face: FaceRecord, index: number, size: { width: number; height: number }, names: ReadonlyMap<string, string>): string {
  const pct = (value: number, of: number): string => `${clamp((value / of) * 100).toFixed(3)}%`;
  const left = clamp(face.box.x / size.width * 100);
  const top = clamp(face.box.y / size.height * 100);
  const style = [
    `left:${pct(face.box.x, size.width)}`,
    `top:${pct(face.box.y, size.height)}`,
    `width:${(Math.min(100 - left, clamp(face.box.width / size.width * 100))).toFixed(3)}%`,
    `height:${(Math.min(100 - top, clamp(face.box.height / size.height * 100))).toFixed(3)}%`,
    `--c:${STATUS_COLOUR[face.status]}`,
  ].join(';');
  const who = face.pupil === null ? '' : names.get(face.pupil) ?? face.pupil;
  const label = [`${index + 1}`, face.status === 'uncertain' && who !== '' ? `${who}?` : who, STATUS_TEXT[face.status], face.action, correctionLabel(face)]
    .filter((part) => part !== '')
    .join(' · ');
  const tooltip = [faceReasonText(face.reason, names), face.distance === null ? '' : `distance ${face.distance.toFixed(3)}`]
    .filter((line) => line !== '')
    .join('\n');
  // Labels of faces near the top go below their box, and of faces on the right end at its right edge, so they are not cut off.
  const place = `${top < 8 ? ' below' : ''}${left > 50 ? ' right' : ''}`;
  return `<div class="face ${face.action}${place}" style="${style}" title="${esc(tooltip)}"><span>${esc(label)}</span></div>`;
}

/** "named by you" where the teacher's correction decided the face (review, `correct`). */
export function correctionLabel(face: Pick<FaceRecord, 'correction' | 'reason'>): string {
  if (face.correction === null || face.reason.correction?.overruled === true) return '';
  return correctedTag(face.correction);
}

/** A face's tag when the teacher's correction decided it, in report.html and on the review page. */
export function correctedTag(correction: CorrectionTag): string {
  return correction === 'pupil' ? 'named by you' : `${CORRECTION_TEXT[correction]} — named by you`;
}

/** The reasons under the photo; a line about a face gets that face's colour, to find it among overlapping labels. */
function reasonList(photo: PhotoRecord, names: ReadonlyMap<string, string>): string {
  const items = [
    `<li>${esc(photoReasonText(photo.why))}</li>`,
    ...photo.faces.map(
      (face, index) =>
        `<li style="--c:${STATUS_COLOUR[face.status]}" class="of-face">${esc(`face ${index + 1}: ${faceReasonText(face.reason, names)}${face.group == null ? '' : ` — group ${face.group}`}`)}</li>`,
    ),
  ];
  return `<ul class="reasons">${items.join('')}</ul>`;
}

function clamp(percent: number): number {
  return Math.max(0, Math.min(100, percent));
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('nl-NL', { dateStyle: 'long', timeStyle: 'short' });
}

/** File names, class names and pupil names come from users: everything goes through here, in text and attributes. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export const REPORT_CSS = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#1f2328;background:#f6f8fa}
h1{margin:.2em 0}
h2{border-bottom:2px solid #d0d7de;padding-bottom:4px;margin-top:32px}
h2 .count{font-weight:normal;color:#57606a}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.counts a{text-decoration:none;color:inherit;background:#fff;border:1px solid #d0d7de;border-left:6px solid var(--d);border-radius:6px;padding:4px 12px}
.counts .n{font-size:1.3em;font-weight:700}
.decision-review{--d:#d97706}.decision-error{--d:#6e7781}.decision-dropped{--d:#cf222e}.decision-anonymised{--d:#0969da}.decision-publish{--d:#1a7f37}
section h2{border-bottom-color:var(--d)}
.legend span{margin-right:12px;white-space:nowrap}
.legend i{display:inline-block;width:14px;height:14px;border:3px solid;margin-right:4px;vertical-align:-2px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
.card{margin:0;background:#fff;border:1px solid #d0d7de;border-top:4px solid var(--d);border-radius:6px;padding:8px;min-width:0}
.card h3{font-size:14px;margin:0 0 6px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.photo{position:relative;margin:0 auto;background:#eaeef2;overflow:hidden}
.photo img{display:block;width:100%;height:100%}
.placeholder{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#57606a;padding:12px;text-align:center}
.face{position:absolute;border:3px solid var(--c);box-shadow:0 0 0 1px rgba(255,255,255,.7)}
.face.anonymised{border-style:dashed}
.face span{position:absolute;left:-3px;bottom:100%;background:var(--c);color:#fff;font-size:11px;line-height:1.3;padding:1px 4px;white-space:nowrap;max-width:260px;overflow:hidden;text-overflow:ellipsis}
.face.below span{bottom:auto;top:100%}
.face.right span{left:auto;right:-3px}
.reasons li.of-face::marker{color:var(--c);font-size:1.3em}
.where{margin:6px 0 0;font-size:13px;overflow-wrap:anywhere}
.reasons{margin:4px 0 0;padding-left:18px;font-size:13px;color:#424a53}
.error{color:#cf222e;font-weight:600}
.change-withdrawn{--d:#cf222e}.change-replaced{--d:#d97706}.change-new{--d:#1a7f37}
.photo.thumb img{height:auto}
.clip-facts{margin:0 0 6px;font-size:13px;color:#57606a}
.strip{display:flex;gap:8px;overflow-x:auto;padding-bottom:4px}
.track{margin:0;flex:0 0 auto;width:160px;border:3px solid var(--c);background:#eaeef2}
.track.anonymised{border-style:dashed}
.track img,.track .placeholder{display:block;position:static;width:154px;height:154px;object-fit:cover}
.track figcaption{font-size:11px;line-height:1.3;padding:2px 4px;background:var(--c);color:#fff;overflow-wrap:anywhere}
@media (max-width:560px){.grid{grid-template-columns:1fr}}
@media print{body{background:#fff}.card{break-inside:avoid}}
`;
