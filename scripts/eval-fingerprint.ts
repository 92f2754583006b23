/**
 * `npm run eval -- fingerprint`: how far apart the fingerprints (src/images/fingerprint.ts) of one photo's re-saved
 * copies are, against different photos and different shots of the same people. The thresholds of
 * src/policy/same-photo.ts are chosen from these figures.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { bitsApart, fingerprintPixels, hashDistance, type PhotoFingerprint } from '../src/images/fingerprint.js';
import { loadPhoto } from '../src/images/load.js';
import { SAME_PHOTO } from '../src/policy/same-photo.js';

const sharedFaces = path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'faces');

/** The ways photo managers, phones and cloud sync re-save a photo, as sharp can do them. */
export const RESAVES: Readonly<Record<string, (bytes: Buffer) => Promise<Buffer>>> = {
  'jpeg q95': (bytes) => sharp(bytes).rotate().jpeg({ quality: 95 }).toBuffer(),
  'jpeg q75': (bytes) => sharp(bytes).rotate().jpeg({ quality: 75 }).toBuffer(),
  'jpeg q50': (bytes) => sharp(bytes).rotate().jpeg({ quality: 50 }).toBuffer(),
  'metadata stripped': (bytes) => sharp(bytes).rotate().jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer(),
  '8 bytes appended': async (bytes) => Buffer.concat([bytes, Buffer.from('PFPFPFPF')]),
  'half size': async (bytes) => {
    const { width } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true }).then((r) => r.info);
    return sharp(bytes).rotate().resize({ width: Math.round(width / 2) }).jpeg({ quality: 85 }).toBuffer();
  },
  'quarter size': async (bytes) => {
    const { width } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true }).then((r) => r.info);
    return sharp(bytes).rotate().resize({ width: Math.round(width / 4) }).jpeg({ quality: 85 }).toBuffer();
  },
  // Pixels stored sideways with an EXIF orientation (a phone's photo), upright again once decoded.
  'rotated, EXIF orientation 6': async (bytes) => sharp(await sharp(bytes).rotate().rotate(-90).toBuffer()).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer(),
  'PNG': (bytes) => sharp(bytes).rotate().png().toBuffer(),
  'brightness +10%': (bytes) => sharp(bytes).rotate().modulate({ brightness: 1.1 }).jpeg({ quality: 90 }).toBuffer(),
};

