/**
 * The review page: report.html made interactive. The HTML is a shell; the script (src/review/page/app.ts, served by
 * the tool itself, the CSP allows nothing else) fetches the state and builds every element.
 */
import { readFile } from 'node:fs/promises';
import type { Lang } from '../i18n/lang.js';
import { esc, REPORT_CSS } from '../report/html.js';
import { reviewLabels } from './labels.js';

/**
 * `token` goes into the two asset addresses (the browser loads them itself, without the page's header); `lang` is the
 * page's language, in which the shell says what it shows before the script has loaded.
 */
export function pageHtml(token: string, lang: Lang): string {
  const t = encodeURIComponent(token);
  const w = reviewLabels(lang).words;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(w.title)}</title>
<link rel="icon" href="favicon.ico?token=${t}">
<link rel="stylesheet" href="app.css?token=${t}">
<script type="module" src="app.js?token=${t}"></script>
</head>
<body class="review">
<header>
<h1>${esc(w.title)}</h1>
<p class="warning"><strong>${esc(w.warningStrong)}</strong> ${esc(w.warningRest)}</p>
<div id="bar"></div>
</header>
<main id="app" data-error="${esc(w.couldNotLoad)}"><p>${esc(w.loading)}</p></main>
</body>
</html>
`;
}

const REVIEW_CSS = `
body.review{max-width:none}
#bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
#bar .facts{margin:0 12px 0 0}
button{font:inherit;padding:4px 12px;border:1px solid #d0d7de;border-radius:6px;background:#fff;cursor:pointer}
button:hover{background:#f3f4f6}
button.primary{background:#1a7f37;color:#fff;border-color:#1a7f37}
button.active{outline:3px solid #0969da}
button:disabled{opacity:.5;cursor:default}
#status{font-weight:600}
.layout{display:grid;grid-template-columns:230px 1fr 360px;gap:16px;align-items:start}
.list{max-height:calc(100vh - 190px);overflow:auto;display:flex;flex-direction:column;gap:6px}
.list button{display:flex;gap:8px;align-items:center;text-align:left;border-left:6px solid var(--d);padding:4px}
.list button.current{outline:3px solid #0969da}
.list img{width:64px;height:48px;object-fit:cover;flex:none}
.list span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
.viewer .photo{width:100%;max-height:calc(100vh - 190px)}
.viewer .photo img{object-fit:contain}
.viewer h2{margin:0;font-size:16px;border:0}
.viewer-head{display:flex;gap:12px;align-items:center;justify-content:space-between;margin:0 0 8px}
.photo.drawing{cursor:crosshair}
.face{cursor:pointer}
.face.selected{outline:3px solid #0969da;outline-offset:2px}
.face.pending{border-style:dotted;border-color:#0969da}
.face.drawn{border:3px dashed #0969da}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px}
.panel h3{margin:.2em 0}
.panel .buttons{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.panel input[type=search]{width:100%;font:inherit;padding:4px 8px;margin:4px 0}
.results{list-style:none;padding:0;margin:0}
.results button{width:100%;text-align:left;margin:2px 0}
.named{color:#0969da;font-weight:600}
.keys{font-size:12px;color:#57606a}
.keys kbd{border:1px solid #d0d7de;border-radius:3px;padding:0 4px;background:#f6f8fa}
.tab.active{background:#0969da;color:#fff;border-color:#0969da}
.people{max-width:1100px}
.group{background:#fff;border:1px solid #d0d7de;border-left:6px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:10px 0;cursor:pointer}
.group.focused{border-left-color:#0969da;outline:2px solid #0969da;cursor:default}
.group.pending{border-left-color:#1a7f37}
.group h3{margin:.1em 0 .3em;font-size:15px}
.group .controls{margin-top:8px;max-width:520px}
.group input[type=search]{width:100%;font:inherit;padding:4px 8px;margin:4px 0}
.group .buttons{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.strip{display:flex;flex-wrap:wrap;gap:6px}
.crop{position:relative;width:88px;height:88px;padding:0;overflow:hidden;border:3px solid transparent;border-radius:6px;background:#eaeef2;flex:none}
.crop img{display:block;width:100%;height:100%;object-fit:cover}
.crop.named{border-color:#1a7f37}
.crop.focused{outline:3px solid #0969da;outline-offset:1px}
.crop.out{border-color:#cf222e;border-style:dashed}
.crop.out img{opacity:.35;filter:grayscale(1)}
.crop .mark{position:absolute;left:0;right:0;bottom:0;background:#cf222e;color:#fff;font-size:11px;line-height:1.4}
@media (max-width:1100px){.layout{grid-template-columns:1fr}.list{flex-direction:row;overflow:auto;max-height:none}}
`;

export const CLIENT_CSS = `${REPORT_CSS}\n${REVIEW_CSS}`;

/**
 * The page's script: src/review/page/app.ts, compiled for the browser by `npm run build` (its own tsconfig, with the
 * DOM types) into dist/review-page/. Read once per server, from dist/ whether this module runs compiled or (in
 * tests) from src/.
 * @throws Error when the build has not run: a bug of the installation, not something the teacher can fix.
 */
export async function clientScript(): Promise<string> {
  const compiled = 'review-page/review/page/app.js';
  const candidates = [new URL(`../../${compiled}`, import.meta.url), new URL(`../../dist/${compiled}`, import.meta.url)];
  for (const url of candidates) {
    const text = await readFile(url, 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  throw new Error(`The review page's script ${compiled} is not built: run npm run build.`);
}
