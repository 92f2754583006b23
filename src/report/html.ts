/**
 * report.html: a contact sheet the teacher looks through offline. One file, no scripts, no external CSS or fonts;
 * thumbnails sit next to it in `thumbs/`. Face boxes are positioned in percent of the photo, so they fit the
 * thumbnail whatever its pixel size. Every word, date and number is in the report's language (`options.lang`).
 * Pure: builds the page from the report, the thumbnails and the names.
 */
import { formatDateTime, formatNumber, type Lang } from '../i18n/lang.js';
import type { CorrectionTag, FaceStatus, PhotoDecision } from '../policy/types.js';
import { THUMB_DEFAULTS, type Thumb } from './thumbs.js';
import { distanceText, faceLine, faceReasonText, photoReasonText, skipReasonText } from './reasons.js';
import { DECISION_ORDER } from './text.js';
import { placeLabels } from './label-place.js';
import type { ChangeRecord } from './history.js';
import type { FaceRecord, PhotoRecord, ScanReport } from './types.js';
import { reportWords, type ReportWords } from './words.js';
import { catalogueIn } from '../i18n/compose.js';

/** Exported for the review page (src/review/labels.ts), which shows the same colours and words. */
export const STATUS_COLOUR: Readonly<Record<FaceStatus, string>> = {
  consented: '#1a7f37',
  'not-consented': '#cf222e',
  uncertain: '#d97706',
  unknown: '#57606a',
  'too-small': '#8250df',
};

/** A face status as its box's label says it; a status missing from the catalogue fails to compile here. */
export function statusText(lang: Lang): Readonly<Record<FaceStatus, string>> {
  return reportWords(lang).status;
}

export function reportHtml(report: ScanReport, thumbs: readonly Thumb[], names: ReadonlyMap<string, string>): string {
  const lang = report.options.lang;
  const w = reportWords(lang);
  const titles: Readonly<Record<PhotoDecision, string>> = w.html.decisionTitle;
  const sections = DECISION_ORDER.map((decision) => {
    const photos = report.photos.flatMap((photo, index) => (photo.decision === decision ? [{ photo, thumb: thumbs[index] ?? none }] : []));
    if (photos.length === 0) return '';
    return `<section id="${decision}" class="decision-${decision}">
<h2>${esc(titles[decision])} <span class="count">${num(photos.length, lang)}</span></h2>
<div class="grid">
${photos.map(({ photo, thumb }) => photoCard(photo, thumb, names, lang)).join('\n')}
</div>
</section>`;
  }).join('\n');

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(w.html.title(`${w.scope[report.scope]}${report.className === null ? '' : ` ${report.className}`}`))}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${header(report, lang)}
${changesSection(report, thumbs, lang)}
${sections.trim() === '' ? `<p>${esc(w.html.noPhotos)}</p>` : sections}
${skippedSection(report, lang)}
</body>
</html>
`;
}

const none: Thumb = { kind: 'none' };
/** Portrait photos are shown at most this high, so one does not fill the screen. */
const THUMB_HEIGHT = THUMB_DEFAULTS.longSide;

function num(value: number, lang: Lang): string {
  return formatNumber(value, lang);
}

function header(report: ScanReport, lang: Lang): string {
  const w = reportWords(lang);
  const h = w.html;
  const s = report.summary;
  const counts: [PhotoDecision, number][] = [['review', s.review], ['error', s.error], ['dropped', s.dropped], ['anonymised', s.anonymised], ['publish', s.publish]];
  const interrupted = report.interrupted ? `<p class="warning">${esc(h.interrupted)}</p>` : '';
  const scope = [
    ...(report.purpose == null ? [] : [h.purpose(report.purpose)]),
    w.scope[report.scope],
    ...(report.className === null ? [] : [h.ofClass(report.className)]),
  ].join(' — ');
  const skipped = s.skipped ?? 0;
  return `<header>