/** Edits that change what a person sees enough that boxes measured on the original no longer fit. */
export const EDITS: Readonly<Record<string, (bytes: Buffer) => Promise<Buffer>>> = {
  'crop 5% off the left': async (bytes) => {
    const { info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
    const cut = Math.round(info.width * 0.05);
    return sharp(bytes).rotate().extract({ left: cut, top: 0, width: info.width - cut, height: info.height }).jpeg({ quality: 90 }).toBuffer();
  },
  'crop 10% all round': async (bytes) => {
    const { info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
    const dx = Math.round(info.width * 0.1);
    const dy = Math.round(info.height * 0.1);
    return sharp(bytes).rotate().extract({ left: dx, top: dy, width: info.width - 2 * dx, height: info.height - 2 * dy }).jpeg({ quality: 90 }).toBuffer();
  },
  'rotated 90° by the user': (bytes) => sharp(bytes).rotate().rotate(90).jpeg({ quality: 90 }).toBuffer(),
  'mirrored': (bytes) => sharp(bytes).rotate().flop().jpeg({ quality: 90 }).toBuffer(),
};

/** Pairs of different shots of the same people, the nearest kind of "another photo" a school folder holds. */
const SAME_PEOPLE = [
  ['groups/ageitgey_two_people.jpg', 'groups/ageitgey_obama_and_biden.jpg'],
  ['crowds/jasmcaus_group_1.jpg', 'crowds/jasmcaus_group_2.jpg'],
] as const;

async function fingerprintOf(bytes: Buffer, name: string): Promise<PhotoFingerprint> {
  const { rgb } = await loadPhoto(name, bytes);
  return fingerprintPixels({ ...rgb, channels: 3 });
}

function summary(values: readonly number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const same = sorted.filter((d) => d <= SAME_PHOTO.sameBits).length;
  const loose = sorted.filter((d) => d > SAME_PHOTO.sameBits && d <= SAME_PHOTO.looseBits).length;
  return `min ${sorted[0]}, 5th ${at(0.05)}, median ${at(0.5)}, 95th ${at(0.95)}, max ${sorted.at(-1)} (n=${sorted.length}; same ${same}, loose ${loose})`;
}

export async function evalFingerprint(): Promise<void> {
  const folders = ['groups', 'crowds', 'detection'];
  const files: string[] = [];
  for (const folder of folders) {
    for (const name of (await readdir(path.join(sharedFaces, folder))).sort()) if (/\.(jpe?g|png)$/iu.test(name)) files.push(`${folder}/${name}`);
  }
  // Portraits of one person: the most alike of different photos (a face filling the frame, plain background).
  const identities = (await readdir(path.join(sharedFaces, 'identities', 'celeb5'))).sort();
  for (const person of identities) {
    const photos = (await readdir(path.join(sharedFaces, 'identities', 'celeb5', person))).sort().slice(0, 6);
    for (const photo of photos) files.push(`identities/celeb5/${person}/${photo}`);
  }
  process.stdout.write(`Fingerprint distances (bits of 64) on ${files.length} photos of ../shared/faces; same photo up to ${SAME_PHOTO.sameBits}, loose up to ${SAME_PHOTO.looseBits}\n`);
  const prints = new Map<string, PhotoFingerprint>();
  const resaved = new Map<string, number[]>(Object.keys(RESAVES).map((k) => [k, []]));
  const edited = new Map<string, number[]>(Object.keys(EDITS).map((k) => [k, []]));
  const turnedCopies = new Map<string, number[]>([['rotated 90° by the user', []], ['mirrored', []]]);
  for (const file of files) {
    const bytes = await readFile(path.join(sharedFaces, file));
    const original = await fingerprintOf(bytes, file);
    prints.set(file, original);
    // The copies only for the multi-face photos: they are what the teacher corrects.
    if (file.startsWith('identities/')) continue;
    for (const [name, make] of Object.entries(RESAVES)) resaved.get(name)!.push(hashDistance(original, await fingerprintOf(await make(bytes), file)));
    for (const [name, make] of Object.entries(EDITS)) {
      const copy = await fingerprintOf(await make(bytes), file);
      edited.get(name)!.push(hashDistance(original, copy));
      if (name === 'rotated 90° by the user' || name === 'mirrored') turnedCopies.get(name)!.push(Math.min(...copy.turned.map((h) => bitsApart(h, original.phash))));
    }
  }
  process.stdout.write('re-saved copies of the same photo:\n');
  for (const [name, values] of resaved) process.stdout.write(`  ${name.padEnd(30)} ${summary(values)}\n`);
  process.stdout.write('edited copies (boxes no longer fit):\n');
  for (const [name, values] of edited) process.stdout.write(`  ${name.padEnd(30)} ${summary(values)}\n`);
  process.stdout.write('turned or mirrored copies, by their nearest turned hash (they go to review):\n');
  for (const [name, values] of turnedCopies) process.stdout.write(`  ${name.padEnd(30)} ${summary(values)}\n`);
  const keys = [...prints.keys()];
  const different: number[] = [];
  const differentTurned: number[] = [];
  const samePerson: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const d = hashDistance(prints.get(keys[i]!)!, prints.get(keys[j]!)!);
      const a = keys[i]!.split('/');
      const b = keys[j]!.split('/');
      if (a[0] === 'identities' && b[0] === 'identities' && a[2] === b[2]) samePerson.push(d);
      else {
        different.push(d);
        const x = prints.get(keys[i]!)!;
        const y = prints.get(keys[j]!)!;
        differentTurned.push(Math.min(...x.turned.map((h) => bitsApart(h, y.phash)), ...y.turned.map((h) => bitsApart(h, x.phash))));
      }
    }
  }
  process.stdout.write(`different photos:\n  ${'any two'.padEnd(30)} ${summary(different)}\n`);
  process.stdout.write(`  ${'any two, nearest turned hash'.padEnd(30)} ${summary(differentTurned)}\n`);
  process.stdout.write(`  ${'portraits of one person'.padEnd(30)} ${summary(samePerson)}\n`);
  for (const [a, b] of SAME_PEOPLE) {
    if (prints.has(a) && prints.has(b)) process.stdout.write(`  ${`${path.basename(a)} / ${path.basename(b)}`.padEnd(30)} ${hashDistance(prints.get(a)!, prints.get(b)!)}\n`);
  }
}
