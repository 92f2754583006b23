import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { toError } from '../errors.js';
import type { RgbImage } from '../geometry.js';
import { textOf } from '../i18n/compose.js';
import { msg } from '../i18n/messages.js';
import { verbatim, type Text } from '../i18n/text.js';

/** The formats a photo can come in; what the writer keeps (jpeg, png, webp) or turns into JPEG (the rest). */
export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'heic' | 'avif' | 'gif';

/** A photo decoded once, upright (EXIF orientation or HEIF rotation applied), alpha flattened on white. */
export interface LoadedPhoto {
  readonly rgb: RgbImage;
  readonly format: PhotoFormat;
  /**
   * The RGB ICC profile the pixels of `rgb` are in, to be embedded again on output; null = sRGB (untagged).
   * Pixels stay in the source's colour space so that a photo from an iPhone (Display P3) keeps its exact colours;
   * the face models see P3 values as if sRGB, a shift too small to matter for detection or recognition.
   */
  readonly icc: Buffer | null;
  /**
   * The chroma resolution to write it back with: the source's own 4:2:0 for such JPEGs (every phone's), 4:4:4 for
   * everything else. Re-encoding a 4:2:0 photo at 4:4:4 only adds size and time, as its colour detail is gone already.
   */
  readonly chroma: Chroma;
}

export type Chroma = '4:2:0' | '4:4:4';

/** A photo that cannot be read. The message is written for the teacher and goes into the report as it is. */
export class PhotoReadError extends Error {
  override readonly name = 'PhotoReadError';
  readonly file: string;
  /** The message in every language; `message` is its English. */
  readonly text: Text;

  /** `whole`: the message already worded (an error revived from a worker thread), instead of one made from `reason`. */
  constructor(file: string, reason: Text | string, options: { cause?: unknown; whole?: Text } = {}) {
    const why = typeof reason === 'string' ? verbatim(reason) : reason;
    const text = options.whole ?? textOf((lang, say) => say.images.cannotRead(path.basename(file), why[lang]));
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.text = text;
  }
}

/** File extensions (lower case, with dot) a folder walk treats as photos. */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.tif', '.tiff', '.heic', '.heif', '.hif', '.avif', '.gif',
]);

export const LOAD_DEFAULTS = Object.freeze({
  /** 100 MP: above any phone or consumer camera; a decoded 100 MP photo already takes 300 MB of memory. */
  maxPixels: 100_000_000,
});

/**
 * The photo's bytes, read once. With `expectedSha256`, only when they are still the bytes of that hash: what is
 * published must be exactly what was analysed, so a photo replaced or edited during a scan is refused.
 * @throws PhotoReadError when the file cannot be opened or its content differs from `expectedSha256`.
 */
export async function readPhotoBytes(file: string, expectedSha256?: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (caught) {
    throw new PhotoReadError(file, msg.images.cannotOpen(toError(caught).message), { cause: caught });
  }
  if (expectedSha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== expectedSha256) {
    throw new PhotoReadError(file, msg.images.changed);
  }
  return bytes;
}

/**
 * Decodes a photo once into upright 8-bit RGB: `bytes` when given (see readPhotoBytes), else the file as it is now.
 * @throws PhotoReadError for an empty, truncated, damaged, non-image or oversized file.
 */
export async function loadPhoto(file: string, given?: Buffer): Promise<LoadedPhoto> {
  const bytes = given ?? (await readPhotoBytes(file));
  if (bytes.length === 0) throw new PhotoReadError(file, msg.images.empty);

  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, sharpInput()).metadata();
  } catch (caught) {
    // libvips may not even parse some HEIC variants; libheif gets its own chance before we give up.
    if (!isHeifContainer(bytes)) throw explain(file, caught);
    return { rgb: await decodeHeic(file, bytes), format: 'heic', icc: null, chroma: '4:4:4' };
  }
  const format = photoFormat(meta);
  if (format === null) throw new PhotoReadError(file, msg.images.unsupported(String(meta.format)));
  checkSize(file, meta.width, meta.height);
  const icc = rgbProfile(meta);
  const chroma: Chroma = format === 'jpeg' && meta.chromaSubsampling === '4:2:0' ? '4:2:0' : '4:4:4';

  try {
    const rgb = await decodeWithSharp(bytes, icc !== null);
    return { rgb, format, icc, chroma };
  } catch (caught) {
    // sharp's prebuilt libvips has no HEVC decoder, so iPhone photos (HEIC) end up here.
    if (format !== 'heic' && !(format === 'avif' && isHeifDecodeFailure(caught))) throw explain(file, caught);
    const rgb = await decodeHeic(file, bytes);
    return { rgb, format, icc, chroma };
  }
}

