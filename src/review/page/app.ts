/**
 * The review page's script, in the browser. It fetches the state and builds every element with textContent, never
 * innerHTML, because names and file names come from users; box positions go through the CSSOM, which the server's
 * strict style-src allows. Words, colours and which stored correction belongs to which face come from the server
 * (ReviewState.labels, ReviewFace.waiting): the page has no table or rule of its own to fall out of step.
 *
 * Imports are types only (verbatimModuleSyntax erases them): the server serves this one compiled file, and a module
 * it imported would be fetched without the token and refused.
 */
import type { Box, Size } from '../../geometry.js';
import type { ApplyResponse, CorrectRequest, ErrorResponse, ReviewFace, ReviewLabels, ReviewPhoto, ReviewState } from '../api.js';

/** A correction as a button sends it: the photo is added when it is sent. */
type Correction = CorrectRequest extends infer R ? (R extends CorrectRequest ? Omit<R, 'photo'> : never) : never;

const token = new URLSearchParams(location.search).get('token') ?? '';
let state: ReviewState | null = null;
let current = 0;
let selected: number | null = null;
let drawing = false;
let busy = false;
let message = '';
let query = '';

type Child = Node | string | null | false;
type Props = Readonly<Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>>;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== false) node.append(child);
  return node;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`The page has no #${id}.`);
  return node;
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { headers: { 'X-Review-Token': token } }
      : { method: 'POST', headers: { 'X-Review-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const json = (await response.json().catch(() => ({}))) as T | Partial<ErrorResponse>;
  if (!response.ok) throw new Error((json as Partial<ErrorResponse>).error ?? response.statusText);
  return json as T;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function photo(): ReviewPhoto | undefined {
  return state?.photos[current];
}

function faceLabel(labels: ReviewLabels, face: ReviewFace, i: number): string {
  const who = face.name ?? face.pupil ?? '';
  const parts = [String(i + 1), face.status === 'uncertain' && who !== '' ? `${who}?` : who, labels.status[face.status].text, face.action];
  if (face.correction !== null) parts.push(labels.corrected[face.correction]);
  return parts.filter((part) => part !== '').join(' · ');
}

function pct(value: number, of: number): string {
  return `${Math.max(0, Math.min(100, (value / of) * 100))}%`;
}

function place(node: HTMLElement, box: Box, size: Size): void {
  node.style.left = pct(box.x, size.width);
  node.style.top = pct(box.y, size.height);
  node.style.width = pct(box.width, size.width);
  node.style.height = pct(box.height, size.height);
}

async function correct(correction: Correction): Promise<void> {
  const p = photo();
  if (busy || p === undefined) return;
  busy = true;
  try {
    const request = { ...correction, photo: p.index } as CorrectRequest;
    state = await api<ReviewState>('api/correct', request);
    message = 'Saved. Press Apply to scan again with your corrections.';
  } catch (error) {
    message = `Not saved: ${messageOf(error)}`;
  }
  busy = false;
  render();
}

async function applyScan(): Promise<void> {
  if (busy) return;
  busy = true;
  message = 'Scanning again with your corrections…';
  render();
  try {
    const index = photo()?.index ?? null;
    const result = await api<ApplyResponse>('api/apply', {});
    state = result.state;
    const again = state.photos.findIndex((p) => p.index === index);
    current = again >= 0 ? again : 0;
    message =
      result.code === 0
        ? 'Applied: the output is up to date.'
        : result.code === 3
          ? 'Applied: some photos still wait for review.'
          : `The scan ended with code ${result.code}:\n${result.output}`;
  } catch (error) {
    message = `Apply failed: ${messageOf(error)}`;
  }
  busy = false;
  render();
}

async function done(): Promise<void> {
  try {
    await api('api/done', {});
  } catch {
    // The server may already be gone.
  }
  byId('app').replaceChildren(el('p', { text: 'Review finished. You can close this tab.' }));
  byId('bar').replaceChildren();
  state = null;
}

function bar(s: ReviewState): Node[] {
  const n = s.summary;
  const scope = s.scope === 'group' ? `group ${s.className ?? ''}` : s.scope;
  return [
    el('span', {
      class: 'facts',
      text: `Scope ${scope} — ${n.photos} photos, ${n.faces} faces: ${n.review} to review, ${n.anonymised} anonymised, ${n.dropped} dropped, ${n.publish} published as they are`,
    }),
    el('button', { class: 'primary', id: 'apply', onclick: () => void applyScan(), disabled: busy, title: 'Scan again with your corrections (a)', text: 'Apply' }),
    el('button', { id: 'done', onclick: () => void done(), disabled: busy, text: 'Done' }),
    el('span', { id: 'status', text: message }),
  ];
}

function list(s: ReviewState): HTMLElement {
  return el(
    'nav',
    { class: 'list', 'aria-label': 'photos' },
    s.photos.map((p, i) =>
      el(
        'button',
        {
          class: `decision-${p.decision}${i === current ? ' current' : ''}`,
          onclick: () => {
            current = i;
            selected = null;
            drawing = false;
            render();
          },
        },
        [
          p.hasThumb ? el('img', { src: `thumb/${p.index}?token=${encodeURIComponent(token)}`, alt: '' }) : null,
          el('span', { text: `${p.source} — ${s.labels.decision[p.decision]}` }),
        ],
      ),
    ),
  );
}

function viewer(s: ReviewState, p: ReviewPhoto): HTMLElement {
  const box = el('div', { class: `photo${drawing ? ' drawing' : ''}` });
  const wrap = el('section', { class: 'viewer' }, [el('h2', { text: `${current + 1} / ${s.photos.length}: ${p.source} — ${s.labels.decision[p.decision]}` }), box]);
  const size = p.imageSize;
  if (size === null) {
    box.append(el('div', { class: 'placeholder', text: p.error ?? 'This photo could not be read.' }));
    return wrap;
  }
  box.style.aspectRatio = `${size.width} / ${size.height}`;
  box.append(el('img', { src: `photo/${p.index}?token=${encodeURIComponent(token)}`, alt: p.source, draggable: 'false' }));
  p.faces.forEach((face, i) => {
    // As in report.html: labels near the top go below their box, on the right half they end at its right edge.
    const spot = (face.box.y / size.height < 0.08 ? ' below' : '') + (face.box.x / size.width > 0.5 ? ' right' : '');
    const onclick = (event: Event): void => {
      event.stopPropagation();
      if (!drawing) {
        selected = i;
        render();
      }
    };
    const node = el('div', { class: `face ${face.action}${spot}${selected === i ? ' selected' : ''}`, 'data-face': i + 1, title: face.reasons.join('\n'), onclick }, [
      el('span', { text: faceLabel(s.labels, face, i) }),
    ]);
    node.style.setProperty('--c', s.labels.status[face.status].colour);
    place(node, face.box, size);
    box.append(node);
  });
  for (const added of p.pending.added.filter((a) => !a.applied)) {
    const node = el('div', { class: 'face drawn pending' }, [el('span', { text: 'drawn by you · anonymised after Apply' })]);
    node.style.setProperty('--c', s.labels.drawnColour);
    place(node, added.box, size);
    box.append(node);
  }
  drawOn(box, size);
  return wrap;
}

/** Dragging over the photo in drawing mode draws a box, sent in the photo's pixels. */
function drawOn(box: HTMLElement, size: Size): void {
  let start: { x: number; y: number } | null = null;
  let ghost: HTMLElement | null = null;
  const point = (event: MouseEvent): { x: number; y: number } => {
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
    if (start === null || ghost === null) return;
    const q = point(event);
    ghost.style.left = `${Math.min(start.x, q.x) * 100}%`;
    ghost.style.top = `${Math.min(start.y, q.y) * 100}%`;
    ghost.style.width = `${Math.abs(q.x - start.x) * 100}%`;
    ghost.style.height = `${Math.abs(q.y - start.y) * 100}%`;
  });
  box.addEventListener('mouseup', (event) => {
    if (start === null) return;
    const q = point(event);
    const { width: W, height: H } = size;
    const x = Math.round(Math.min(start.x, q.x) * W);
    const y = Math.round(Math.min(start.y, q.y) * H);
    const width = Math.min(W - x, Math.round(Math.abs(q.x - start.x) * W));
    const height = Math.min(H - y, Math.round(Math.abs(q.y - start.y) * H));
    start = null;
    drawing = false;
    void correct({ action: 'add-box', box: { x, y, width, height } });
  });
}

function facePanel(s: ReviewState, p: ReviewPhoto): HTMLElement {
  const face = selected === null ? undefined : p.faces[selected];
  if (selected === null || face === undefined) {
    return el('div', {}, [el('p', { text: p.faces.length === 0 ? 'No faces were found in this photo.' : 'Select a face (click it, or press f) to say who it is.' })]);
  }
  const n = selected + 1;
  const waiting = face.waiting;
  const results = el('ul', { class: 'results', id: 'results' });
  const search = el('input', { type: 'search', id: 'search', placeholder: 'This is pupil… (name, class or number)', value: query, autocomplete: 'off' });
  const name = (pupil: string): void => {
    query = '';
    void correct({ action: 'pupil', face: n, pupil });
  };
  const fill = (): void => {
    results.replaceChildren(
      ...matches(s, query).map((pupil) =>
        el('li', {}, [el('button', { 'data-pupil': pupil.id, onclick: () => name(pupil.id), text: `${pupil.name} — class ${pupil.className} — ${pupil.id}` })]),
      ),
    );
  };
  search.addEventListener('input', () => {
    query = search.value;
    fill();
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      const first = matches(s, query)[0];
      if (first !== undefined) name(first.id);
    }
    if (event.key === 'Escape') search.blur();
    event.stopPropagation();
  });
  fill();
  const waitingText =
    waiting === null ? null : waiting.correction === 'pupil' ? `this is ${waiting.name ?? waiting.pupil ?? ''}` : s.labels.correction[waiting.correction];
  return el('div', {}, [
    el('h3', { text: `Face ${faceLabel(s.labels, face, selected).replace(' · ', ': ')}` }),
    face.correction !== null ? el('p', { class: 'named', text: `${s.labels.correction[face.correction]}: your correction decided this face.` }) : null,
    waitingText !== null ? el('p', { class: 'named', text: `Waiting for Apply: ${waitingText}` }) : null,
    el('ul', { class: 'reasons' }, face.reasons.map((line) => el('li', { text: line }))),
    search,
    results,
    el(
      'div',
      { class: 'buttons' },
      face.correction === 'added'
        ? [el('button', { onclick: () => void correct({ action: 'undo', face: n }), text: 'Remove this box' })]
        : [
            el('button', { onclick: () => void correct({ action: 'not-a-pupil', face: n }), text: 'Not a pupil' }),
            el('button', { onclick: () => void correct({ action: 'blur', face: n }), text: 'Always blur' }),
            el('button', { onclick: () => void correct({ action: 'not-a-face', face: n }), text: 'Not a face' }),
            face.correction !== null || waiting !== null ? el('button', { onclick: () => void correct({ action: 'undo', face: n }), text: 'Undo' }) : null,
          ],
    ),
  ]);
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').toLowerCase();
}

