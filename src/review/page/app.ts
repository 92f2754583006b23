/**
 * The review page's script, in the browser. It fetches the state and builds every element with textContent, never
 * innerHTML, because names and file names come from users; box positions go through the CSSOM, which the server's
 * strict style-src allows. Words (every one, in the page's language: `t()` fills the server's templates), colours and
 * which stored correction belongs to which face come from the server (ReviewState.labels, ReviewFace.waiting): the
 * page has no table, rule or English word of its own to fall out of step.
 *
 * Imports are types only (verbatimModuleSyntax erases them): the server serves this one compiled file, and a module
 * it imported would be fetched without the token and refused.
 */
import type { Box, Size } from '../../geometry.js';
import type {
  ApplyResponse,
  CorrectGroupRequest,
  CorrectRequest,
  ErrorResponse,
  FaceRef,
  PageWordArgs,
  PageWords,
  ReviewFace,
  ReviewLabels,
  ReviewPhoto,
  ReviewState,
  WaitingCorrection,
} from '../api.js';

/** A correction as a button sends it: the photo is added when it is sent. */
type Correction = CorrectRequest extends infer R ? (R extends CorrectRequest ? Omit<R, 'photo'> : never) : never;

const token = new URLSearchParams(location.search).get('token') ?? '';
let state: ReviewState | null = null;
/** The words of the page, from the server with the first state; kept after Done, which drops the state. */
let labels: ReviewLabels | null = null;
let current = 0;
let selected: number | null = null;
let drawing = false;
let busy = false;
let message = '';
let query = '';
/** Which view the page shows: one photo at a time, or the People view (every group of faces nobody was matched to). */
let view: 'photos' | 'people' = 'photos';
/** Show the photo as the last scan published it (the output copy) instead of the original with its boxes. */
let preview = false;
/** The People view's focus: a group id, and a face's place in that group's strip. */
let focusGroup: string | null = null;
let focusFace = 0;
/** Faces the teacher took out of a group before naming it, by group id; keys `photo:face` as FaceRef says them. */
const takenOut = new Map<string, Set<string>>();

// ---------- the photo list at scale, in one order (issue 25) ----------

/**
 * Each photo's place in the list, by its report index, as first shown: Apply changes decisions, and the server sorts
 * by decision, but a list that jumps under the teacher's hand loses her place. Photos new to the report go last.
 */
const listOrder = new Map<number, number>();

/** Takes `next` as the page's state, its photos in the order the list first showed them. */
function setState(next: ReviewState): ReviewState {
  for (const p of next.photos) if (!listOrder.has(p.index)) listOrder.set(p.index, listOrder.size);
  const place = (p: ReviewPhoto): number => listOrder.get(p.index) ?? 0;
  state = { ...next, photos: [...next.photos].sort((a, b) => place(a) - place(b)) };
  return state;
}

/** Photos the list draws at a time: a sports day has hundreds, the screen shows a dozen. */
const LIST_CHUNK = 60;
/** How far beyond the list's edge a thumbnail or the next chunk starts loading (px). */
const LIST_MARGIN = '400px';

/** The list as drawn: kept from one render to the next (and its scroll with it), drawn anew only for a new state. */
let listNav: HTMLElement | null = null;
let listOf: ReviewState | null = null;
let listDrawn = 0;
let listObservers: IntersectionObserver[] = [];

/** The label placement shared with report.html (src/report/label-place.ts), served by the tool like this script. */
type LabelPlace = typeof import('../../report/label-place.js');
const labelPlace = import(`./label-place.js?token=${encodeURIComponent(token)}`) as Promise<LabelPlace>;

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

/** A word of the page in its language, its `{0}`, `{1}`… filled with `values` (src/review/labels.ts makes them). */
function t<K extends keyof PageWords>(key: K, ...values: PageWordArgs<K>): string {
  const template = labels?.words[key] ?? '';
  return template.replace(/\{(\d+)\}/gu, (whole, n: string) => (values as readonly string[])[Number(n)] ?? whole);
}

/** A number as the page's language writes it. */
function num(value: number): string {
  return value.toLocaleString(labels?.locale);
}

