/**
 * The review page's correction requests, checked field by field before anything is stored: a body that is not
 * exactly one of these shapes is refused (400) whole. Pure.
 */
import type { Box } from '../geometry.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import type { FaceCorrection } from '../policy/correct.js';
import { isRecord } from '../store/codec.js';
import type { CorrectAction, CorrectFields, CorrectGroupRequest } from './api.js';
import type { Edit, FaceRef, GroupEdit } from './edit.js';

export type EditRequest = { readonly ok: true; readonly photo: number; readonly edit: Edit } | { readonly ok: false; readonly error: Text };

type Action = CorrectAction;

/** Which fields each action takes besides `photo` and `action`: fields of the page's CorrectRequest (src/review/api.ts). */
const FIELDS: { readonly [A in Action]: readonly CorrectFields<A>[] } = {
  pupil: ['face', 'pupil'],
  'not-a-pupil': ['face'],
  blur: ['face'],
  'not-a-face': ['face'],
  undo: ['face'],
  'add-box': ['box'],
  drop: [],
  undrop: [],
  'undo-added': ['index'],
};
const ACTIONS = Object.keys(FIELDS) as Action[];

export function parseEditRequest(body: unknown): EditRequest {
  if (!isRecord(body)) return fail(msg.review.request.notAnObject);
  const action = body['action'];
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) return fail(msg.review.request.action(ACTIONS.join(', ')));
  const allowed = new Set<string>(['photo', 'action', ...FIELDS[action as Action]]);
  const extra = Object.keys(body).filter((key) => !allowed.has(key));
  if (extra.length > 0) return fail(msg.review.request.extraField(extra.join(', '), action));
  const photo = body['photo'];
  if (!isCount(photo, 0)) return fail(msg.review.request.photo);
  const face = (): number | null => (isCount(body['face'], 1) ? (body['face'] as number) : null);
  const correction = (kind: FaceCorrection['kind']): EditRequest => {
    const n = face();
    if (n === null) return fail(msg.review.request.face);
    if (kind === 'pupil') {
      const pupil = body['pupil'];
      if (typeof pupil !== 'string' || pupil.trim() === '' || pupil.length > 64) return fail(msg.review.request.pupil);
      return { ok: true, photo, edit: { kind: 'face', face: n, correction: { kind: 'pupil', pupilId: pupil.trim() } } };
    }
    return { ok: true, photo, edit: { kind: 'face', face: n, correction: { kind } } };
  };
  switch (action as Action) {
    case 'pupil':
    case 'not-a-pupil':
    case 'blur':
    case 'not-a-face':
      return correction(action as FaceCorrection['kind']);
    case 'undo': {
      const n = face();
      return n === null ? fail(msg.review.request.face) : { ok: true, photo, edit: { kind: 'undo', face: n } };
    }
    case 'add-box': {
      const box = parseBox(body['box']);
      return box === null ? fail(msg.review.request.box) : { ok: true, photo, edit: { kind: 'add-box', box } };
    }
    case 'drop':
      return { ok: true, photo, edit: { kind: 'drop' } };
    case 'undrop':
      return { ok: true, photo, edit: { kind: 'undrop' } };
    case 'undo-added': {
      const index = body['index'];
      return isCount(index, 0) ? { ok: true, photo, edit: { kind: 'undo-added', index } } : fail(msg.review.request.index);
    }
  }
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 1_000_000;
}

function parseBox(value: unknown): Box | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value).sort().join(',');
  if (keys !== 'height,width,x,y') return null;
  const { x, y, width, height } = value;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  // Whole pixels: the page rounds, and a stored box should not carry a browser's float noise.
  const [bx, by, bw, bh] = (numbers as number[]).map(Math.round) as [number, number, number, number];
  if (bw <= 0 || bh <= 0) return null;
  return { x: bx, y: by, width: bw, height: bh };
}

function fail(error: Text): EditRequest {
  return { ok: false, error };
}

export type GroupEditRequest = { readonly ok: true; readonly edit: GroupEdit } | { readonly ok: false; readonly error: Text };

/** Only actions the page's CorrectGroupRequest has (src/review/api.ts). */
const GROUP_ACTIONS = ['pupil', 'not-a-pupil', 'blur'] as const satisfies readonly CorrectGroupRequest['action'][];

/**
 * The People view's one request naming a group: `{group, action, pupil?, except?: [{photo, face}]}`, photo 0-based
 * and face 1-based as for single faces. Anything else is refused whole.
 */
export function parseGroupRequest(body: unknown): GroupEditRequest {
  const refuse = (error: Text): GroupEditRequest => ({ ok: false, error });
  if (!isRecord(body)) return refuse(msg.review.request.notAnObject);
  const action = body['action'];
  if (typeof action !== 'string' || !(GROUP_ACTIONS as readonly string[]).includes(action)) return refuse(msg.review.request.action(GROUP_ACTIONS.join(', ')));
  const allowed = new Set(['group', 'action', 'except', ...(action === 'pupil' ? ['pupil'] : [])]);
  const extra = Object.keys(body).filter((key) => !allowed.has(key));
  if (extra.length > 0) return refuse(msg.review.request.extraField(extra.join(', '), action));
  const group = body['group'];
  if (typeof group !== 'string' || !/^p[0-9a-f]{10}$/u.test(group)) return refuse(msg.review.request.group);
  const exceptRaw = body['except'] ?? [];
  if (!Array.isArray(exceptRaw) || exceptRaw.length > 10_000) return refuse(msg.review.request.except);
  const except: FaceRef[] = [];
  for (const item of exceptRaw as unknown[]) {
    if (!isRecord(item) || Object.keys(item).sort().join(',') !== 'face,photo' || !isCount(item['photo'], 0) || !isCount(item['face'], 1)) {
      return refuse(msg.review.request.exceptItem);
    }
    except.push({ photo: item['photo'], face: item['face'] });
  }
  if (action === 'pupil') {
    const pupil = body['pupil'];
    if (typeof pupil !== 'string' || pupil.trim() === '' || pupil.length > 64) return refuse(msg.review.request.pupil);
    return { ok: true, edit: { group, correction: { kind: 'pupil', pupilId: pupil.trim() }, except } };
  }
  return { ok: true, edit: { group, correction: { kind: action as 'not-a-pupil' | 'blur' }, except } };
}