function matches(s: ReviewState, text: string): ReviewState['pupils'] {
  const words = fold(text).split(/\s+/u).filter((word) => word !== '');
  if (words.length === 0) return [];
  return s.pupils
    .filter((pupil) => {
      const hay = fold(`${pupil.name} ${pupil.className} ${pupil.id}`);
      return words.every((word) => hay.includes(word));
    })
    .slice(0, 8);
}

function photoPanel(p: ReviewPhoto): HTMLElement {
  const drawn = p.pending.added.filter((a) => !a.applied);
  return el('div', {}, [
    el('h3', { text: 'This photo' }),
    el('ul', { class: 'reasons' }, p.reasons.map((line) => el('li', { text: line }))),
    el('div', { class: 'buttons' }, [
      p.imageSize !== null
        ? el('button', {
            id: 'draw',
            class: drawing ? 'active' : '',
            onclick: () => {
              drawing = !drawing;
              render();
            },
            text: drawing ? 'Drag over the face…' : 'Draw a box',
          })
        : null,
      p.pending.dropped
        ? el('button', { id: 'undrop', onclick: () => void correct({ action: 'undrop' }), text: 'Do not drop this photo' })
        : el('button', { id: 'drop', onclick: () => void correct({ action: 'drop' }), text: 'Drop this photo' }),
    ]),
    p.pending.dropped ? el('p', { class: 'named', text: `Dropped by you${p.decision === 'dropped' ? '.' : ' (after Apply).'}` }) : null,
    drawn.length > 0
      ? el(
          'ul',
          { class: 'reasons' },
          drawn.map((a) =>
            el('li', {}, [
              el('span', { text: `Box drawn at ${a.box.x},${a.box.y} (${a.box.width}×${a.box.height}) ` }),
              el('button', { onclick: () => void correct({ action: 'undo-added', index: a.index }), text: 'Remove' }),
            ]),
          ),
        )
      : null,
  ]);
}