/** A keyboard help line: `[x]` in the text becomes a key cap. */
function keyHelp(text: string): HTMLElement {
  const parts = text.split(/\[([^\]]+)\]/u);
  return el('p', { class: 'keys' }, parts.map((part, i) => (i % 2 === 1 ? el('kbd', { text: part }) : part)));
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

/** What a face's label says after its number: who, status, action, and whether the teacher's correction decided it. */
function faceParts(labels: ReviewLabels, face: ReviewFace): string[] {
  const who = face.name ?? face.pupil ?? '';
  const parts = [face.status === 'uncertain' && who !== '' ? `${who}?` : who, labels.status[face.status].text, labels.action[face.action]];
  if (face.correction !== null) parts.push(labels.corrected[face.correction]);
  return parts.filter((part) => part !== '');
}

function faceLabel(labels: ReviewLabels, face: ReviewFace, i: number): string {
  return [num(i + 1), ...faceParts(labels, face)].join(' · ');
}

function faceHeading(labels: ReviewLabels, face: ReviewFace, i: number): string {
  const parts = faceParts(labels, face);
  return parts.length === 0 ? t('faceHeadingBare', num(i + 1)) : t('faceHeading', num(i + 1), parts.join(' · '));
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
    setState(await api<ReviewState>('api/correct', request));
    message = t('saved');
  } catch (error) {
    message = t('notSaved', messageOf(error));
  }
  busy = false;
  render();
}

async function applyScan(): Promise<void> {
  if (busy) return;
  busy = true;
  message = t('scanningAgain');
  render();
  try {
    const index = photo()?.index ?? null;
    const result = await api<ApplyResponse>('api/apply', {});
    const next = setState(result.state);
    // The scan groups the faces still unnamed anew: what was taken out of the old groups says nothing about the new.
    takenOut.clear();
    const again = next.photos.findIndex((p) => p.index === index);
    current = again >= 0 ? again : 0;
    message = result.code === 0 ? t('appliedDone') : result.code === 3 ? t('appliedReview') : t('scanEnded', String(result.code), result.output);
    const held = next.photos.reduce((n, p) => n + p.faces.filter(heldBack).length, 0);
    if (held > 0) message += ` ${t('appliedOverruled', num(held))}`;
  } catch (error) {
    message = t('applyFailed', messageOf(error));
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
  byId('app').replaceChildren(el('p', { text: t('finished') }));
  byId('bar').replaceChildren();
  state = null;
}

function bar(s: ReviewState): Node[] {
  const n = s.summary;
  const scope = scopeText(s);
  const people = groupsOf(s).length;
  const tab = (which: typeof view, text: string, title: string): HTMLElement =>
    el('button', {
      id: `view-${which}`,
      class: `tab${view === which ? ' active' : ''}`,
      'aria-pressed': view === which ? 'true' : 'false',
      title,
      onclick: () => {
        view = which;
        query = '';
        render();
      },
      text,
    });
  return [
    tab('photos', t('tabPhotos'), t('tabPhotosTitle')),
    tab('people', t('tabPeople', num(people)), t('tabPeopleTitle')),
    el('span', {
      class: 'facts',
      text: t('facts', scope, num(n.photos), num(n.faces), num(n.review), num(n.anonymised), num(n.dropped), num(n.publish)),
    }),
    el('button', { class: 'primary', id: 'apply', onclick: () => void applyScan(), disabled: busy, title: t('applyTitle'), text: t('apply') }),
    el('button', { id: 'done', onclick: () => void done(), disabled: busy, text: t('done') }),
    el('span', { id: 'status', text: message }),
  ];
}

function list(s: ReviewState): HTMLElement {
  if (listNav === null || listOf !== s) {
    for (const observer of listObservers) observer.disconnect();
    const nav = el('nav', { class: 'list', 'aria-label': t('photoList') });
    const more = el('p', { class: 'more', text: t('listMore') });
    // Thumbnails load when they scroll near the list's edge, and the next chunk of the list when its end does.
    const thumbs = imageLoader({ root: nav, rootMargin: LIST_MARGIN });
    const ends = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      drawMore(s, LIST_CHUNK);
      // Observed anew, so that an end still in reach after this chunk (a fast scroll) brings the next one.
      ends.unobserve(more);
      if (more.isConnected) ends.observe(more);
    }, { root: nav, rootMargin: LIST_MARGIN });
    listObservers = [thumbs, ends];
    listNav = nav;
    listOf = s;
    listDrawn = 0;
    nav.append(more);
    ends.observe(more);
  }
  drawMore(s, Math.max(0, current + 1 - listDrawn));
  for (const node of listNav.querySelectorAll('button.current')) node.classList.remove('current');
  listNav.querySelector(`button[data-at="${current}"]`)?.classList.add('current');
  return listNav;
}

