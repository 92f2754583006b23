/**
 * The review page: report.html made interactive. The HTML is a shell; the script (served by the tool itself, the
 * CSP allows nothing else) fetches the state and builds every element with textContent, never innerHTML, because
 * names and file names come from users. Box positions are set through the CSSOM, which a strict style-src allows.
 */
import { REPORT_CSS } from '../report/html.js';

/** `token` goes into the two asset addresses (the browser loads them itself, without the page's header). */
export function pageHtml(token: string): string {
  const t = encodeURIComponent(token);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>privacy-filter review</title>
<link rel="icon" href="favicon.ico?token=${t}">
<link rel="stylesheet" href="app.css?token=${t}">
<script src="app.js?token=${t}" defer></script>
</head>
<body class="review">
<header>
<h1>privacy-filter review</h1>
<p class="warning"><strong>This page shows the original photos, with every face visible.</strong> It runs on this
computer only; do not share screenshots of it. Share only the output folder.</p>
<div id="bar"></div>
</header>
<main id="app"><p>Loading…</p></main>
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
.viewer h2{margin:0 0 8px;font-size:16px;border:0}
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
@media (max-width:1100px){.layout{grid-template-columns:1fr}.list{flex-direction:row;overflow:auto;max-height:none}}
`;

export const CLIENT_CSS = `${REPORT_CSS}\n${REVIEW_CSS}`;

/** The page's script. Plain ES2020, no framework, no build step: it is served as it is written here. */
export const CLIENT_JS = String.raw`'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token') || '';
  const COLOUR = { consented: '#1a7f37', 'not-consented': '#cf222e', uncertain: '#d97706', unknown: '#57606a', 'too-small': '#8250df' };
  const STATUS = { consented: 'consent', 'not-consented': 'no consent', uncertain: 'uncertain', unknown: 'unknown', 'too-small': 'too small' };
  const DECISION = { review: 'to review', error: 'could not be read', dropped: 'dropped', anonymised: 'anonymised', publish: 'published' };
  const CORRECTION = { pupil: 'named by you', 'not-a-pupil': 'not a pupil (you)', blur: 'always blur (you)', 'not-a-face': 'not a face (you)', added: 'box drawn by you' };
  let state = null;
  let current = 0;
  let selected = null;
  let drawing = false;
  let busy = false;
  let message = '';
  let query = '';

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  async function api(path, body) {
    const init = body === undefined
      ? { headers: { 'X-Review-Token': token } }
      : { method: 'POST', headers: { 'X-Review-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(path, init);
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.error || response.statusText);
    return json;
  }

  function photo() { return state && state.photos[current]; }
  function faceLabel(face, i) {
    const who = face.name || face.pupil || '';
    const parts = [String(i + 1), face.status === 'uncertain' && who ? who + '?' : who, STATUS[face.status], face.action];
    if (face.correction) parts.push(CORRECTION[face.correction]);
    return parts.filter(Boolean).join(' · ');
  }
  function pct(value, of) { return Math.max(0, Math.min(100, (value / of) * 100)) + '%'; }
  function place(node, box, size) {
    node.style.left = pct(box.x, size.width);
    node.style.top = pct(box.y, size.height);
    node.style.width = pct(box.width, size.width);
    node.style.height = pct(box.height, size.height);
  }

  async function correct(body) {
    if (busy) return;
    busy = true;
    try {
      state = await api('api/correct', Object.assign({ photo: photo().index }, body));
      message = 'Saved. Press Apply to scan again with your corrections.';
    } catch (error) {
      message = 'Not saved: ' + error.message;
    }
    busy = false;
    render();
  }

  async function applyScan() {
    if (busy) return;
    busy = true;
    message = 'Scanning again with your corrections…';
    render();
    try {
      const index = photo() ? photo().index : null;
      const result = await api('api/apply', {});
      state = result.state;
      const again = state.photos.findIndex((p) => p.index === index);
      current = again >= 0 ? again : 0;
      message = result.code === 0 ? 'Applied: the output is up to date.' : result.code === 3 ? 'Applied: some photos still wait for review.' : 'The scan ended with code ' + result.code + ':\n' + result.output;
    } catch (error) {
      message = 'Apply failed: ' + error.message;
    }
    busy = false;
    render();
  }

  async function done() {
    try { await api('api/done', {}); } catch (error) { /* the server may already be gone */ }
    document.getElementById('app').replaceChildren(el('p', { text: 'Review finished. You can close this tab.' }));
    document.getElementById('bar').replaceChildren();
    state = null;
  }

  function bar() {
    const s = state.summary;
    const scope = state.scope === 'group' ? 'group ' + (state.className || '') : state.scope;
    return [
      el('span', { class: 'facts', text: 'Scope ' + scope + ' — ' + s.photos + ' photos, ' + s.faces + ' faces: ' + s.review + ' to review, ' + s.anonymised + ' anonymised, ' + s.dropped + ' dropped, ' + s.publish + ' published as they are' }),
      el('button', { class: 'primary', id: 'apply', onclick: applyScan, disabled: busy, title: 'Scan again with your corrections (a)' , text: 'Apply' }),
      el('button', { id: 'done', onclick: done, disabled: busy, text: 'Done' }),
      el('span', { id: 'status', text: message }),
    ];
  }

  function list() {
    return el('nav', { class: 'list', 'aria-label': 'photos' }, state.photos.map((p, i) =>
      el('button', { class: 'decision-' + p.decision + (i === current ? ' current' : ''), onclick: () => { current = i; selected = null; drawing = false; render(); } }, [
        p.hasThumb ? el('img', { src: 'thumb/' + p.index + '?token=' + encodeURIComponent(token), alt: '' }) : null,
        el('span', { text: p.source + ' — ' + DECISION[p.decision] }),
      ])));
  }

  function viewer(p) {
    const box = el('div', { class: 'photo' + (drawing ? ' drawing' : '') });
    const wrap = el('section', { class: 'viewer' }, [el('h2', { text: (current + 1) + ' / ' + state.photos.length + ': ' + p.source + ' — ' + DECISION[p.decision] }), box]);
    if (!p.imageSize) {
      box.append(el('div', { class: 'placeholder', text: p.error || 'This photo could not be read.' }));
      return wrap;
    }
    box.style.aspectRatio = p.imageSize.width + ' / ' + p.imageSize.height;
    box.append(el('img', { src: 'photo/' + p.index + '?token=' + encodeURIComponent(token), alt: p.source, draggable: 'false' }));
    p.faces.forEach((face, i) => {
      // As in report.html: labels near the top go below their box, on the right half they end at its right edge.
      const spot = (face.box.y / p.imageSize.height < 0.08 ? ' below' : '') + (face.box.x / p.imageSize.width > 0.5 ? ' right' : '');
      const node = el('div', { class: 'face ' + face.action + spot + (selected === i ? ' selected' : ''), 'data-face': i + 1, title: face.reasons.join('\n'), onclick: (event) => { event.stopPropagation(); if (!drawing) { selected = i; render(); } } }, [el('span', { text: faceLabel(face, i) })]);
      node.style.setProperty('--c', COLOUR[face.status]);
      place(node, face.box, p.imageSize);
      box.append(node);
    });
    p.pending.added.filter((a) => !a.applied).forEach((added) => {
      const node = el('div', { class: 'face drawn pending' }, [el('span', { text: 'drawn by you · anonymised after Apply' })]);
      node.style.setProperty('--c', '#0969da');
      place(node, added.box, p.imageSize);
      box.append(node);
    });
    let start = null;
    let ghost = null;
    const point = (event) => {
      const r = box.getBoundingClientRect();
      return { x: Math.max(0, Math.min(1, (event.clientX - r.left) / r.width)), y: Math.max(0, Math.min(1, (event.clientY - r.top) / r.height)) };
    };
    box.addEventListener('mousedown', (event) => {
      if (!drawing) return;
      event.preventDefault();
      start = point(event);
      ghost = el('div', { class: 'face drawn' });
      box.append(ghost);
    });
    box.addEventListener('mousemove', (event) => {
      if (!start || !ghost) return;
      const q = point(event);
      ghost.style.left = Math.min(start.x, q.x) * 100 + '%';
      ghost.style.top = Math.min(start.y, q.y) * 100 + '%';
      ghost.style.width = Math.abs(q.x - start.x) * 100 + '%';
      ghost.style.height = Math.abs(q.y - start.y) * 100 + '%';
    });
    box.addEventListener('mouseup', (event) => {
      if (!start) return;
      const q = point(event);
      const W = p.imageSize.width, H = p.imageSize.height;
      const x = Math.round(Math.min(start.x, q.x) * W), y = Math.round(Math.min(start.y, q.y) * H);
      const width = Math.min(W - x, Math.round(Math.abs(q.x - start.x) * W)), height = Math.min(H - y, Math.round(Math.abs(q.y - start.y) * H));
      start = null;
      drawing = false;
      correct({ action: 'add-box', box: { x: x, y: y, width: width, height: height } });
    });
    return wrap;
  }

  function pendingFor(p, face) {
    return p.pending.faces.find((m) => !m.applied && overlaps(m.box, face.box));
  }
  function overlaps(a, b) {
    const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
    const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
    if (w <= 0 || h <= 0) return false;
    return (w * h) / (a.width * a.height + b.width * b.height - w * h) >= 0.4;
  }

  function facePanel(p) {
    if (selected === null || !p.faces[selected]) {
      return el('div', {}, [el('p', { text: p.faces.length === 0 ? 'No faces were found in this photo.' : 'Select a face (click it, or press f) to say who it is.' })]);
    }
    const face = p.faces[selected];
    const n = selected + 1;
    const waiting = pendingFor(p, face);
    const results = el('ul', { class: 'results', id: 'results' });
    const search = el('input', { type: 'search', id: 'search', placeholder: 'This is pupil… (name, class or number)', value: query, autocomplete: 'off' });
    const fill = () => {
      results.replaceChildren(...matches(query).map((pupil) =>
        el('li', {}, [el('button', { 'data-pupil': pupil.id, onclick: () => { query = ''; correct({ action: 'pupil', face: n, pupil: pupil.id }); }, text: pupil.name + ' — class ' + pupil.className + ' — ' + pupil.id })])));
    };
    search.addEventListener('input', () => { query = search.value; fill(); });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { const first = matches(query)[0]; if (first) { query = ''; correct({ action: 'pupil', face: n, pupil: first.id }); } }
      if (event.key === 'Escape') search.blur();
      event.stopPropagation();
    });
    fill();
    return el('div', {}, [
      el('h3', { text: 'Face ' + faceLabel(face, selected).replace(' · ', ': ') }),
      face.correction ? el('p', { class: 'named', text: CORRECTION[face.correction] + ': your correction decided this face.' }) : null,
      waiting ? el('p', { class: 'named', text: 'Waiting for Apply: ' + (waiting.correction === 'pupil' ? 'this is ' + (waiting.name || waiting.pupil) : CORRECTION[waiting.correction]) }) : null,
      el('ul', { class: 'reasons' }, face.reasons.map((line) => el('li', { text: line }))),
      search,
      results,
      el('div', { class: 'buttons' }, face.correction === 'added' ? [
        el('button', { onclick: () => correct({ action: 'undo', face: n }), text: 'Remove this box' }),
      ] : [
        el('button', { onclick: () => correct({ action: 'not-a-pupil', face: n }), text: 'Not a pupil' }),
        el('button', { onclick: () => correct({ action: 'blur', face: n }), text: 'Always blur' }),
        el('button', { onclick: () => correct({ action: 'not-a-face', face: n }), text: 'Not a face' }),
        face.correction || waiting ? el('button', { onclick: () => correct({ action: 'undo', face: n }), text: 'Undo' }) : null,
      ]),
    ]);
  }

  function fold(text) { return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function matches(text) {
    const words = fold(text).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    return state.pupils.filter((pupil) => {
      const hay = fold(pupil.name + ' ' + pupil.className + ' ' + pupil.id);
      return words.every((word) => hay.includes(word));
    }).slice(0, 8);
  }

  function photoPanel(p) {
    const drawn = p.pending.added.filter((a) => !a.applied);
    return el('div', {}, [
      el('h3', { text: 'This photo' }),
      el('ul', { class: 'reasons' }, p.reasons.map((line) => el('li', { text: line }))),
      el('div', { class: 'buttons' }, [
        p.imageSize ? el('button', { id: 'draw', class: drawing ? 'active' : '', onclick: () => { drawing = !drawing; render(); }, text: drawing ? 'Drag over the face…' : 'Draw a box' }) : null,
        p.pending.dropped
          ? el('button', { onclick: () => correct({ action: 'undrop' }), text: 'Do not drop this photo' })
          : el('button', { id: 'drop', onclick: () => correct({ action: 'drop' }), text: 'Drop this photo' }),
      ]),
      p.pending.dropped ? el('p', { class: 'named', text: 'Dropped by you' + (p.decision === 'dropped' ? '.' : ' (after Apply).') }) : null,
      drawn.length > 0 ? el('ul', { class: 'reasons' }, drawn.map((a) => el('li', {}, [
        el('span', { text: 'Box drawn at ' + a.box.x + ',' + a.box.y + ' (' + a.box.width + '×' + a.box.height + ') ' }),
        el('button', { onclick: () => correct({ action: 'undo-added', index: a.index }), text: 'Remove' }),
      ]))) : null,
    ]);
  }

  function render() {
    if (!state) return;
    document.getElementById('bar').replaceChildren(...bar());
    const p = photo();
    if (!p) {
      document.getElementById('app').replaceChildren(el('p', { text: 'No photos were scanned.' }));
      return;
    }
    const panel = el('aside', { class: 'panel' }, [
      facePanel(p),
      el('hr'),
      photoPanel(p),
      el('p', { class: 'keys' }, [
        el('kbd', { text: '→' }), ' / ', el('kbd', { text: '←' }), ' next / previous photo, ',
        el('kbd', { text: 'f' }), ' next face, ', el('kbd', { text: '/' }), ' search pupils, ',
        el('kbd', { text: 'b' }), ' draw a box, ', el('kbd', { text: 'a' }), ' apply',
      ]),
    ]);
    document.getElementById('app').replaceChildren(el('div', { class: 'layout' }, [list(), viewer(p), panel]));
    const focusSearch = document.activeElement === document.body && query !== '';
    if (focusSearch) document.getElementById('search').focus();
  }

  document.addEventListener('keydown', (event) => {
    if (!state || event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const p = photo();
    if (event.key === 'ArrowRight' || event.key === 'j') { current = Math.min(state.photos.length - 1, current + 1); selected = null; }
    else if (event.key === 'ArrowLeft' || event.key === 'k') { current = Math.max(0, current - 1); selected = null; }
    else if (event.key === 'f' && p && p.faces.length > 0) { selected = selected === null ? 0 : (selected + 1) % p.faces.length; }
    else if (event.key === 'F' && p && p.faces.length > 0) { selected = selected === null ? p.faces.length - 1 : (selected + p.faces.length - 1) % p.faces.length; }
    else if (event.key === 'b') { drawing = !drawing; }
    else if (event.key === 'a') { applyScan(); return; }
    else if (event.key === 'Escape') { selected = null; drawing = false; }
    else if (event.key === '/') { if (selected === null && p && p.faces.length > 0) selected = 0; render(); const s = document.getElementById('search'); if (s) s.focus(); event.preventDefault(); return; }
    else return;
    event.preventDefault();
    render();
  });

  api('api/state').then((loaded) => { state = loaded; render(); }).catch((error) => {
    document.getElementById('app').replaceChildren(el('p', { class: 'error', text: 'Could not load the review: ' + error.message }));
  });
})();
`;