<h1>${esc(h.heading)}</h1>
<p class="warning">${h.doNotShare}</p>
${interrupted}
<dl class="facts">
<dt>${esc(h.scope)}</dt><dd>${esc(scope)}</dd>
<dt>${esc(h.scanned)}</dt><dd>${esc(formatDate(report.startedAt, lang))}</dd>
<dt>${esc(h.photos)}</dt><dd>${esc(h.photosAndFaces(num(s.photos, lang), num(s.faces, lang)))}</dd>${peopleFact(report, lang)}
<dt>${esc(h.input)}</dt><dd><code>${esc(report.input)}</code></dd>
<dt>${esc(h.output)}</dt><dd><code>${esc(report.output)}</code></dd>
<dt>${esc(h.review)}</dt><dd><code>${esc(report.reviewDir)}</code></dd>
</dl>
<nav class="counts">${counts.map(([d, n]) => `<a href="#${d}" class="decision-${d}"><span class="n">${num(n, lang)}</span> ${esc(w.decision[d])}</a>`).join('')}${skipped > 0 ? `<a href="#skipped"><span class="n">${num(skipped, lang)}</span> ${esc(h.notProcessed)}</a>` : ''}</nav>
<p class="legend">${(Object.keys(STATUS_COLOUR) as FaceStatus[]).map((st) => `<span><i style="border-color:${STATUS_COLOUR[st]}"></i>${esc(w.status[st])}</span>`).join(' ')}
${esc(h.dashed)}</p>
</header>`;
}

/** How many faces nobody was matched to, in how many people groups, and how to name a group at once; empty when none. */
function peopleFact(report: ScanReport, lang: Lang): string {
  const h = reportWords(lang).html;
  const groups = new Set(report.photos.flatMap((photo) => photo.faces.flatMap((face) => (face.group == null ? [] : [face.group]))));
  if (groups.size === 0) return '';
  const faces = report.photos.reduce((n, photo) => n + photo.faces.filter((face) => face.group != null).length, 0);
  const counted = `${(faces === 1 ? h.peopleFace : h.peopleFaces)(num(faces, lang))}, ${(groups.size === 1 ? h.groupedOne : h.groupedMany)(num(groups.size, lang))}`;
  return `\n<dt>${esc(h.people)}</dt><dd>${esc(counted)}; ${h.nameGroup(`<code>${h.nameGroupCommand}</code>`)}</dd>`;
}

/** First on the page: what the teacher must do about photos already shared. Empty for a first scan. */
function changesSection(report: ScanReport, thumbs: readonly Thumb[], lang: Lang): string {
  const h = reportWords(lang).html;
  const changeText: Readonly<Record<ChangeRecord['change'], string>> = h.change;
  const changes = report.changes ?? [];
  if (changes.length === 0) return '';
  const thumbOf = new Map(report.photos.map((photo, index) => [photo.source, thumbs[index] ?? none]));
  const cards = changes.map((change) => {
    const thumb = thumbOf.get(change.source) ?? none;
    const href = thumb.kind === 'ok' ? thumb.href : thumb.kind === 'strip' ? thumb.hrefs[0] : undefined;
    const picture = href !== undefined ? `<img src="${esc(href)}" alt="${esc(change.source)}" loading="lazy">` : `<div class="placeholder">${esc(h.noPreview)}</div>`;
    const when = change.publishedAt === null ? '' : `, ${esc(h.publishedOn(formatDate(change.publishedAt, lang)))}`;
    return `<figure class="card change change-${change.change}"><h3 title="${esc(change.source)}">${esc(change.source)}</h3>
<div class="photo thumb">${picture}</div>
<figcaption><p class="where"><strong>${esc(changeText[change.change])}</strong>: <code>${esc(change.output)}</code>${when}</p>
<ul class="reasons"><li>${esc(change.reason)}</li></ul></figcaption></figure>`;
  });
  const mustAct = changes.filter((change) => change.change !== 'new').length;
  const note = mustAct > 0 ? `<p class="warning">${esc((mustAct === 1 ? h.changedOne : h.changedMany)(num(mustAct, lang)))}</p>` : '';
  return `<section id="changes">
<h2>${esc(h.changes)} <span class="count">${num(changes.length, lang)}</span></h2>
${note}
<div class="grid">
${cards.join('\n')}
</div>
</section>`;
}

/** Last on the page: the files of the folder that were not processed, so the teacher knows the folder is not all done. */
function skippedSection(report: ScanReport, lang: Lang): string {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) return '';
  return `<section id="skipped">