/** Draws `count` more photos into the list (at least one chunk, to the end at most). */
function drawMore(s: ReviewState, count: number): void {
  const nav = listNav;
  if (nav === null || listOf !== s || count <= 0 || listDrawn >= s.photos.length) return;
  const until = Math.min(s.photos.length, Math.max(listDrawn + LIST_CHUNK, listDrawn + count));
  const [thumbs] = listObservers;
  const more = nav.querySelector('.more');
  for (let i = listDrawn; i < until; i += 1) {
    const p = s.photos[i]!;
    const img = p.hasThumb ? el('img', { 'data-src': `thumb/${p.index}?token=${encodeURIComponent(token)}`, alt: '', loading: 'lazy', width: 64, height: 48 }) : null;
    const item = el(
      'button',
      {
        class: `decision-${p.decision}`,
        'data-at': i,
        // The whole name on hover, also where the list is too narrow to show it.
        title: p.source,
        onclick: () => {
          current = i;
          selected = null;
          drawing = false;
          render();
        },
      },
      [
        img,
        el('span', { class: 'name' }, [el('span', { class: 'source', text: p.source }), el('span', { class: 'decision', text: s.labels.decision[p.decision] })]),
        p.faces.some(heldBack) ? el('span', { class: 'held', title: t('listOverruled'), text: '⚠' }) : null,
      ],
    );
    nav.insertBefore(item, more);
    if (img !== null) thumbs?.observe(img);
  }
  listDrawn = until;
  if (listDrawn >= s.photos.length) more?.remove();
}

function viewer(s: ReviewState, p: ReviewPhoto): HTMLElement {
  const box = el('div', { class: `photo${drawing ? ' drawing' : ''}` });
  const toggle = el('button', {
    id: 'preview',
    class: preview ? 'active' : '',
    'aria-pressed': preview ? 'true' : 'false',
    title: t('previewTitle'),
    onclick: () => {
      preview = !preview;
      drawing = false;
      render();
    },
    text: t('preview'),
  });
  const wrap = el('section', { class: 'viewer' }, [
    el('div', { class: 'viewer-head' }, [el('h2', { text: t('photoHeading', num(current + 1), num(s.photos.length), p.source, s.labels.decision[p.decision]) }), toggle]),
    box,
  ]);
  const size = p.imageSize;
  if (size === null) {
    box.append(el('div', { class: 'placeholder', text: p.error ?? t('unreadable') }));
    return wrap;
  }
  if (preview) return publishedView(s, p, size, box, wrap);
  box.style.aspectRatio = `${size.width} / ${size.height}`;
  box.append(el('img', { src: `photo/${p.index}?token=${encodeURIComponent(token)}`, alt: p.source, draggable: 'false' }));
  p.faces.forEach((face, i) => {
    // As in report.html: labels near the top go below their box, on the right half they end at its right edge.
    const onclick = (event: Event): void => {
      event.stopPropagation();
      if (!drawing) {
        selected = i;
        render();
      }
    };
    const node = el('div', { class: `face ${face.action}${selected === i ? ' selected' : ''}`, 'data-face': i + 1, title: face.reasons.join('\n'), onclick }, [
      el('span', { text: faceLabel(s.labels, face, i) }),
    ]);
    node.style.setProperty('--c', s.labels.status[face.status].colour);
    place(node, face.box, size);
    box.append(node);
  });
  for (const added of p.pending.added.filter((a) => !a.applied)) {
    const node = el('div', { class: 'face drawn pending' }, [el('span', { text: t('drawnPending') })]);
    node.style.setProperty('--c', s.labels.drawnColour);
    place(node, added.box, size);
    box.append(node);
  }
  drawOn(box, size);
  return wrap;
}