function render(): void {
  const s = state;
  if (s === null) return;
  byId('bar').replaceChildren(...bar(s));
  const p = photo();
  if (p === undefined) {
    byId('app').replaceChildren(el('p', { text: 'No photos were scanned.' }));
    return;
  }
  const panel = el('aside', { class: 'panel' }, [
    facePanel(s, p),
    el('hr'),
    photoPanel(p),
    el('p', { class: 'keys' }, [
      el('kbd', { text: '→' }), ' / ', el('kbd', { text: '←' }), ' next / previous photo, ',
      el('kbd', { text: 'f' }), ' next face, ', el('kbd', { text: '/' }), ' search pupils, ',
      el('kbd', { text: 'b' }), ' draw a box, ', el('kbd', { text: 'a' }), ' apply',
    ]),
  ]);
  byId('app').replaceChildren(el('div', { class: 'layout' }, [list(s), viewer(s, p), panel]));
  if (document.activeElement === document.body && query !== '') document.getElementById('search')?.focus();
}

document.addEventListener('keydown', (event) => {
  const s = state;
  if (s === null || event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  const p = photo();
  const faces = p?.faces.length ?? 0;
  if (event.key === 'ArrowRight' || event.key === 'j') {
    current = Math.min(s.photos.length - 1, current + 1);
    selected = null;
  } else if (event.key === 'ArrowLeft' || event.key === 'k') {
    current = Math.max(0, current - 1);
    selected = null;
  } else if (event.key === 'f' && faces > 0) {
    selected = selected === null ? 0 : (selected + 1) % faces;
  } else if (event.key === 'F' && faces > 0) {
    selected = selected === null ? faces - 1 : (selected + faces - 1) % faces;
  } else if (event.key === 'b') {
    drawing = !drawing;
  } else if (event.key === 'a') {
    void applyScan();
    return;
  } else if (event.key === 'Escape') {
    selected = null;
    drawing = false;
  } else if (event.key === '/') {
    if (selected === null && faces > 0) selected = 0;
    render();
    document.getElementById('search')?.focus();
    event.preventDefault();
    return;
  } else {
    return;
  }
  event.preventDefault();
  render();
});

api<ReviewState>('api/state')
  .then((loaded) => {
    state = loaded;
    render();
  })
  .catch((error: unknown) => {
    byId('app').replaceChildren(el('p', { class: 'error', text: `Could not load the review: ${messageOf(error)}` }));
  });