function sharpInput(): sharp.SharpOptions {
  // 'truncated' rather than the default 'warning': a photo with a harmless libjpeg warning stays usable, and what is
  // published is exactly the pixels that were analysed, so a damaged-but-decodable photo cannot hide a face.
  return { failOn: 'truncated', limitInputPixels: LOAD_DEFAULTS.maxPixels };
}

async function decodeWithSharp(bytes: Buffer, keepProfile: boolean): Promise<RgbImage> {
  let pipeline = sharp(bytes, sharpInput()).rotate();
  // Without keepIccProfile sharp converts to sRGB; with it the pixels stay in the profile we re-embed on output.
  if (keepProfile) pipeline = pipeline.keepIccProfile();
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after decoding, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}

interface HeicDecoded {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
type HeicDecode = (input: { buffer: Uint8Array }) => Promise<HeicDecoded>;

let heicDecode: HeicDecode | undefined;

/** libheif (wasm) applies the HEIF rotation and mirror properties itself, so its pixels are upright already. */
async function decodeHeic(file: string, bytes: Buffer): Promise<RgbImage> {
  let decoded: HeicDecoded;
  try {
    heicDecode ??= createRequire(import.meta.url)('heic-decode') as HeicDecode;
    const decode = heicDecode;
    decoded = await withoutLibheifLog(() => decode({ buffer: bytes }));
  } catch (caught) {
    throw new PhotoReadError(file, msg.images.heic, { cause: caught });
  }
  const { width, height, data } = decoded;
  checkSize(file, width, height);
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0, o = 0; i < data.length; i += 4, o += 3) {
    const a = data[i + 3] ?? 255;
    // Flatten on white, as the sharp path does.
    rgb[o] = Math.round(((data[i] ?? 0) * a + 255 * (255 - a)) / 255);
    rgb[o + 1] = Math.round(((data[i + 1] ?? 0) * a + 255 * (255 - a)) / 255);
    rgb[o + 2] = Math.round(((data[i + 2] ?? 0) * a + 255 * (255 - a)) / 255);
  }
  return { data: rgb, width, height };
}

let muted = 0;
let originalLog: typeof console.log | undefined;

/**
 * libheif-js reports a failed decode with console.log, which would land in the middle of the CLI's results on stdout.
 * While a decode runs, only that one message is dropped; everything else still reaches the original console.log.
 */
async function withoutLibheifLog<T>(run: () => Promise<T>): Promise<T> {
  if (muted++ === 0) {
    const log = console.log;
    originalLog = log;
    console.log = (...args: unknown[]) => {
      if (args[0] !== 'Decoding image failed') log(...args);
    };
  }
  try {
    return await run();
  } finally {
    if (--muted === 0 && originalLog !== undefined) {
      console.log = originalLog;
      originalLog = undefined;
    }
  }
}

function photoFormat(meta: sharp.Metadata): PhotoFormat | null {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'tiff':
    case 'gif':
      return meta.format;
    case 'heif':
      return meta.compression === 'av1' ? 'avif' : 'heic';
    default:
      return null;
  }
}

function checkSize(file: string, width: number | undefined, height: number | undefined): void {
  if (width == null || height == null || width < 1 || height < 1) throw new PhotoReadError(file, msg.images.noSize);
  if (width * height > LOAD_DEFAULTS.maxPixels) {
    throw new PhotoReadError(file, msg.images.tooLarge(Math.round((width * height) / 1e6), LOAD_DEFAULTS.maxPixels / 1e6));
  }
}

/** An RGB source profile is kept as is; CMYK, grey and odd profiles are converted to sRGB on load instead. */
function rgbProfile(meta: sharp.Metadata): Buffer | null {
  const icc = meta.icc;
  if (icc == null || icc.length < 132) return null;
  if (meta.space !== 'srgb' && meta.space !== 'rgb') return null;
  // ICC header: data colour space at byte 16, 'acsp' signature at byte 36.
  if (icc.toString('latin1', 16, 20) !== 'RGB ' || icc.toString('latin1', 36, 40) !== 'acsp') return null;
  return Buffer.from(icc);
}

function isHeifContainer(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp';
}

function isHeifDecodeFailure(caught: unknown): boolean {
  return /heif/i.test(toError(caught).message);
}

/** Turns libvips' messages into a reason a teacher can act on. */
function explain(file: string, caught: unknown): PhotoReadError {
  const message = toError(caught).message;
  if (/pixel limit/i.test(message)) {
    return new PhotoReadError(file, msg.images.overLimit(LOAD_DEFAULTS.maxPixels / 1e6), { cause: caught });
  }
  if (/unsupported image format/i.test(message)) {
    return new PhotoReadError(file, msg.images.notAPhoto, { cause: caught });
  }
  return new PhotoReadError(file, msg.images.damaged, { cause: caught });
}