<h2>${esc(reportWords(lang).html.skipped)} <span class="count">${num(skipped.length, lang)}</span></h2>
<ul class="skipped">
${skipped.map((file) => `<li><code>${esc(file.file)}</code>: ${esc(skipReasonText(file.reason, lang))}</li>`).join('\n')}
</ul>
</section>`;
}

function photoCard(photo: PhotoRecord, thumb: Thumb, names: ReadonlyMap<string, string>, lang: Lang): string {
  const h = reportWords(lang).html;
  const title = `<h3 title="${esc(photo.source)}">${esc(photo.source)}</h3>`;
  if (photo.decision === 'error' || photo.imageSize === null) {
    return `<figure class="card">${title}<p class="error">${esc(photo.error ?? h.unreadable)}</p>${reasonList(photo, names, lang)}</figure>`;
  }
  if (photo.kind === 'video') return clipCard(photo, thumb, names, title, lang);
  const size = photo.imageSize;
  const boxes = faceBoxes(photo, size, names, lang);
  const picture = (() => {
    switch (thumb.kind) {
      case 'ok':
        return `<img src="${esc(thumb.href)}" alt="${esc(photo.source)}" loading="lazy">`;
      case 'failed':
        return `<div class="placeholder">${esc(h.noPreviewBecause(thumb.message[lang]))}</div>`;
      case 'none':
      case 'strip':
        return `<div class="placeholder">${esc(h.noPreview)}</div>`;
    }
  })();
  const where = photo.output !== null
    ? `<p class="where">→ <code>${esc(photo.output)}</code></p>`
    : photo.review !== null ? `<p class="where">→ ${esc(h.toReview)}: <code>${esc(photo.review)}</code></p>` : '';
  return `<figure class="card">${title}
<div class="photo" style="aspect-ratio:${size.width} / ${size.height};width:min(100%, ${Math.round((THUMB_HEIGHT * size.width) / size.height)}px)">${picture}${boxes}</div>
<figcaption>${where}${reasonList(photo, names, lang)}</figcaption>
</figure>`;
}

/**
 * A clip: what it is, then a strip of its tracks, one picture each (the face at its best view, unblurred) with its
 * number, who, the decision and when it is on screen; the reasons below as for a photo.
 */
function clipCard(photo: PhotoRecord, thumb: Thumb, names: ReadonlyMap<string, string>, title: string, lang: Lang): string {
  const w = reportWords(lang);
  const v = catalogueIn(lang).video;
  const facts = photo.clip === undefined ? '' : `<p class="clip-facts">${esc(v.clipFacts(photo.clip.duration.toFixed(1), photo.clip.frames, photo.clip.sound))}</p>`;
  const tiles = photo.faces.map((face, index) => {
    const who = face.pupil === null ? '' : names.get(face.pupil) ?? face.pupil;
    const when = face.track === undefined ? '' : v.trackSpan(face.track.from.toFixed(1), face.track.to.toFixed(1));
    const label = [`${index + 1}`, face.status === 'uncertain' && who !== '' ? `${who}?` : who, w.status[face.status], w.action[face.action], correctionLabel(face, lang), when]
      .filter((part) => part !== '')
      .join(' · ');
    const href = thumb.kind === 'strip' ? thumb.hrefs[index] : undefined;
    const picture = href === undefined
      ? `<div class="placeholder">${esc(thumb.kind === 'failed' ? w.html.noPreviewBecause(thumb.message[lang]) : w.html.noPreview)}</div>`
      : `<img src="${esc(href)}" alt="${esc(`${photo.source}, ${index + 1}`)}" loading="lazy">`;
    return `<figure class="track ${face.action}" style="--c:${STATUS_COLOUR[face.status]}" title="${esc(faceReasonText(face.reason, names, lang))}">${picture}<figcaption>${esc(label)}</figcaption></figure>`;
  });
  const where = photo.output !== null
    ? `<p class="where">→ <code>${esc(photo.output)}</code></p>`
    : photo.review !== null ? `<p class="where">→ ${esc(w.html.toReview)}: <code>${esc(photo.review)}</code></p>` : '';
  return `<figure class="card clip">${title}${facts}
