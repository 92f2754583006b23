/**
 * The teacher's corrections, kept in the store's `corrections` document (`corrections.enc`, encrypted with the store). They are facts about a photo, not about a
 * scope: keyed by the photo's content hash, and per face by its box (a later scan finds the face again by overlap,
 * src/policy/correct.ts). Each photo also keeps its fingerprint, what a person sees (src/images/fingerprint.ts), so
 * that a re-saved copy gets the same corrections (src/policy/same-photo.ts). A face named as a pupil also keeps that face's descriptor: a learned face, which joins the
 * pupil's templates like a portrait does (descriptors only, never pixels) and goes with `forget`.
 */
import type { Template } from '../faces/engine-types.js';
import type { FaceCorrection, PhotoCorrectionInput } from '../policy/correct.js';
import { correctionsFor, type KnownPhoto } from '../policy/same-photo.js';
import { isFingerprint, plainFingerprint, type Fingerprint } from '../images/fingerprint.js';
import type { Descriptor } from '../faces/types.js';
import { scaleBox, type Box, type Size } from '../geometry.js';
import { UserError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import { decodeDescriptor, encodeDescriptor, isRecord } from './codec.js';
import type { Store } from './store.js';

/** The document's name in the store (vault's `readDocument`/`writeDocument`). */
export const CORRECTIONS_DOCUMENT = 'corrections';
const FORMAT_VERSION = 1;

/** A face named as a pupil, as the recogniser described it then (only with the describer that made it). */
export interface LearnedFace {
  readonly describer: string;
  readonly descriptor: Descriptor;
}

export interface FaceMark {
  /** In the oriented pixels of `PhotoCorrections.imageSize`. */
  readonly box: Box;
  readonly correction: FaceCorrection;
  /** ISO date-time the teacher said it. */
  readonly at: string;
  /** For `pupil` when the face had a descriptor; null otherwise. */
  readonly learned: LearnedFace | null;
}

export interface AddedBox {
  readonly box: Box;
  readonly at: string;
}

export interface PhotoCorrections {
  /** The oriented size the boxes were measured on. */
  readonly imageSize: Size;
  /**
   * What the photo looks like, measured on `imageSize`. Null in stores from before fingerprints: nothing can be
   * computed without the photo, so those corrections hold for exactly these bytes until the photo is corrected again
   * (its fingerprint is added then).
   */
  readonly fingerprint: Fingerprint | null;
  readonly faces: readonly FaceMark[];
  /** Faces the detector missed, drawn by the teacher: always anonymised. */
  readonly added: readonly AddedBox[];
  /** When the teacher dropped the photo; null when not. */
  readonly droppedAt: string | null;
}

/** Photo content hash (sha256 hex) → its corrections. */
export type Corrections = ReadonlyMap<string, PhotoCorrections>;

export function emptyPhotoCorrections(imageSize: Size, fingerprint: Fingerprint | null): PhotoCorrections {
  return { imageSize, fingerprint, faces: [], added: [], droppedAt: null };
}

/** The part the correct step (src/policy/correct.ts) needs. */
export function correctionInput(photo: PhotoCorrections): PhotoCorrectionInput {
  return { imageSize: photo.imageSize, faces: photo.faces, added: photo.added, dropped: photo.droppedAt !== null };
}

/** Every corrected photo as src/policy/same-photo.ts looks them up. */
export function knownPhotos(corrections: Corrections): Map<string, KnownPhoto> {
  return new Map([...corrections].map(([hash, photo]) => [hash, { fingerprint: photo.fingerprint, corrections: correctionInput(photo) }]));
}

/**
 * What the teacher has said about the photo with sha256 `hash`, fingerprint `fingerprint` and size `imageSize`: its
 * own corrections, else those of a photo it is surely a copy of, its boxes scaled onto this photo's pixels (so an edit
 * of a re-saved copy starts from what she said about the original, and keeps it). Empty otherwise: a photo that only
 * resembles a corrected one is hers to correct anew.
 */
export function correctionsOf(corrections: Corrections, hash: string, fingerprint: Fingerprint | null, imageSize: Size): PhotoCorrections {
  const own = corrections.get(hash);
  if (own !== undefined) return own.fingerprint === null && fingerprint !== null && sameSize(own.imageSize, fingerprint.size) ? { ...own, fingerprint: plainFingerprint(fingerprint) } : own;
  const found = correctionsFor(hash, fingerprint, knownPhotos(corrections));
  const plain = fingerprint === null ? null : plainFingerprint(fingerprint);
  if (found.kind !== 'copy') return emptyPhotoCorrections(imageSize, plain);
  const from = corrections.get(found.of)!;
  const scale = (box: Box): Box => scaleBox(box, from.imageSize, imageSize);
  return {
    imageSize,
    fingerprint: plain,
    // A learned face stays with the original's mark: the same descriptor twice would count as two learned faces.
    faces: from.faces.map((mark) => ({ ...mark, box: scale(mark.box), learned: null })),
    added: from.added.map((added) => ({ ...added, box: scale(added.box) })),
    droppedAt: from.droppedAt,
  };
}

function sameSize(a: Size, b: Size): boolean {
  return a.width === b.width && a.height === b.height;
}

/** True when nothing is said about the photo any more, so its entry can go. */
export function isEmpty(photo: PhotoCorrections): boolean {
  return photo.faces.length === 0 && photo.added.length === 0 && photo.droppedAt === null;
}

/** @throws UserError when the file is damaged: a correction silently lost could publish a face the teacher hid. */
export async function readCorrections(store: Pick<Store, 'readDocument' | 'documentFile'>): Promise<Map<string, PhotoCorrections>> {
  const raw = await store.readDocument(CORRECTIONS_DOCUMENT);
  if (raw === null || raw === undefined) return new Map();
  const parsed = parseCorrections(raw);
  if (parsed === null) {
    throw new UserError(msg.store.correctionsDamaged, {
      place: { file: store.documentFile(CORRECTIONS_DOCUMENT) },
      hint: msg.store.correctionsDamagedHint,
    });
  }
  return parsed;
}

export async function writeCorrections(store: Pick<Store, 'writeDocument' | 'removeDocument'>, corrections: Corrections): Promise<void> {
  const photos = [...corrections].filter(([, photo]) => !isEmpty(photo));
  if (photos.length === 0) {
    await store.removeDocument(CORRECTIONS_DOCUMENT);
    return;
  }
  await store.writeDocument(CORRECTIONS_DOCUMENT, serialise(new Map(photos)));
}

/** Reads, changes one photo's corrections with `change`, writes. Returns the photo's new corrections. */
export async function updatePhotoCorrections(
  store: Pick<Store, 'readDocument' | 'writeDocument' | 'removeDocument' | 'documentFile'>,
  contentHash: string,
  imageSize: Size,
  fingerprint: Fingerprint | null,
  change: (photo: PhotoCorrections) => PhotoCorrections,
): Promise<PhotoCorrections> {
  const [after] = await updateCorrections(store, [{ contentHash, imageSize, fingerprint, change }]);
  return after!;
}

/**
 * Changes several photos' corrections in one read and one write (naming a people group): when any `change` throws,
 * nothing is written. Returns the photos' new corrections, in the order given; a photo given twice sees its first change.
 */
export async function updateCorrections(
  store: Pick<Store, 'readDocument' | 'writeDocument' | 'removeDocument' | 'documentFile'>,
  changes: readonly {
    readonly contentHash: string;
    readonly imageSize: Size;
    /** The photo's fingerprint, when known: a photo with no corrections of its own starts from those of its original. */
    readonly fingerprint: Fingerprint | null;
    readonly change: (photo: PhotoCorrections) => PhotoCorrections;
  }[],
): Promise<PhotoCorrections[]> {
  const all = await readCorrections(store);
  const results = changes.map(({ contentHash, imageSize, fingerprint, change }) => {
    const after = change(correctionsOf(all, contentHash, fingerprint, imageSize));
    all.set(contentHash, after);
    return after;
  });
  await writeCorrections(store, all);
  return results;
}

/**
 * Gives corrected photos from before fingerprints theirs, now that a scan decoded exactly their bytes (`seen`: sha256
 * → fingerprint), so that what the teacher said about them also follows their re-saved copies from now on. Only
 * where the size matches the one the boxes were measured on; nothing else changes.
 * @returns how many photos got a fingerprint.
 */
export async function addFingerprints(
  store: Pick<Store, 'readDocument' | 'writeDocument' | 'removeDocument' | 'documentFile'>,
  seen: ReadonlyMap<string, Fingerprint>,
): Promise<number> {
  const all = await readCorrections(store);
  let added = 0;
  for (const [hash, photo] of all) {
    const fingerprint = seen.get(hash);
    if (photo.fingerprint !== null || fingerprint === undefined || !sameSize(photo.imageSize, fingerprint.size)) continue;
    all.set(hash, { ...photo, fingerprint: plainFingerprint(fingerprint) });
    added += 1;
  }
  if (added > 0) await writeCorrections(store, all);
  return added;
}

/**
 * The learned faces as templates, one per pupil, for the describer `describerKey` (descriptors of another describer
 * mean nothing to this one and are left out).
 */
export function learnedTemplates(corrections: Corrections, describerKey: string): Template[] {
  const byPupil = new Map<string, Descriptor[]>();
  for (const photo of corrections.values()) {
    for (const mark of photo.faces) {
      if (mark.correction.kind !== 'pupil' || mark.learned === null || mark.learned.describer !== describerKey) continue;
      const list = byPupil.get(mark.correction.pupilId) ?? [];
      list.push(mark.learned.descriptor);
      byPupil.set(mark.correction.pupilId, list);
    }
  }
  return [...byPupil].map(([pupilId, descriptors]) => ({ pupilId, descriptors }));
}

/** Portrait templates plus learned faces, merged per pupil. A learned face of a pupil without a portrait counts too. */
export function withLearned(templates: readonly Template[], learned: readonly Template[]): Template[] {
  const extra = new Map(learned.map((t) => [t.pupilId, t.descriptors]));
  const merged = templates.map((t) => {
    const more = extra.get(t.pupilId);
    extra.delete(t.pupilId);
    return more === undefined ? t : { pupilId: t.pupilId, descriptors: [...t.descriptors, ...more] };
  });
  return [...merged, ...[...extra].map(([pupilId, descriptors]) => ({ pupilId, descriptors }))];
}

/** What the store holds naming one pupil through corrections (for `show` and `forget`). */
export interface CorrectionsNaming {
  readonly pupilId: string;
  readonly corrections: readonly { readonly photo: string; readonly at: string; readonly learnedFace: boolean }[];
}

export async function correctionsNaming(store: Pick<Store, 'readDocument' | 'documentFile'>, pupilId: string): Promise<CorrectionsNaming> {
  const all = await readCorrections(store);
  const found: { photo: string; at: string; learnedFace: boolean }[] = [];
  for (const [photo, photoCorrections] of all) {
    for (const mark of photoCorrections.faces) {
      if (mark.correction.kind === 'pupil' && mark.correction.pupilId === pupilId) found.push({ photo, at: mark.at, learnedFace: mark.learned !== null });
    }
  }
  return { pupilId, corrections: found };
}

/**
 * Removes every correction naming the pupil, and with it their learned faces. The face is then decided by the
 * recogniser again (anonymised unless identified with consent): forgetting never shows anyone.
 * @returns how many corrections were removed.
 */
export async function forgetPupilCorrections(
  store: Pick<Store, 'readDocument' | 'writeDocument' | 'removeDocument' | 'documentFile'>,
  pupilId: string,
): Promise<number> {
  const all = await readCorrections(store);
  let removed = 0;
  for (const [hash, photo] of all) {
    const faces = photo.faces.filter((mark) => !(mark.correction.kind === 'pupil' && mark.correction.pupilId === pupilId));
    removed += photo.faces.length - faces.length;
    all.set(hash, { ...photo, faces });
  }
  if (removed > 0) await writeCorrections(store, all);
  return removed;
}

// ---------- the file format ----------

interface MarkJson {
  box: [number, number, number, number];
  correction: FaceCorrection['kind'];
  pupil?: string;
  at: string;
  describer?: string;
  descriptor?: string;
}

function serialise(corrections: Corrections): unknown {
  const photos: Record<string, unknown> = {};
  for (const [hash, photo] of corrections) {
    photos[hash] = {
      imageSize: [photo.imageSize.width, photo.imageSize.height],
      // Only the hash: its size is `imageSize`. Absent for photos corrected before fingerprints.
      ...(photo.fingerprint !== null ? { fingerprint: photo.fingerprint.phash } : {}),
      droppedAt: photo.droppedAt,
      faces: photo.faces.map((mark): MarkJson => ({
        box: boxArray(mark.box),
        correction: mark.correction.kind,
        ...(mark.correction.kind === 'pupil' ? { pupil: mark.correction.pupilId } : {}),
        at: mark.at,
        ...(mark.learned !== null ? { describer: mark.learned.describer, descriptor: encodeDescriptor(mark.learned.descriptor) } : {}),
      })),
      added: photo.added.map((added) => ({ box: boxArray(added.box), at: added.at })),
    };
  }
  return { version: FORMAT_VERSION, photos };
}

function boxArray(box: Box): [number, number, number, number] {
  return [box.x, box.y, box.width, box.height];
}

/** Null when anything is off: a half-understood correction is worse than a refusal. */
export function parseCorrections(raw: unknown): Map<string, PhotoCorrections> | null {
  if (!isRecord(raw) || raw['version'] !== FORMAT_VERSION || !isRecord(raw['photos'])) return null;
  const out = new Map<string, PhotoCorrections>();
  for (const [hash, value] of Object.entries(raw['photos'])) {
    if (!/^[0-9a-f]{64}$/u.test(hash) || !isRecord(value)) return null;
    const imageSize = parseSize(value['imageSize']);
    const droppedAt = value['droppedAt'];
    if (imageSize === null || (droppedAt !== null && typeof droppedAt !== 'string')) return null;
    const phash = value['fingerprint'];
    const fingerprint = phash === undefined ? null : { phash, size: imageSize };
    if (fingerprint !== null && !isFingerprint(fingerprint)) return null;
    if (!Array.isArray(value['faces']) || !Array.isArray(value['added'])) return null;
    const faces: FaceMark[] = [];
    for (const item of value['faces'] as unknown[]) {
      const mark = parseMark(item);
      if (mark === null) return null;
      faces.push(mark);
    }
    const added: AddedBox[] = [];
    for (const item of value['added'] as unknown[]) {
      if (!isRecord(item) || typeof item['at'] !== 'string') return null;
      const box = parseBox(item['box']);
      if (box === null) return null;
      added.push({ box, at: item['at'] });
    }
    out.set(hash, { imageSize, fingerprint, faces, added, droppedAt });
  }
  return out;
}

function parseMark(item: unknown): FaceMark | null {
  if (!isRecord(item) || typeof item['at'] !== 'string') return null;
  const box = parseBox(item['box']);
  if (box === null) return null;
  let correction: FaceCorrection;
  switch (item['correction']) {
    case 'pupil':
      if (typeof item['pupil'] !== 'string' || item['pupil'] === '') return null;
      correction = { kind: 'pupil', pupilId: item['pupil'] };
      break;
    case 'not-a-pupil':
    case 'blur':
    case 'not-a-face':
      correction = { kind: item['correction'] };
      break;
    default:
      return null;
  }
  let learned: LearnedFace | null = null;
  if (item['descriptor'] !== undefined) {
    const descriptor = decodeDescriptor(item['descriptor']);
    if (descriptor === null || typeof item['describer'] !== 'string') return null;
    learned = { describer: item['describer'], descriptor };
  }
  return { box, correction, at: item['at'], learned };
}

function parseBox(value: unknown): Box | null {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [x, y, width, height] = value as number[];
  if (width! <= 0 || height! <= 0) return null;
  return { x: x!, y: y!, width: width!, height: height! };
}

function parseSize(value: unknown): Size | null {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => Number.isInteger(n) && (n as number) > 0)) return null;
  return { width: value[0] as number, height: value[1] as number };
}