/** The output copy as the last scan wrote it: no boxes, nothing to click, and said plainly when nothing went out. */
function publishedView(s: ReviewState, p: ReviewPhoto, size: Size, box: HTMLElement, wrap: HTMLElement): HTMLElement {
  box.classList.add('published');
  if (p.output === null) {
    box.append(el('div', { class: 'placeholder', text: t('nothingPublished', s.labels.decision[p.decision]) }));
    return wrap;
  }
  box.style.aspectRatio = `${size.width} / ${size.height}`;
  // The scan's start in the address: after Apply the browser fetches the new copy instead of showing the old one.
  const src = `published/${p.index}?token=${encodeURIComponent(token)}&scan=${encodeURIComponent(s.startedAt)}`;
  box.append(el('img', { src, alt: t('publishedAlt', p.source), draggable: 'false' }));
  const waiting = p.faces.some((face) => face.waiting !== null) || p.pending.added.some((a) => !a.applied);
  wrap.append(el('p', { class: 'named', text: waiting ? t('asPublishedWaiting') : t('asPublished') }));
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

/** The pupil search box and its results, for a face and for a group alike: typing filters, a click or Enter names. */
function pupilSearch(s: ReviewState, placeholder: string, name: (pupil: string) => void): { search: HTMLInputElement; results: HTMLUListElement } {
  const results = el('ul', { class: 'results', id: 'results' });
  const search = el('input', { type: 'search', id: 'search', placeholder, value: query, autocomplete: 'off' });
  const fill = (): void => {
    results.replaceChildren(
      ...matches(s, query).map((pupil) =>
        el('li', {}, [el('button', { 'data-pupil': pupil.id, onclick: () => name(pupil.id), text: t('pupilResult', pupil.name, pupil.className, pupil.id) })]),
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
  return { search, results };
}

function facePanel(s: ReviewState, p: ReviewPhoto): HTMLElement {
  const face = selected === null ? undefined : p.faces[selected];
  if (selected === null || face === undefined) {
    return el('div', {}, [el('p', { text: p.faces.length === 0 ? t('noFaces') : t('selectFace') })]);
  }
  const n = selected + 1;
  const waiting = face.waiting;
  const { search, results } = pupilSearch(s, t('searchFace'), (pupil) => {
    query = '';
    void correct({ action: 'pupil', face: n, pupil });
  });
  const waitingLine = waiting === null ? null : waitingText(s.labels, waiting);
  return el('div', {}, [
    el('h3', { text: faceHeading(s.labels, face, selected) }),
    face.correction !== null ? el('p', { class: 'named', text: t('correctionDecided', s.labels.correction[face.correction]) }) : null,
    waitingLine !== null ? el('p', { class: 'named', text: t('waitingForApply', waitingLine) }) : null,
    face.outcome !== null ? el('p', { class: `outcome outcome-${face.outcome.result}`, text: outcomeText(s, face) }) : null,
    el('ul', { class: 'reasons' }, face.reasons.map((line) => el('li', { text: line }))),
    search,
    results,
    el(
      'div',
      { class: 'buttons' },
      face.correction === 'added'
        ? [el('button', { onclick: () => void correct({ action: 'undo', face: n }), text: t('removeBox') })]
        : [
            el('button', { onclick: () => void correct({ action: 'not-a-pupil', face: n }), text: t('notAPupil') }),
            el('button', { onclick: () => void correct({ action: 'blur', face: n }), text: t('alwaysBlur') }),
            el('button', { onclick: () => void correct({ action: 'not-a-face', face: n }), text: t('notAFace') }),
            face.correction !== null || waiting !== null ? el('button', { onclick: () => void correct({ action: 'undo', face: n }), text: t('undo') }) : null,
          ],
    ),
  ]);
}

// ---------- what became of a correction after Apply (issue 25) ----------

/** The scan's scope as the bar and the outcome of a correction name it. */
function scopeText(s: ReviewState): string {
  return s.className === null ? s.labels.scope[s.scope] : t('scopeOfClass', s.labels.scope[s.scope], s.className);
}

function outcomeText(s: ReviewState, face: ReviewFace): string {
  const who = face.name ?? face.pupil ?? '';
  switch (face.outcome?.result) {
    case 'shown':
      return t('outcomeShown');
    case 'anonymised':
      return t('outcomeAnonymised');
    case 'no-consent':
      return t('outcomeNoConsent', who, scopeText(s));
    case 'overruled':
      return t('outcomeOverruled', who, scopeText(s));
    default:
      return '';
  }
}

/** The consent rules kept the teacher's correction from showing this face. */
function heldBack(face: ReviewFace): boolean {
  return face.outcome?.result === 'no-consent' || face.outcome?.result === 'overruled';
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
    el('h3', { text: t('thisPhoto') }),
    el('ul', { class: 'reasons' }, p.reasons.map((line) => el('li', { text: line }))),
    el('div', { class: 'buttons' }, [
      p.imageSize !== null
        ? el('button', {
            id: 'draw',
            class: drawing ? 'active' : '',
            onclick: () => {
              drawing = !drawing;
              preview = false;
              render();
            },
            text: drawing ? t('dragOver') : t('drawBox'),
          })
        : null,
      p.pending.dropped
        ? el('button', { id: 'undrop', onclick: () => void correct({ action: 'undrop' }), text: t('undrop') })
        : el('button', { id: 'drop', onclick: () => void correct({ action: 'drop' }), text: t('drop') }),
    ]),
    p.pending.dropped ? el('p', { class: 'named', text: p.decision === 'dropped' ? t('droppedByYou') : t('droppedAfterApply') }) : null,
    drawn.length > 0
      ? el(
          'ul',
          { class: 'reasons' },
          drawn.map((a) =>
            el('li', {}, [
              el('span', { text: `${t('boxDrawnAt', String(a.box.x), String(a.box.y), String(a.box.width), String(a.box.height))} ` }),
              el('button', { onclick: () => void correct({ action: 'undo-added', index: a.index }), text: t('remove') }),
            ]),
          ),
        )
      : null,
  ]);
}

// ---------- the People view: every group of faces nobody was matched to, named at once ----------

interface Member extends FaceRef {
  readonly source: string;
  readonly waiting: WaitingCorrection | null;
}

interface Group {
  readonly id: string;
  readonly members: readonly Member[];
}

/** A group naming as a key or button sends it: the group and the faces taken out are added when it is sent. */
type GroupNaming = CorrectGroupRequest extends infer R ? (R extends CorrectGroupRequest ? Omit<R, 'group' | 'except'> : never) : never;

function keyOf(ref: FaceRef): string {
  return `${ref.photo}:${ref.face}`;
}

function waitingText(labels: ReviewLabels, waiting: WaitingCorrection): string {
  return waiting.correction === 'pupil' ? t('thisIs', waiting.name ?? waiting.pupil ?? '') : labels.correction[waiting.correction];
}

/** The state's groups, largest first, then by id so the order holds from one render to the next. */
function groupsOf(s: ReviewState): Group[] {
  // Once per state: the bar, the view and each key ask for them, and a sports day has thousands of faces.
  let groups = groupsByState.get(s);
  if (groups === undefined) groupsByState.set(s, (groups = findGroups(s)));
  return groups;
}

const groupsByState = new WeakMap<ReviewState, Group[]>();

function findGroups(s: ReviewState): Group[] {
  const found = new Map<string, Member[]>();
  for (const p of s.photos) {
    p.faces.forEach((face, i) => {
      if (face.group === null) return;
      const members = found.get(face.group) ?? [];
      members.push({ photo: p.index, face: i + 1, source: p.source, waiting: face.waiting });
      found.set(face.group, members);
    });
  }
  return [...found]
    .map(([id, members]) => ({ id, members: members.sort((a, b) => a.photo - b.photo || a.face - b.face) }))
    .sort((a, b) => b.members.length - a.members.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function takenOutOf(group: string): Set<string> {
  let out = takenOut.get(group);
  if (out === undefined) takenOut.set(group, (out = new Set()));
  return out;
}

function toggleTakenOut(group: string, member: Member): void {
  const out = takenOutOf(group);
  const key = keyOf(member);
  if (!out.delete(key)) out.add(key);
}

async function nameGroup(group: Group, naming: GroupNaming): Promise<void> {
  if (busy) return;
  const out = takenOutOf(group.id);
  if (group.members.every((m) => out.has(keyOf(m)))) {
    message = t('allTakenOut');
    render();
    return;
  }
  busy = true;
  try {
    const except = group.members.filter((m) => out.has(keyOf(m))).map((m) => ({ photo: m.photo, face: m.face }));
    const request: CorrectGroupRequest = { ...naming, group: group.id, except };
    const named = setState(await api<ReviewState>('api/correct-group', request));
    query = '';
    message = t('saved');
    // On to the next group nobody named yet, so a sports day is named group after group without the mouse.
    const groups = groupsOf(named);
    const at = groups.findIndex((g) => g.id === group.id);
    const next = [...groups.slice(at + 1), ...groups.slice(0, Math.max(0, at))].find((g) => g.members.every((m) => m.waiting === null));
    if (next !== undefined) {
      focusGroup = next.id;
      focusFace = 0;
    }
  } catch (error) {
    message = t('notSaved', messageOf(error));
  }
  busy = false;
  render();
}

/** One face of a group, as the server crops it; loaded when it scrolls near the screen (a sports day has hundreds). */
function crop(member: Member, out: boolean, focused: boolean, onclick: (event: Event) => void): HTMLElement {
  const named = member.waiting !== null && !out;
  return el(
    'button',
    {
      class: `crop${out ? ' out' : ''}${focused ? ' focused' : ''}${named ? ' named' : ''}`,
      'data-photo': member.photo,
      'data-face': member.face,
      'aria-pressed': out ? 'true' : 'false',
      title: out ? t('cropOut', member.source, num(member.face)) : t('cropIn', member.source, num(member.face)),
      onclick,
    },
    [
      lazyCrop(`face/${member.photo}/${member.face}?token=${encodeURIComponent(token)}`),
      out ? el('span', { class: 'mark', text: t('takenOutMark') }) : null,
    ],
  );
}

function groupCard(s: ReviewState, group: Group, n: number): HTMLElement {
  const focused = group.id === focusGroup;
  const out = takenOutOf(group.id);
  const kept = group.members.filter((m) => !out.has(keyOf(m)));
  const named = [...new Set(kept.flatMap((m) => (m.waiting === null ? [] : [waitingText(s.labels, m.waiting)])))];
  const count = group.members.length;
  const strip = el(
    'div',
    { class: 'strip' },
    group.members.map((member, i) =>
      crop(member, out.has(keyOf(member)), focused && i === focusFace, (event) => {
        event.stopPropagation();
        focusGroup = group.id;
        focusFace = i;
        toggleTakenOut(group.id, member);
        render();
      }),
    ),
  );
  const card = el(
    'section',
    {
      class: `group${focused ? ' focused' : ''}${named.length > 0 ? ' pending' : ''}`,
      'data-group': group.id,
      onclick: () => {
        if (focusGroup === group.id) return;
        focusGroup = group.id;
        focusFace = 0;
        render();
      },
    },
    [
      el('h3', {
        text: `${count === 1 ? t('personOne', num(n + 1), num(count)) : t('personMany', num(n + 1), num(count))}${out.size > 0 ? t('takenOutCount', num(out.size)) : ''}`,
      }),
      named.length > 0 ? el('p', { class: 'named', text: t('waitingForApply', named.join(', ')) }) : null,
      strip,
      focused ? groupControls(s, group) : null,
    ],
  );
  return card;
}

function groupControls(s: ReviewState, group: Group): HTMLElement {
  const { search, results } = pupilSearch(s, t('searchGroup'), (pupil) => void nameGroup(group, { action: 'pupil', pupil }));
  return el('div', { class: 'controls' }, [
    el('p', { text: t('whoIsThis') }),
    search,
    results,
    el('div', { class: 'buttons' }, [
      el('button', { id: 'group-not-a-pupil', onclick: () => void nameGroup(group, { action: 'not-a-pupil' }), text: t('notAPupil') }),
      el('button', { id: 'group-blur', onclick: () => void nameGroup(group, { action: 'blur' }), text: t('alwaysBlur') }),
    ]),
  ]);
}

/**
 * A crop that loads when it scrolls near the screen (the page's own IntersectionObserver, so what loads does not depend
 * on the browser's idea of "near", and a crop drawn again keeps what it loaded).
 */
function lazyCrop(src: string): HTMLImageElement {
  const img = el('img', { 'data-src': src, alt: '', draggable: 'false', width: 88, height: 88 });
  cropLoader.observe(img);
  return img;
}

const cropLoader = imageLoader({ rootMargin: LIST_MARGIN });

/** Watches `<img data-src>`s and gives each its `src` once it comes near the edge of `options.root`, then forgets it. */
function imageLoader(options: IntersectionObserverInit): IntersectionObserver {
  const loader = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const img = entry.target as HTMLImageElement;
      img.src = img.dataset['src'] ?? '';
      loader.unobserve(img);
    }
  }, options);
  return loader;
}

/**
 * The group cards as last drawn for one state, by group id, with what they were drawn for: a key press draws again
 * only the cards it changes (the focused one, one a face was taken out of), so the others keep their crops.
 */
const drawnCards = new Map<string, { readonly key: string; readonly node: HTMLElement }>();
let drawnCardsOf: ReviewState | null = null;

function cachedCard(s: ReviewState, group: Group, n: number): HTMLElement {
  if (drawnCardsOf !== s) {
    drawnCards.clear();
    drawnCardsOf = s;
  }
  // The focused card has the search box and the focused face: always drawn anew (it is one card).
  const key = group.id === focusGroup ? null : `${n}|${[...takenOutOf(group.id)].sort().join(',')}`;
  const drawn = drawnCards.get(group.id);
  if (key !== null && drawn?.key === key) return drawn.node;
  const node = groupCard(s, group, n);
  if (key === null) drawnCards.delete(group.id);
  else drawnCards.set(group.id, { key, node });
  return node;
}

function peopleView(s: ReviewState): HTMLElement {
  const groups = groupsOf(s);
  const keys = keyHelp(t('keysPeople'));
  if (groups.length === 0) {
    return el('div', { class: 'people' }, [el('p', { text: t('nobodyLeft') }), keys]);
  }
  if (!groups.some((g) => g.id === focusGroup)) {
    focusGroup = groups[0]!.id;
    focusFace = 0;
  }
  return el('div', { class: 'people' }, [
    el('p', { text: groups.length === 1 ? t('peopleOne', num(groups.length)) : t('peopleMany', num(groups.length)) }),
    keys,
    ...groups.map((group, n) => cachedCard(s, group, n)),
  ]);
}

/** The People view's keys; false when the key is not one of them. */
function peopleKey(s: ReviewState, key: string): boolean {
  const groups = groupsOf(s);
  const at = groups.findIndex((g) => g.id === focusGroup);
  const group = groups[at];
  if (group === undefined) return false;
  const move = (by: number): void => {
    const next = groups[Math.max(0, Math.min(groups.length - 1, at + by))];
    if (next !== undefined && next.id !== focusGroup) {
      focusGroup = next.id;
      focusFace = 0;
      query = '';
    }
  };
  const member = group.members[focusFace];
  if (key === 'j' || key === 'ArrowDown') move(1);
  else if (key === 'k' || key === 'ArrowUp') move(-1);
  else if (key === 'ArrowRight' || key === 'l') focusFace = Math.min(group.members.length - 1, focusFace + 1);
  else if (key === 'ArrowLeft' || key === 'h') focusFace = Math.max(0, focusFace - 1);
  else if (key === 'x' && member !== undefined) toggleTakenOut(group.id, member);
  else if (key === 'n') void nameGroup(group, { action: 'not-a-pupil' });
  else if (key === 'b') void nameGroup(group, { action: 'blur' });
  else if (key === 'o' && member !== undefined) {
    const i = s.photos.findIndex((p) => p.index === member.photo);
    if (i < 0) return false;
    view = 'photos';
    current = i;
    selected = member.face - 1;
  } else return false;
  return true;
}

function render(): void {
  const s = state;
  if (s === null) return;
  byId('bar').replaceChildren(...bar(s));
  if (view === 'people') {
    byId('app').replaceChildren(peopleView(s));
    document.querySelector('.group.focused')?.scrollIntoView({ block: 'nearest' });
    if (document.activeElement === document.body && query !== '') document.getElementById('search')?.focus();
    return;
  }
  const p = photo();
  if (p === undefined) {
    byId('app').replaceChildren(el('p', { text: t('noPhotos') }));
    return;
  }
  const panel = el('aside', { class: 'panel' }, [
    facePanel(s, p),
    el('hr'),
    photoPanel(p),
    keyHelp(t('keysPhotos')),
  ]);
  const before = listNav;
  const scrolled = { top: before?.scrollTop ?? 0, left: before?.scrollLeft ?? 0 };
  const nav = list(s);
  byId('app').replaceChildren(el('div', { class: 'layout' }, [nav, viewer(s, p), panel]));
  nav.scrollTop = scrolled.top;
  nav.scrollLeft = scrolled.left;
  nav.querySelector('button.current')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  void arrangeLabels();
  if (document.activeElement === document.body && query !== '') document.getElementById('search')?.focus();
}

/**
 * Places the face labels of the photo on screen so that none covers another (crowds), with the placement report.html
 * uses, in the pixels the photo is shown at: measured here, so it holds at any window size.
 */
async function arrangeLabels(): Promise<void> {
  const { placeLabels } = await labelPlace;
  const photoBox = document.querySelector<HTMLElement>('.viewer .photo:not(.published)');
  if (photoBox === null) return;
  const faces = [...photoBox.querySelectorAll<HTMLElement>('.face')].filter((face) => face.querySelector('span') !== null);
  const spans = faces.map((face) => face.querySelector('span')!);
  for (const span of spans) {
    span.classList.remove('compact');
    span.style.maxWidth = '';
  }
  const placed = placeLabels(
    { width: photoBox.clientWidth, height: photoBox.clientHeight },
    faces.map((face, i) => ({
      box: { x: face.offsetLeft, y: face.offsetTop, width: face.offsetWidth, height: face.offsetHeight },
      width: spans[i]!.offsetWidth,
      height: spans[i]!.offsetHeight,
      // The face number and its padding.
      compactWidth: 10 + 7 * String(face.dataset['face'] ?? '').length,
    })),
  );
  placed.forEach((spot, i) => {
    const face = faces[i]!;
    const span = spans[i]!;
    // The label sits in its face's box, whose border is the origin of its offsets.
    span.style.left = `${spot.x - face.offsetLeft - face.clientLeft}px`;
    span.style.top = `${spot.y - face.offsetTop - face.clientTop}px`;
    span.style.right = 'auto';
    span.style.bottom = 'auto';
    if (spot.compact) {
      span.classList.add('compact');
      span.style.maxWidth = `${spot.width}px`;
    }
  });
}

window.addEventListener('resize', () => void arrangeLabels());

document.addEventListener('keydown', (event) => {
  const s = state;
  if (s === null || event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'p') {
    view = view === 'people' ? 'photos' : 'people';
    query = '';
    event.preventDefault();
    render();
    return;
  }
  if (view === 'people') {
    if (event.key === 'a') {
      void applyScan();
      return;
    }
    if (event.key === '/') {
      event.preventDefault();
      document.getElementById('search')?.focus();
      return;
    }
    if (event.key === 'n' || event.key === 'b') {
      event.preventDefault();
      peopleKey(s, event.key);
      return;
    }
    if (peopleKey(s, event.key)) {
      event.preventDefault();
      render();
    }
    return;
  }
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
    preview = false;
  } else if (event.key === 'v') {
    preview = !preview;
    drawing = false;
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
    setState(loaded);
    labels = loaded.labels;
    render();
  })
  .catch((error: unknown) => {
    // Without a state the page has no words yet: the server wrote this one into the page itself.
    const app = byId('app');
    app.replaceChildren(el('p', { class: 'error', text: (app.dataset['error'] ?? '{0}').replace('{0}', messageOf(error)) }));
  });