<div class="strip">${tiles.length === 0 ? `<p>${esc(v.noTracks)}</p>` : tiles.join('')}</div>
<figcaption>${where}${reasonList(photo, names, lang)}</figcaption>
</figure>`;
}

/**
 * The size report.html's cards show a photo at, at the least (a grid column of 480 px less the card's padding): labels
 * are placed for it, in percent of the photo, so on a wider card they only move further apart.
 */
const SHOWN_WIDTH = 460;
/** An 11 px label in the system font: this wide per character at most, plus its padding; this high. */
const LABEL_CHAR = 6.4;
const LABEL_PADDING = 10;
const LABEL_HEIGHT = 16;

/** The face boxes and, beside them, their labels where placeLabels puts them so that none overlaps another. */
function faceBoxes(photo: PhotoRecord, size: { width: number; height: number }, names: ReadonlyMap<string, string>, lang: Lang): string {
  const scale = Math.min(SHOWN_WIDTH, (THUMB_HEIGHT * size.width) / size.height) / size.width;
  const frame = { width: size.width * scale, height: size.height * scale };
  const texts = photo.faces.map((face, index) => faceLabelText(face, index, names, lang));
  const widthOf = (text: string): number => Math.min(LABEL_MAX_WIDTH, Math.ceil(text.length * LABEL_CHAR + LABEL_PADDING));
  const placed = placeLabels(
    frame,
    photo.faces.map((face, index) => ({
      box: { x: face.box.x * scale, y: face.box.y * scale, width: face.box.width * scale, height: face.box.height * scale },
      width: widthOf(texts[index]!),
      height: LABEL_HEIGHT,
      compactWidth: widthOf(String(index + 1)),
    })),
  );
  return photo.faces
    .map((face, index) => {
      const spot = placed[index]!;
      const text = spot.compact ? String(index + 1) : texts[index]!;
      const style = `left:${pctOf(spot.x, frame.width)};top:${pctOf(spot.y, frame.height)};max-width:${spot.width}px;--c:${STATUS_COLOUR[face.status]}`;
      return `${faceBox(face, size, names, lang)}<span class="label" style="${style}" title="${esc(texts[index]!)}">${esc(text)}</span>`;
    })
    .join('');
}

function pctOf(value: number, of: number): string {
  return `${clamp((value / of) * 100).toFixed(3)}%`;
}

/** A label may be at most this wide (px); longer names end in an ellipsis, the full text in its tooltip. */
const LABEL_MAX_WIDTH = 260;

function faceLabelText(face: FaceRecord, index: number, names: ReadonlyMap<string, string>, lang: Lang): string {
  const w = reportWords(lang);
  const who = face.pupil === null ? '' : names.get(face.pupil) ?? face.pupil;
  return [`${index + 1}`, face.status === 'uncertain' && who !== '' ? `${who}?` : who, w.status[face.status], w.action[face.action], correctionLabel(face, lang)]
    .filter((part) => part !== '')
    .join(' · ');
}

function faceBox(face: FaceRecord, size: { width: number; height: number }, names: ReadonlyMap<string, string>, lang: Lang): string {
  const w = reportWords(lang);
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
  const tooltip = [faceReasonText(face.reason, names, lang), face.distance === null ? '' : w.html.distance(distanceText(face.distance, lang))]
    .filter((line) => line !== '')
    .join('\n');
  return `<div class="face ${face.action}" style="${style}" title="${esc(tooltip)}"></div>`;
}

/** "named by you" where the teacher's correction decided the face (review, `correct`). */
export function correctionLabel(face: Pick<FaceRecord, 'correction' | 'reason'>, lang: Lang): string {
  if (face.correction === null || face.reason.correction?.overruled === true) return '';
  return correctedTag(face.correction, reportWords(lang));
}

/** A face's tag when the teacher's correction decided it, in report.html and on the review page. */
export function correctedTag(correction: CorrectionTag, w: ReportWords): string {
  return correction === 'pupil' ? w.namedByYou : w.correctedAs(w.correction[correction]);
}

/** The reasons under the photo; a line about a face gets that face's colour, to find it among overlapping labels. */
function reasonList(photo: PhotoRecord, names: ReadonlyMap<string, string>, lang: Lang): string {
  const h = reportWords(lang).html;
  const items = [
    `<li>${esc(photoReasonText(photo.why, lang))}</li>`,
    ...photo.faces.map(
      (face, index) =>
        `<li style="--c:${STATUS_COLOUR[face.status]}" class="of-face">${esc(`${faceLine(index + 1, faceReasonText(face.reason, names, lang), lang)}${face.group == null ? '' : h.inGroup(face.group)}`)}</li>`,
    ),
  ];
  return `<ul class="reasons">${items.join('')}</ul>`;
}

function clamp(percent: number): number {
  return Math.max(0, Math.min(100, percent));
}

function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatDateTime(date, lang);
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
.card h3{font-size:14px;margin:0 0 6px;overflow-wrap:anywhere}
.photo{position:relative;margin:0 auto;background:#eaeef2;overflow:hidden}
.photo img{display:block;width:100%;height:100%}
.placeholder{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#57606a;padding:12px;text-align:center}
.face{position:absolute;border:3px solid var(--c);box-shadow:0 0 0 1px rgba(255,255,255,.7)}
.face.anonymised{border-style:dashed}
.face span{position:absolute;left:-3px;bottom:100%;background:var(--c);color:#fff;font-size:11px;line-height:1.3;padding:1px 4px;white-space:nowrap;max-width:260px;overflow:hidden;text-overflow:ellipsis}
.photo>.label{position:absolute;background:var(--c);color:#fff;font-size:11px;line-height:1.3;padding:1px 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
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
